// Internal to native/dsp: a sine oscillator for the tone and DTMF generators.
//
// What it does
//   Produces a sine at a given frequency and peak amplitude, one sample at a
//   time, with its phase carried across calls and across frequency changes
//   (so a generator that switches segments never clicks from a phase jump).
//
// How
//   Direct digital synthesis: a 32-bit phase accumulator advanced by
//   round(f * 2^32 / 8000) per sample (frequency error below 1 microhertz)
//   indexes a 1024-point sine table; linear interpolation between points
//   keeps spurs below -100 dB. No allocation: the table is a shared,
//   read-only function-local static.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace tl::dsp::detail {

struct SineTable {
  static constexpr int kBits = 10;
  float v[(1 << kBits) + 1];
  SineTable() {
    for (int i = 0; i <= (1 << kBits); ++i) {
      v[i] = static_cast<float>(std::sin(2 * std::numbers::pi * i / (1 << kBits)));
    }
  }
};

inline const SineTable& sineTable() {
  static const SineTable t;
  return t;
}

class Oscillator {
 public:
  void setFrequency(double hz) {
    const double inc = hz / 8000.0 * 4294967296.0;
    increment_ = static_cast<uint32_t>(static_cast<int64_t>(std::llround(inc)) & 0xFFFFFFFF);
  }
  void setAmplitude(float peak) { amplitude_ = peak; }
  void resetPhase() { phase_ = 0; }
  float amplitude() const { return amplitude_; }

  float next(const SineTable& t) {
    constexpr int kShift = 32 - SineTable::kBits;
    constexpr float kFrac = 1.0f / static_cast<float>(1u << kShift);
    const uint32_t p = phase_;
    phase_ += increment_;
    const uint32_t i = p >> kShift;
    const float f = static_cast<float>(p & ((1u << kShift) - 1)) * kFrac;
    return amplitude_ * (t.v[i] + f * (t.v[i + 1] - t.v[i]));
  }

 private:
  uint32_t phase_ = 0;
  uint32_t increment_ = 0;
  float amplitude_ = 0;
};

}  // namespace tl::dsp::detail
