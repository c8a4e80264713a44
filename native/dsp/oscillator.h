// Internal to native/dsp: sine oscillators for the tone and DTMF generators.
//
// What it does
//   Produces a sine at a given frequency and peak amplitude, a block at a
//   time, with its phase carried across calls and across frequency changes
//   (so a generator that switches segments never clicks from a phase jump).
//
// How
//   Direct digital synthesis: a 32-bit phase accumulator advanced by
//   round(f * 2^32 / 8000) per sample (frequency error below 1 microhertz,
//   phase exact forever). The sine of a phase is folded into [-pi/2, pi/2]
//   with integer operations and evaluated with its odd Taylor polynomial to
//   the 9th power (error below 4e-6, spurs under -100 dB): no tables, no
//   branches, and loops the compiler vectorises. Rounding to 16 bits
//   saturates. No allocation, no shared state.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tl::dsp::detail {

// sin(2 pi phase / 2^32).
inline float sineOfPhase(uint32_t phase) {
  // Quadrants 2 and 3 (bit 31 differs from bit 30) mirror onto 1 and 4.
  const bool fold = ((phase ^ (phase << 1)) & 0x80000000u) != 0;
  const uint32_t t = fold ? 0x80000000u - phase : phase;
  const float x = static_cast<float>(static_cast<int32_t>(t)) * (1.0f / 2147483648.0f);  // [-0.5, 0.5]
  const float x2 = x * x;
  // sin(pi x) = pi x - (pi x)^3/3! + (pi x)^5/5! - (pi x)^7/7! + (pi x)^9/9!
  constexpr float c1 = 3.14159265358979f;
  constexpr float c3 = -5.16771278004997f;
  constexpr float c5 = 2.55016403987734f;
  constexpr float c7 = -0.599264529320792f;
  constexpr float c9 = 0.0821458866111282f;
  return x * (c1 + x2 * (c3 + x2 * (c5 + x2 * (c7 + x2 * c9))));
}

// Rounds (to nearest, ties to even) and saturates float samples to 16 bits.
inline void toSamples(const float* in, int16_t* out, size_t n) {
  size_t i = 0;
#if defined(__SSE2__)
  for (; i + 8 <= n; i += 8) {
    const __m128i lo = _mm_cvtps_epi32(_mm_loadu_ps(in + i));
    const __m128i hi = _mm_cvtps_epi32(_mm_loadu_ps(in + i + 4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_packs_epi32(lo, hi));
  }
#endif
  for (; i < n; ++i) {
    const float v = in[i] > 32767.0f ? 32767.0f : in[i] < -32768.0f ? -32768.0f : in[i];
    out[i] = static_cast<int16_t>(std::nearbyint(v));
  }
}

class Oscillator {
 public:
  static constexpr size_t kMaxBlock = 160;  // render() works in slices of this

  void setFrequency(double hz) {
    const double inc = hz / 8000.0 * 4294967296.0;
    increment_ = static_cast<uint32_t>(static_cast<int64_t>(std::llround(inc)) & 0xFFFFFFFF);
  }
  void setAmplitude(float peak) { amplitude_ = peak; }
  void resetPhase() { phase_ = 0; }

  // out[i] = amplitude * sin(...) (or += when add), n <= kMaxBlock.
  void render(float* out, size_t n, bool add) {
    uint32_t phases[kMaxBlock];
    uint32_t p = phase_;
    for (size_t i = 0; i < n; ++i) {
      phases[i] = p;
      p += increment_;
    }
    phase_ = p;
    const float a = amplitude_;
    if (add) {
      for (size_t i = 0; i < n; ++i) out[i] += a * sineOfPhase(phases[i]);
    } else {
      for (size_t i = 0; i < n; ++i) out[i] = a * sineOfPhase(phases[i]);
    }
  }

 private:
  uint32_t phase_ = 0;
  uint32_t increment_ = 0;
  float amplitude_ = 0;
};

}  // namespace tl::dsp::detail
