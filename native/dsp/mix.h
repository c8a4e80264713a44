// Saturating arithmetic for mixing 16-bit audio.
//
// What it does
//   Adds audio streams (conference bridges, a prompt over a tone, whisper)
//   without the wrap-around that plain 16-bit addition gives on overflow.
//
// How
//   Either sum any number of inputs into a 32-bit accumulator and saturate
//   once at the end (accumulate + saturateInto: exact, order-independent),
//   or mix one stream into another with saturation at each step (mixInto:
//   two streams). Header-only and inline: these loops are what the compiler
//   vectorises best where they are used; no allocation, no state.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tl::dsp {

inline int16_t saturate(int32_t v) {
  if (v > 32767) return 32767;
  if (v < -32768) return -32768;
  return static_cast<int16_t>(v);
}

// acc[i] += in[i] (32-bit accumulator, no clipping yet).
inline void accumulate(int32_t* acc, const int16_t* in, size_t n) {
  for (size_t i = 0; i < n; ++i) acc[i] += in[i];
}

// out[i] = saturate(acc[i]).
inline void saturateInto(const int32_t* acc, int16_t* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = saturate(acc[i]);
}

// out[i] = saturate(out[i] + in[i]).
inline void mixInto(int16_t* out, const int16_t* in, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = saturate(int32_t{out[i]} + in[i]);
}

}  // namespace tl::dsp
