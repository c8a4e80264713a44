// Saturating arithmetic for mixing 16-bit audio.
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
