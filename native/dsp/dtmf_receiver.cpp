// DTMF receivers: our own ("tellerline") and spandsp's dtmf_rx ("spandsp").
// The design and the numbers behind each threshold are in dtmf_receiver.h.
#include "dsp/dtmf_receiver.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

#include "dsp/level.h"
#include "dsp/sliding_dft.h"

// spandsp.h expects libtiff's types to be declared first.
#include <tiffio.h>
#include <spandsp.h>

namespace tl::dsp {
namespace {

// ---------------------------------------------------------------------------
// "tellerline": Hann-windowed DFT on the 8 frequencies, 10 ms windows every
// 5 ms, with the frequency of each tone measured from the phase advance
// between windows.

constexpr size_t kWindow = 80;             // 10 ms
constexpr size_t kHop = kWindow / 2;       // 5 ms
using Bank = detail::DftBank<8, kWindow>;
using Dft = detail::SlidingDft<8, kWindow>;

constexpr double kFreqs[8] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
constexpr char kDigits[4][4] = {
    {'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}};

// Acceptance thresholds (see dtmf_receiver.h for the reasoning).
constexpr double kMinToneDbm0 = -40.0;  // each tone; Q.24 needs -25, so -33 for the weaker at -8 twist
constexpr double kMaxReverseTwistDb = 5.0;  // high above low: accept +4, margin 1 dB
constexpr double kMaxNormalTwistDb = 9.0;   // high below low: accept -8, margin 1 dB
constexpr double kMinPairFraction = 0.82;   // of the window's power in the two tones
constexpr double kSkipDbm0 = -60.0;         // quieter runs are not analysed
// Frequency tolerance: halfway between Q.24's accept (1.5% + 2 Hz) and
// reject (3.5%) limits.
inline double toleranceHz(double f) { return 0.025 * f + 1.0; }

// Talk-off guard against music, applied when a digit is about to start (see
// dtmf_receiver.h): a note's harmonics, or two notes an octave apart, can
// pass every test above.
//  - Harmonic ratios: the pair lies outside Q.24's accept band (by more than
//    the measurement's error) and near a ratio of two low harmonics (2:1,
//    3:2, 4:3, 5:3: fundamentals of 200 Hz and up), near enough to take in
//    two players an octave apart, a little out of tune with each other.
//    Inside the accept band nothing changes.
constexpr double kHarmonicRatios[4] = {2.0, 1.5, 4.0 / 3.0, 5.0 / 3.0};
constexpr double kRatioToleranceHz = 16.0;  // |fc - ratio * fr|
constexpr double kAcceptMarginHz = 2.0;     // beyond the accept band: "outside"
//  - A harmonic series: power where a note's next harmonics would fall
//    (twice the column frequency, the sum of the two, three times the row
//    frequency), summed over the run's confirmed windows, reaching this level
//    against the weaker tone's. Skipped while the pair's peaks could reach
//    A-law's limit (32256): clipping makes products near those frequencies.
//    White noise at Q.24's 18 dB SNR puts about -29 dB in such a bin.
constexpr double kMinHarmonicDb = -22.0;
constexpr double kMaxUnclippedPeak = 30000.0;
inline double acceptHz(double f) { return 0.015 * f + 2.0; }
// Scale of the harmonic bins' integer coefficients: |x| * scale summed over a
// window (sum of the Hann window: 40) stays below 2^31.
constexpr double kHarmonicScale = 1024.0;

// Sum of x[i] * c[i] over n samples (a multiple of 8), in 32-bit integers.
inline int32_t dotInt16(const int16_t* x, const int16_t* c, size_t n) {
#ifdef TL_DSP_X86
  __m128i acc = _mm_setzero_si128();
  for (size_t i = 0; i < n; i += 8) {
    const __m128i xv = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i));
    const __m128i cv = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c + i));
    acc = _mm_add_epi32(acc, _mm_madd_epi16(xv, cv));
  }
  alignas(16) int32_t lanes[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), acc);
  return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
#else
  int32_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += int32_t{x[i]} * c[i];
  return sum;
#endif
}

constexpr int kHitsToStart = 4;   // consecutive confirmed windows to declare a digit
constexpr int kMissesToEnd = 6;   // consecutive windows without it to end one
// Duration of a digit from its windows: first to last window carrying it,
// less the parts of the edge windows a marginal tone need not fill.
constexpr int kDurationTrim = 24;

struct TellerlineTables {
  Bank bank;
  float minTonePower;
  float minTotalPower;
  float maxReverseTwist;  // Pc / Pr
  float minTwist;         // Pc / Pr
  float tanTolerance[8];  // tan of the tolerated phase advance per hop (< pi/2: 1.31 rad at most)
  // Hann-windowed basis over a whole window at the frequencies where a note's
  // harmonics would show: [c] twice column c, [4 + 4 r + c] row r plus
  // column c, [20 + r] three times row r.
  // 16-bit integers at kHarmonicScale, for 32-bit multiply-adds.
  int16_t harmonicCos[24][kWindow];
  int16_t harmonicSin[24][kWindow];
  float minHarmonic;  // relative to the weaker tone's power
  float acceptMax[8];  // Q.24's accept band plus the margin, in Hz from nominal
};

TellerlineTables buildTellerlineTables() {
  TellerlineTables t{};
  const double skipRms = dbm0ToRms(kSkipDbm0);
  t.bank.build(kFreqs, skipRms * skipRms);
  const double toneRms = dbm0ToRms(kMinToneDbm0);
  t.minTonePower = static_cast<float>(toneRms * toneRms);
  t.minTotalPower = 2 * t.minTonePower;
  t.maxReverseTwist = static_cast<float>(std::pow(10.0, kMaxReverseTwistDb / 10));
  t.minTwist = static_cast<float>(std::pow(10.0, -kMaxNormalTwistDb / 10));
  for (size_t b = 0; b < 8; ++b) {
    const double theta = 2 * std::numbers::pi * toleranceHz(kFreqs[b]) * kHop / 8000.0;
    t.tanTolerance[b] = static_cast<float>(std::tan(theta));
  }
  for (size_t h = 0; h < 24; ++h) {
    const double hz = h < 4    ? 2 * kFreqs[4 + h]
                      : h < 20 ? kFreqs[(h - 4) / 4] + kFreqs[4 + (h - 4) % 4]
                               : 3 * kFreqs[h - 20];
    for (size_t m = 0; m < kWindow; ++m) {
      const double w = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * (static_cast<double>(m) + 0.5) / kWindow);
      const double phase = 2 * std::numbers::pi * hz / 8000.0 * static_cast<double>(m);
      t.harmonicCos[h][m] = static_cast<int16_t>(std::lround(kHarmonicScale * w * std::cos(phase)));
      t.harmonicSin[h][m] = static_cast<int16_t>(std::lround(kHarmonicScale * w * std::sin(phase)));
    }
  }
  t.minHarmonic = static_cast<float>(std::pow(10.0, kMinHarmonicDb / 10));
  for (size_t b = 0; b < 8; ++b) t.acceptMax[b] = static_cast<float>(acceptHz(kFreqs[b]) + kAcceptMarginHz);
  return t;
}

const TellerlineTables& tellerlineTables() {
  static const TellerlineTables t = buildTellerlineTables();
  return t;
}

class TellerlineDtmfReceiver final : public DtmfReceiver {
 public:
  TellerlineDtmfReceiver() : tables_(tellerlineTables()) { reset(); }

  size_t process(const int16_t* samples, size_t n, DtmfHit* hits, size_t maxHits) override {
    hits_ = hits;
    maxHits_ = maxHits;
    count_ = 0;
    dft_.process(tables_.bank, samples, n, [this](const detail::DftWindow<8>& w, size_t consumed) {
      onWindow(w, consumed);
    });
    return count_;
  }

  void reset() override {
    dft_.reset();
    std::memset(prevRe_, 0, sizeof prevRe_);
    std::memset(prevIm_, 0, sizeof prevIm_);
    prevCandidate_ = 0;
    window_ = 0;
    runDigit_ = 0;
    runHits_ = 0;
    runHarmonic_[0] = runHarmonic_[1] = runHarmonic_[2] = 0;
    runWeakerTone_ = 0;
    runClipped_ = false;
    runFirstWindow_ = 0;
    digit_ = 0;
    misses_ = 0;
    digitFirstWindow_ = 0;
    digitLastWindow_ = 0;
  }

 private:
  // The window's digit from level, twist and purity alone (0: none).
  char candidate(const detail::DftWindow<8>& w, size_t* row, size_t* col) const {
    const float total = w.energy * tables_.bank.energyScale;
    if (total < tables_.minTotalPower) return 0;
    float mag[8];
    for (size_t b = 0; b < 8; ++b) mag[b] = w.re[b] * w.re[b] + w.im[b] * w.im[b];
    size_t r = 0;
    size_t c = 4;
    for (size_t b = 1; b < 4; ++b) {
      if (mag[b] > mag[r]) r = b;
      if (mag[b + 4] > mag[c]) c = b + 4;
    }
    const float pr = mag[r] * tables_.bank.powerScale;
    const float pc = mag[c] * tables_.bank.powerScale;
    if (pr < tables_.minTonePower || pc < tables_.minTonePower) return 0;
    if (pc > pr * tables_.maxReverseTwist || pc < pr * tables_.minTwist) return 0;
    if (pr + pc < static_cast<float>(kMinPairFraction) * total) return 0;
    *row = r;
    *col = c;
    return kDigits[r][c - 4];
  }

  // True if bin b's tone is within tolerance of its nominal frequency,
  // judged from its phase advance since the previous window.
  bool onFrequency(size_t b, const detail::DftWindow<8>& w) const {
    float zr;
    float zi;
    tables_.bank.phaseAdvance(b, w.re[b], w.im[b], prevRe_[b], prevIm_[b], &zr, &zi);
    return zr > 0 && std::fabs(zi) <= zr * tables_.tanTolerance[b];
  }

  // Bin b's frequency in hertz, from its phase advance since the previous window.
  float measuredHz(size_t b, const detail::DftWindow<8>& w) const {
    float zr;
    float zi;
    tables_.bank.phaseAdvance(b, w.re[b], w.im[b], prevRe_[b], prevIm_[b], &zr, &zi);
    constexpr float kHzPerRadian = 8000.0F / (2 * std::numbers::pi_v<float> * kHop);
    return static_cast<float>(kFreqs[b]) + std::atan2(zi, zr) * kHzPerRadian;
  }

  // Power at harmonic frequency h (see TellerlineTables) over the window just completed.
  float harmonicPower(size_t h) const {
    const int16_t* first = dft_.windowFirstHalf();
    const int16_t* second = dft_.windowSecondHalf();
    const int32_t re = dotInt16(first, tables_.harmonicCos[h], kHop) + dotInt16(second, tables_.harmonicCos[h] + kHop, kHop);
    const int32_t im = dotInt16(first, tables_.harmonicSin[h], kHop) + dotInt16(second, tables_.harmonicSin[h] + kHop, kHop);
    const auto fr = static_cast<float>(re);
    const auto fi = static_cast<float>(im);
    constexpr auto kUnscale = static_cast<float>(1.0 / (kHarmonicScale * kHarmonicScale));
    return (fr * fr + fi * fi) * kUnscale * tables_.bank.powerScale;
  }

  // The talk-off guard: true if the pair in bins r and c of this window is a
  // musical note's harmonics rather than two keypad tones.
  bool soundsLikeMusic(const detail::DftWindow<8>& w, size_t r, size_t c) const {
    const float fr = measuredHz(r, w);
    const float fc = measuredHz(c, w);
    const bool outsideAccept = std::fabs(fr - static_cast<float>(kFreqs[r])) > tables_.acceptMax[r] ||
                               std::fabs(fc - static_cast<float>(kFreqs[c])) > tables_.acceptMax[c];
    if (outsideAccept) {
      for (double ratio : kHarmonicRatios) {
        if (std::fabs(fc - static_cast<float>(ratio) * fr) < static_cast<float>(kRatioToleranceHz)) return true;
      }
    }
    const float floor = runWeakerTone_ * tables_.minHarmonic;
    return !runClipped_ && (runHarmonic_[0] >= floor || runHarmonic_[1] >= floor || runHarmonic_[2] >= floor);
  }

  // Sums, over the confirmed windows of a run that may start a digit, the
  // power where a note's harmonics would fall and the weaker tone's power:
  // averaged over several windows, noise in those bins is far steadier
  // than in one.
  void accumulateHarmonics(const detail::DftWindow<8>& w, size_t r, size_t c, bool firstOfRun) {
    if (firstOfRun) {
      runHarmonic_[0] = runHarmonic_[1] = runHarmonic_[2] = 0;
      runWeakerTone_ = 0;
      runClipped_ = false;
    }
    const float pr = (w.re[r] * w.re[r] + w.im[r] * w.im[r]) * tables_.bank.powerScale;
    const float pc = (w.re[c] * w.re[c] + w.im[c] * w.im[c]) * tables_.bank.powerScale;
    runWeakerTone_ += std::min(pr, pc);
    runHarmonic_[0] += harmonicPower(c - 4);
    runHarmonic_[1] += harmonicPower(4 + 4 * r + (c - 4));
    runHarmonic_[2] += harmonicPower(20 + r);
    runClipped_ = runClipped_ || std::sqrt(2 * pr) + std::sqrt(2 * pc) >= static_cast<float>(kMaxUnclippedPeak);
  }

  void report(char digit, bool start, size_t consumed, uint32_t duration) {
    if (count_ >= maxHits_) return;
    hits_[count_++] = DtmfHit{digit, start, static_cast<uint32_t>(consumed), duration};
  }

  uint32_t durationSamples() const {
    const long span = static_cast<long>(digitLastWindow_ - digitFirstWindow_) * static_cast<long>(kHop) +
                      static_cast<long>(kWindow) - kDurationTrim;
    return static_cast<uint32_t>(span > 0 ? span : 0);
  }

  void onWindow(const detail::DftWindow<8>& w, size_t consumed) {
    ++window_;
    size_t r = 0;
    size_t c = 0;
    const char cand = candidate(w, &r, &c);
    const bool hit = cand != 0 && cand == prevCandidate_ && onFrequency(r, w) && onFrequency(c, w);
    prevCandidate_ = cand;

    if (hit) {
      if (runDigit_ == cand) {
        ++runHits_;
      } else {
        runDigit_ = cand;
        runHits_ = 1;
        runFirstWindow_ = window_ - 1;  // the window this one was paired with
      }
      if (cand != digit_) accumulateHarmonics(w, r, c, runHits_ == 1);
    } else {
      runDigit_ = 0;
      runHits_ = 0;
    }

    if (digit_ != 0) {
      if (hit && cand == digit_) {
        misses_ = 0;
        digitLastWindow_ = window_;
      } else if (++misses_ >= kMissesToEnd) {
        report(digit_, false, consumed, durationSamples());
        digit_ = 0;
      }
    }
    if (runHits_ >= kHitsToStart && runDigit_ != digit_ && !soundsLikeMusic(w, r, c)) {
      if (digit_ != 0) report(digit_, false, consumed, durationSamples());
      digit_ = runDigit_;
      misses_ = 0;
      digitFirstWindow_ = runFirstWindow_;
      digitLastWindow_ = window_;
      report(digit_, true, consumed, 0);
    }
    std::memcpy(prevRe_, w.re, sizeof prevRe_);
    std::memcpy(prevIm_, w.im, sizeof prevIm_);
  }

  const TellerlineTables& tables_;
  Dft dft_;
  float prevRe_[8];
  float prevIm_[8];
  char prevCandidate_;
  uint64_t window_;
  char runDigit_;
  int runHits_;
  float runHarmonic_[3];  // see accumulateHarmonics
  float runWeakerTone_;
  bool runClipped_;
  uint64_t runFirstWindow_;
  char digit_;
  int misses_;
  uint64_t digitFirstWindow_;
  uint64_t digitLastWindow_;

  DtmfHit* hits_ = nullptr;
  size_t maxHits_ = 0;
  size_t count_ = 0;
};

// ---------------------------------------------------------------------------
// "spandsp": dtmf_rx with its realtime callback, which reports a digit when
// it is confirmed and 0 when it ends. spandsp decides only at the end of its
// 102-sample analysis blocks, so we feed it in pieces that end exactly there:
// every callback then happens at a known sample of our block.

constexpr int kSpandspBlock = 102;  // DTMF_SAMPLES_PER_BLOCK in spandsp's dtmf.c

class SpandspDtmfReceiver final : public DtmfReceiver {
 public:
  SpandspDtmfReceiver() {
    state_ = dtmf_rx_init(nullptr, nullptr, nullptr);
    dtmf_rx_set_realtime_callback(state_, &SpandspDtmfReceiver::onTone, this);
  }
  ~SpandspDtmfReceiver() override {
    if (state_ != nullptr) dtmf_rx_free(state_);
  }
  SpandspDtmfReceiver(const SpandspDtmfReceiver&) = delete;
  SpandspDtmfReceiver& operator=(const SpandspDtmfReceiver&) = delete;

  size_t process(const int16_t* samples, size_t n, DtmfHit* hits, size_t maxHits) override {
    hits_ = hits;
    maxHits_ = maxHits;
    count_ = 0;
    consumed_ = 0;
    size_t i = 0;
    while (i < n) {
      const size_t piece = std::min(n - i, static_cast<size_t>(kSpandspBlock - phase_));
      dtmf_rx(state_, samples + i, static_cast<int>(piece));
      i += piece;
      phase_ = (phase_ + static_cast<int>(piece)) % kSpandspBlock;
      samplesSeen_ += piece;
      consumed_ = i;
    }
    return count_;
  }

  void reset() override {
    dtmf_rx_init(state_, nullptr, nullptr);
    dtmf_rx_set_realtime_callback(state_, &SpandspDtmfReceiver::onTone, this);
    phase_ = 0;
    digit_ = 0;
    samplesSeen_ = 0;
    digitStart_ = 0;
  }

 private:
  static void onTone(void* user, int code, int /*level*/, int /*delay*/) {
    static_cast<SpandspDtmfReceiver*>(user)->onTone(static_cast<char>(code));
  }

  // Called from inside dtmf_rx() at the end of one of its blocks, which is
  // the end of the piece being fed (samplesSeen_ not yet advanced).
  void onTone(char code) {
    const size_t offset = pieceEnd();
    if (digit_ != 0 && code != digit_) {
      push(DtmfHit{digit_, false, static_cast<uint32_t>(offset),
                   static_cast<uint32_t>(streamPosition() - digitStart_)});
      digit_ = 0;
    }
    if (code != 0 && code != digit_) {
      digit_ = code;
      // spandsp confirms a digit one analysis block later than it ends one
      // (two agreeing blocks in, one miss out, in effect): report-to-report
      // is a block short of the tone, so count from one block earlier.
      const uint64_t pos = streamPosition();
      digitStart_ = pos > kSpandspBlock ? pos - kSpandspBlock : 0;
      push(DtmfHit{digit_, true, static_cast<uint32_t>(offset), 0});
    }
  }

  // Within process(), dtmf_rx() only calls back at the end of the piece it
  // was given, which ends on a spandsp block boundary.
  size_t pieceEnd() const { return consumed_ + static_cast<size_t>(kSpandspBlock - phase_); }
  uint64_t streamPosition() const { return samplesSeen_ + static_cast<uint64_t>(kSpandspBlock - phase_); }

  void push(const DtmfHit& h) {
    if (count_ < maxHits_) hits_[count_++] = h;
  }

  dtmf_rx_state_t* state_ = nullptr;
  int phase_ = 0;             // samples into spandsp's current block
  char digit_ = 0;
  uint64_t samplesSeen_ = 0;  // samples fed before the current piece
  uint64_t digitStart_ = 0;
  size_t consumed_ = 0;       // samples of this block fed before the current piece
  DtmfHit* hits_ = nullptr;
  size_t maxHits_ = 0;
  size_t count_ = 0;
};

}  // namespace

std::unique_ptr<DtmfReceiver> makeDtmfReceiver(std::string_view kind) {
  if (kind == "tellerline") return std::make_unique<TellerlineDtmfReceiver>();
  if (kind == "spandsp") return std::make_unique<SpandspDtmfReceiver>();
  return nullptr;
}

}  // namespace tl::dsp
