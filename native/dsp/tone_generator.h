// Plays one ToneSpec with exact cadence, sample-accurate, phase-continuous.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tone_zone.h"

namespace tl::dsp {

class ToneGenerator {
 public:
  ToneGenerator();

  // Starts (or replaces) the tone. The spec is copied into fixed storage;
  // specs with more than kMaxSegments segments are refused (returns false).
  bool start(const ToneSpec& spec);
  void stop();
  bool active() const;

  // Writes n samples; silence when inactive. Non-repeating tones (all
  // segments '!' or a final continuous segment) stop by themselves.
  void generate(int16_t* out, size_t n);

  static constexpr size_t kMaxSegments = 16;

 private:
  // Implementer's choice (no allocation in generate()).
};

}  // namespace tl::dsp
