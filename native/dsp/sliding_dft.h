// Internal to native/dsp: a bank of Hann-windowed DFT bins over half-
// overlapping windows, shared by the DTMF receiver, the progress detector and
// the tone follower.
//
// What it does
//   For NB chosen frequencies it computes, every H = L/2 samples, the complex
//   DFT value of the last L samples under a Hann window, plus the windowed
//   energy of those samples. The detectors build their decisions on these:
//     - tone power:      |X|^2 * bank.powerScale  (= A^2/2 for A cos(w n) on the bin)
//     - mean power:      energy * bank.energyScale (the same unit)
//     - frequency error: X_k conj(X_{k-1}) e^{-j w0 H} (bank.phaseAdvance) is a
//       phasor whose angle is 2 pi (f - f_bin) H / 8000: the true frequency
//       to a fraction of a hertz without more bins, unambiguous while
//       |f - f_bin| < 8000 / L.
//
// How
//   Samples are gathered into half-blocks of H. Each half-block is the
//   second half of the window in progress and the first half of the next
//   one, so it is multiplied against two sets of window-times-basis
//   coefficients, w[m] cos(w0 m) and -w[m] sin(w0 m), for all NB bins at
//   once. The coefficients are 16-bit integers scaled so that no 32-bit sum
//   over a half-block can overflow, and the products are summed in 32-bit
//   integers two samples at a time (SSE2 pmaddwd; AVX2 when the CPU has it;
//   plain C++ elsewhere), so every path gives bit-identical results and the
//   cost is about 2 NB multiply-adds per sample, with no recursion (unlike
//   Goertzel) and so no dependency chain between samples. The window
//   w[m] = 0.5 - 0.5 cos(2 pi (m + 0.5) / L) keeps leakage from the other
//   tone of a pair and from speech low (sidelobes -31 dB and falling).
//   Half-blocks whose mean power is below the bank's skip level count as
//   zeros and cost almost nothing: idle channels are cheap.
//   No allocation and no locks: the bank is shared and read-only, the state
//   is a few dozen numbers.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numbers>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TL_DSP_X86 1
#endif

namespace tl::dsp::detail {

// True once per process if the CPU runs AVX2 (checked once, then cached).
inline bool cpuHasAvx2() {
#if defined(TL_DSP_X86) && defined(__GNUC__)
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
#else
  return false;
#endif
}

template <size_t NB, size_t L>
struct DftBank {
  static_assert(L % 4 == 0, "half-blocks must hold whole sample pairs");
  static constexpr size_t kBins = NB;
  static constexpr size_t kLength = L;
  static constexpr size_t kHop = L / 2;
  static constexpr size_t kLanes = 2 * NB;                  // re[0..NB), im[0..NB)
  static constexpr size_t kPadded = (kLanes + 7) / 8 * 8;   // whole AVX2 registers
  static constexpr size_t kPairs = kHop / 2;

  // coef[p][role][lane][s]: sample 2p+s of a half-block, lane of the window
  // that half-block ends (role 0, window positions H..L-1) or starts (role 1,
  // positions 0..H-1). Interleaved by sample pair for pmaddwd.
  alignas(32) int16_t coef[kPairs][2][kPadded][2];
  alignas(16) float w2end[kHop];    // w^2 at positions H..L-1
  alignas(16) float w2start[kHop];  // w^2 at positions 0..H-1
  float rotRe[NB];  // e^{-j w0 H}: the nominal phase advance between windows
  float rotIm[NB];
  double freq[NB];
  float coefUnscale = 0;  // 1 / (integer coefficient scale)
  float powerScale = 0;   // |X|^2 -> power of a sine on the bin
  float energyScale = 0;  // windowed energy -> mean power
  float skipEnergy = 0;   // raw half-block energy below which it counts as zeros

  // freqs in Hz (8 kHz sampling); skipPowerLinear in squared sample units.
  void build(const double* freqs, double skipPowerLinear) {
    std::memset(coef, 0, sizeof coef);
    double w[L];
    double sumW = 0;
    double sumW2 = 0;
    for (size_t m = 0; m < L; ++m) {
      w[m] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (static_cast<double>(m) + 0.5) / L);
      sumW += w[m];
      sumW2 += w[m] * w[m];
    }
    // |sum over a half-block of x * coef| <= 32768 * scale * sum(w over the
    // half) must stay below 2^31; the largest half-sum of w is sumW / 2.
    double scale = 1;
    while (32768.0 * (scale * 2) * (sumW / 2 + 1) < 2147483647.0 && scale < 16384) scale *= 2;
    coefUnscale = static_cast<float>(1.0 / scale);
    for (size_t m = 0; m < L; ++m) {
      const size_t role = m < kHop ? 1 : 0;
      const size_t k = m % kHop;
      for (size_t b = 0; b < NB; ++b) {
        const double phase = 2 * std::numbers::pi * freqs[b] / 8000.0 * static_cast<double>(m);
        coef[k / 2][role][b][k % 2] = static_cast<int16_t>(std::lround(scale * w[m] * std::cos(phase)));
        coef[k / 2][role][NB + b][k % 2] = static_cast<int16_t>(std::lround(-scale * w[m] * std::sin(phase)));
      }
      (role == 1 ? w2start : w2end)[k] = static_cast<float>(w[m] * w[m]);
    }
    for (size_t b = 0; b < NB; ++b) {
      freq[b] = freqs[b];
      const double adv = 2 * std::numbers::pi * freqs[b] / 8000.0 * kHop;
      rotRe[b] = static_cast<float>(std::cos(adv));
      rotIm[b] = static_cast<float>(-std::sin(adv));
    }
    // A cos(w0 n): |X| = A/2 * sum(w), so A^2/2 = 2 |X|^2 / sum(w)^2.
    powerScale = static_cast<float>(2.0 / (sumW * sumW));
    energyScale = static_cast<float>(1.0 / sumW2);
    skipEnergy = static_cast<float>(skipPowerLinear * kHop);
  }

  // The phasor whose angle is bin b's frequency error in radians per hop,
  // from two successive window values (cur, prev).
  void phaseAdvance(size_t b, float curRe, float curIm, float prevRe, float prevIm, float* re,
                    float* im) const {
    const float zr = curRe * prevRe + curIm * prevIm;  // cur * conj(prev)
    const float zi = curIm * prevRe - curRe * prevIm;
    *re = zr * rotRe[b] - zi * rotIm[b];
    *im = zr * rotIm[b] + zi * rotRe[b];
  }
};

template <size_t NB>
struct DftWindow {
  float re[NB];
  float im[NB];
  float energy;  // sum of (w[m] x[m])^2
};

// acc[role * kPadded + lane] = sum over the half-block of x * coef.
template <size_t kPadded, size_t kPairs>
inline void multiplyAccumulatePortable(const int16_t* x, const int16_t (*coef)[2][kPadded][2], int32_t* acc) {
  for (size_t l = 0; l < 2 * kPadded; ++l) acc[l] = 0;
  for (size_t p = 0; p < kPairs; ++p) {
    const int32_t x0 = x[2 * p];
    const int32_t x1 = x[2 * p + 1];
    for (size_t r = 0; r < 2; ++r) {
      for (size_t l = 0; l < kPadded; ++l) {
        acc[r * kPadded + l] += x0 * coef[p][r][l][0] + x1 * coef[p][r][l][1];
      }
    }
  }
}

#ifdef TL_DSP_X86
template <size_t kPadded, size_t kPairs>
inline void multiplyAccumulateSse2(const int16_t* x, const int16_t (*coef)[2][kPadded][2], int32_t* acc) {
  constexpr size_t kRegs = 2 * kPadded / 4;
  __m128i a[kRegs];
  for (size_t v = 0; v < kRegs; ++v) a[v] = _mm_setzero_si128();
  for (size_t p = 0; p < kPairs; ++p) {
    int32_t pair;
    std::memcpy(&pair, x + 2 * p, 4);
    const __m128i xx = _mm_set1_epi32(pair);
    const auto* c = reinterpret_cast<const __m128i*>(coef[p]);
    for (size_t v = 0; v < kRegs; ++v) a[v] = _mm_add_epi32(a[v], _mm_madd_epi16(xx, _mm_load_si128(c + v)));
  }
  for (size_t v = 0; v < kRegs; ++v) _mm_store_si128(reinterpret_cast<__m128i*>(acc + 4 * v), a[v]);
}

// Accumulators are named locals, four (or two) at a time: GCC keeps an array
// of __m256i on the stack here, which costs more than the arithmetic.
template <size_t kPadded, size_t kPairs>
__attribute__((target("avx2"))) inline void multiplyAccumulateAvx2(const int16_t* x,
                                                                   const int16_t (*coef)[2][kPadded][2],
                                                                   int32_t* acc) {
  constexpr size_t kRegs = 2 * kPadded / 8;
  constexpr size_t kGroup = kRegs % 4 == 0 ? 4 : 2;
  static_assert(kRegs % kGroup == 0);
  for (size_t g = 0; g < kRegs; g += kGroup) {
    __m256i a0 = _mm256_setzero_si256();
    __m256i a1 = _mm256_setzero_si256();
    __m256i a2 = _mm256_setzero_si256();
    __m256i a3 = _mm256_setzero_si256();
    for (size_t p = 0; p < kPairs; ++p) {
      int32_t pair;
      std::memcpy(&pair, x + 2 * p, 4);
      const __m256i xx = _mm256_set1_epi32(pair);
      const auto* c = reinterpret_cast<const __m256i*>(coef[p]) + g;
      a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(xx, _mm256_load_si256(c)));
      a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(xx, _mm256_load_si256(c + 1)));
      if constexpr (kGroup == 4) {
        a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(xx, _mm256_load_si256(c + 2)));
        a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(xx, _mm256_load_si256(c + 3)));
      }
    }
    auto* out = reinterpret_cast<__m256i*>(acc) + g;
    _mm256_store_si256(out, a0);
    _mm256_store_si256(out + 1, a1);
    if constexpr (kGroup == 4) {
      _mm256_store_si256(out + 2, a2);
      _mm256_store_si256(out + 3, a3);
    }
  }
}
#endif

// Raw, end-weighted and start-weighted energy of a half-block, summed in
// four interleaved partial sums (the same order, so the same result, on
// every path).
template <size_t kHop>
inline void halfBlockEnergy(const int16_t* x, const float* w2end, const float* w2start, float* raw,
                            float* end, float* start) {
  static_assert(kHop % 8 == 0);
#ifdef TL_DSP_X86
  __m128 r = _mm_setzero_ps();
  __m128 e = _mm_setzero_ps();
  __m128 s = _mm_setzero_ps();
  for (size_t j = 0; j < kHop; j += 8) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + j));
    const __m128 lo = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpacklo_epi16(v, v), 16));
    const __m128 hi = _mm_cvtepi32_ps(_mm_srai_epi32(_mm_unpackhi_epi16(v, v), 16));
    const __m128 lo2 = _mm_mul_ps(lo, lo);
    const __m128 hi2 = _mm_mul_ps(hi, hi);
    r = _mm_add_ps(r, lo2);
    e = _mm_add_ps(e, _mm_mul_ps(lo2, _mm_load_ps(w2end + j)));
    s = _mm_add_ps(s, _mm_mul_ps(lo2, _mm_load_ps(w2start + j)));
    r = _mm_add_ps(r, hi2);
    e = _mm_add_ps(e, _mm_mul_ps(hi2, _mm_load_ps(w2end + j + 4)));
    s = _mm_add_ps(s, _mm_mul_ps(hi2, _mm_load_ps(w2start + j + 4)));
  }
  alignas(16) float rr[4];
  alignas(16) float ee[4];
  alignas(16) float ss[4];
  _mm_store_ps(rr, r);
  _mm_store_ps(ee, e);
  _mm_store_ps(ss, s);
#else
  float rr[4] = {0, 0, 0, 0};
  float ee[4] = {0, 0, 0, 0};
  float ss[4] = {0, 0, 0, 0};
  for (size_t j = 0; j < kHop; j += 4) {
    for (size_t k = 0; k < 4; ++k) {
      const float v = static_cast<float>(x[j + k]);
      const float v2 = v * v;
      rr[k] += v2;
      ee[k] += v2 * w2end[j + k];
      ss[k] += v2 * w2start[j + k];
    }
  }
#endif
  *raw = (rr[0] + rr[1]) + (rr[2] + rr[3]);
  *end = (ee[0] + ee[1]) + (ee[2] + ee[3]);
  *start = (ss[0] + ss[1]) + (ss[2] + ss[3]);
}

template <size_t NB, size_t L>
class SlidingDft {
 public:
  using Bank = DftBank<NB, L>;
  static constexpr size_t kHop = Bank::kHop;
  static constexpr size_t kLanes = Bank::kLanes;
  static constexpr size_t kPadded = Bank::kPadded;

  // Holds no pointer to its bank (so detectors that own both stay copyable):
  // pass the same bank to every process() call.
  SlidingDft() : avx2_(cpuHasAvx2()) { reset(); }

  void reset() {
    std::memset(prevBuf_, 0, sizeof prevBuf_);
    std::memset(startHalf_, 0, sizeof startHalf_);
    startEnergy_ = 0;
    fill_ = 0;
  }

  // The samples of the window just completed (valid inside onWindow): its
  // first and second halves, kHop samples each. For detectors that look
  // further at a promising window.
  const int16_t* windowFirstHalf() const { return prevBuf_; }
  const int16_t* windowSecondHalf() const { return buf_; }

  // Feeds n samples; calls onWindow(const DftWindow<NB>&, size_t consumed)
  // for every window completed, where consumed counts the samples of this
  // call up to the window's end.
  template <class OnWindow>
  void process(const Bank& bank, const int16_t* x, size_t n, OnWindow&& onWindow) {
    size_t i = 0;
    while (i < n) {
      const size_t run = n - i < kHop - fill_ ? n - i : kHop - fill_;
      std::memcpy(buf_ + fill_, x + i, run * sizeof(int16_t));
      fill_ += run;
      i += run;
      if (fill_ == kHop) {
        fill_ = 0;
        DftWindow<NB> w;
        halfBlock(bank, &w);
        onWindow(w, i);
        std::memcpy(prevBuf_, buf_, sizeof buf_);
      }
    }
  }

 private:
  // Completes the window in progress with buf_ and starts the next one.
  void halfBlock(const Bank& bank, DftWindow<NB>* w) {
    float raw;
    float endEnergy;
    float startEnergy;
    halfBlockEnergy<kHop>(buf_, bank.w2end, bank.w2start, &raw, &endEnergy, &startEnergy);
    alignas(32) int32_t acc[2 * kPadded];
    if (raw >= bank.skipEnergy) {
#ifdef TL_DSP_X86
      if (avx2_) {
        multiplyAccumulateAvx2<kPadded, Bank::kPairs>(buf_, bank.coef, acc);
      } else {
        multiplyAccumulateSse2<kPadded, Bank::kPairs>(buf_, bank.coef, acc);
      }
#else
      multiplyAccumulatePortable<kPadded, Bank::kPairs>(buf_, bank.coef, acc);
#endif
    } else {
      std::memset(acc, 0, sizeof acc);
      endEnergy = startEnergy = 0;
    }
    const float u = bank.coefUnscale;
    for (size_t l = 0; l < NB; ++l) {
      w->re[l] = startHalf_[l] + static_cast<float>(acc[l]) * u;
      w->im[l] = startHalf_[NB + l] + static_cast<float>(acc[NB + l]) * u;
    }
    w->energy = startEnergy_ + endEnergy;
    for (size_t l = 0; l < kLanes; ++l) startHalf_[l] = static_cast<float>(acc[kPadded + l]) * u;
    startEnergy_ = startEnergy;
  }

  bool avx2_;
  alignas(16) int16_t buf_[kHop];
  alignas(16) int16_t prevBuf_[kHop];  // the half-block before buf_
  size_t fill_;
  float startHalf_[kLanes];  // the window in progress, from its first half
  float startEnergy_;
};

}  // namespace tl::dsp::detail
