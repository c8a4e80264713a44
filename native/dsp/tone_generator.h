// Plays one ToneSpec with exact cadence, sample-accurate, phase-continuous.
//
// What it does
//   start() takes a tone (tone_zone.h), generate() writes it block by block:
//   each segment lasts exactly durationMs * 8 samples wherever the block
//   boundaries fall; silence segments write zeros; the cadence repeats as
//   tone_zone.h describes ('!' segments once, then the rest in a loop).
//   A tone made only of '!' segments stops by itself after them, as does one
//   that ends in a continuous silence ("...,0"); one that ends in a
//   continuous tone ("450") holds it until stop().
//
// How
//   Each frequency is a DDS oscillator (oscillator.h) at spec.levelDbm0
//   (level.h) per component: "f1+f2" sums two, "f1*f2" multiplies f1 by
//   (1 + 0.9 sin(2 pi f2 t)), i.e. the carrier at the set level and two
//   sidebands 6.9 dB below it. Oscillator phases carry over from segment to
//   segment and from block to block (they pause during silence), so a
//   cadence never clicks from a phase jump. The spec is copied into fixed
//   storage at start(): generate() never allocates or locks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "oscillator.h"
#include "tone_zone.h"

namespace tl::dsp {

class ToneGenerator {
 public:
  ToneGenerator();

  // Starts (or replaces) the tone. The spec is copied into fixed storage;
  // specs with more than kMaxSegments segments are refused (returns false).
  bool start(const ToneSpec& spec) { return start(spec, spec.levelDbm0); }
  // The same at another level (dBm0 per component), without copying the spec.
  bool start(const ToneSpec& spec, double levelDbm0);
  void stop();
  bool active() const;

  // Writes n samples; silence when inactive. Non-repeating tones (all
  // segments '!' or a final continuous segment) stop by themselves.
  void generate(int16_t* out, size_t n);

  static constexpr size_t kMaxSegments = 16;

 private:
  struct Segment {
    uint16_t freq1;
    uint16_t freq2;
    bool modulated;
    uint32_t samples;  // 0 = continuous
  };
  void setupSegment();

  Segment segments_[kMaxSegments];
  size_t count_ = 0;
  size_t loopStart_ = 0;  // first segment without '!'; count_ if none
  size_t index_ = 0;      // segment playing
  uint32_t elapsed_ = 0;  // samples played of it
  bool active_ = false;
  float peak_ = 0;
  detail::Oscillator osc1_;
  detail::Oscillator osc2_;
};

}  // namespace tl::dsp
