// DTMF receiver and generator conformance: ITU-T Q.24 bars (AT&T column of
// the platform notes) for our receiver, the same sweep run on spandsp's for
// comparison (printed, not asserted), and talk-off on real speech.
//
// Usage: dsp_dtmf_test [speech-dir]
//   speech-dir holds 8 kHz mono WAV files of speech (the ava wrapper makes
//   them with espeak-ng and sox); every one must yield zero digits.
#include <dirent.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dsp/dtmf_generator.h"
#include "dsp/dtmf_receiver.h"
#include "dsp/sliding_dft.h"
#include "dsp/wav.h"
#include "signals.h"
#include "tap.h"

using namespace tl;
using tl::test::format;
using tl::test::Signal;

namespace {

const char* const kAllDigits = "123A456B789C*0#D";

struct Detected {
  char digit;
  uint64_t startAt;  // stream sample where the start was reported
  uint64_t endAt;    // ... and the end (0 if it never ended)
  uint32_t duration;
};

struct RunResult {
  std::vector<Detected> digits;
  std::string problems;  // protocol errors: end without start, wrong digit
};

RunResult runReceiver(const char* kind, const std::vector<int16_t>& x, size_t block = 160) {
  RunResult res;
  auto rx = dsp::makeDtmfReceiver(kind);
  dsp::DtmfHit hits[64];
  bool open = false;
  for (size_t pos = 0; pos < x.size(); pos += block) {
    const size_t n = std::min(block, x.size() - pos);
    const size_t k = rx->process(x.data() + pos, n, hits, 64);
    for (size_t i = 0; i < k; ++i) {
      const dsp::DtmfHit& h = hits[i];
      if (h.sampleOffset > n) res.problems += format("offset %u beyond block %zu; ", h.sampleOffset, n);
      const uint64_t at = pos + h.sampleOffset;
      if (h.start) {
        if (open) res.problems += "start while a digit is open; ";
        res.digits.push_back({h.digit, at, 0, 0});
        open = true;
      } else {
        if (!open || res.digits.back().digit != h.digit) {
          res.problems += format("end of '%c' without its start; ", h.digit);
        } else {
          res.digits.back().endAt = at;
          res.digits.back().duration = h.durationSamples;
        }
        open = false;
      }
    }
  }
  return res;
}

std::string digitString(const RunResult& r) {
  std::string s;
  for (const Detected& d : r.digits) s += d.digit;
  return s;
}

void keypad(char d, double* low, double* high) {
  static const double kLow[4] = {697, 770, 852, 941};
  static const double kHigh[4] = {1209, 1336, 1477, 1633};
  static const char* kPad = "123A456B789C*0#D";
  const int i = static_cast<int>(std::string(kPad).find(d));
  *low = kLow[i / 4];
  *high = kHigh[i % 4];
}

struct ToneSpec {
  double lowDbm0 = -10;
  double highDbm0 = -10;
  double lowScale = 1;   // frequency multipliers
  double highScale = 1;
  double lowShiftHz = 0;
  double highShiftHz = 0;
};

// digits at onMs/offMs after leadMs of silence, with 200 ms of silence after.
Signal dtmfSignal(const std::string& digits, double onMs, double offMs, const ToneSpec& t,
                  size_t leadSamples = 160) {
  Signal s;
  test::addSilence(s, leadSamples);
  for (char d : digits) {
    double lo;
    double hi;
    keypad(d, &lo, &hi);
    const size_t start = s.size();
    const auto on = static_cast<size_t>(test::msToSamples(onMs));
    test::addTone(s, start, on, lo * t.lowScale + t.lowShiftHz, t.lowDbm0, 0.3);
    test::addTone(s, start, on, hi * t.highScale + t.highShiftHz, t.highDbm0, 1.1);
    test::addSilence(s, static_cast<size_t>(test::msToSamples(offMs)));
  }
  test::addSilence(s, 1600);
  return s;
}

struct Outcome {
  bool pass;
  std::string detail;
};

// Expects exactly `want` (start/end pairs, no protocol problems).
Outcome expectDigits(const RunResult& r, const std::string& want) {
  const std::string got = digitString(r);
  if (!r.problems.empty()) return {false, r.problems};
  for (const Detected& d : r.digits) {
    if (d.endAt == 0) return {false, format("digit '%c' never ended", d.digit)};
  }
  if (got != want) return {false, format("want \"%s\" got \"%s\"", want.c_str(), got.c_str())};
  return {true, ""};
}

using Case = Outcome (*)(const char* kind);

Outcome allDigitsAt(const char* kind, double dbm0) {
  ToneSpec t;
  t.lowDbm0 = t.highDbm0 = dbm0;
  const auto x = test::alawChannel(dtmfSignal(kAllDigits, 40, 40, t));
  const RunResult r = runReceiver(kind, x);
  Outcome o = expectDigits(r, kAllDigits);
  if (!o.pass) return o;
  for (const Detected& d : r.digits) {
    const double ms = d.duration / 8.0;
    if (ms < 30 || ms > 50) return {false, format("'%c' lasted %.1f ms, sent 40 ms", d.digit, ms)};
  }
  return o;
}

Outcome digitsAt0(const char* kind) { return allDigitsAt(kind, 0); }
Outcome digitsAtMinus4(const char* kind) { return allDigitsAt(kind, -4); }
Outcome digitsAtMinus25(const char* kind) { return allDigitsAt(kind, -25); }

// Each of the 8 frequencies shifted by `sign * (pct% + plusHz)` in turn,
// at two levels; every digit that uses it must (or must not) be detected.
Outcome frequencySweep(const char* kind, double pct, double plusHz, bool accept) {
  static const double kFreqs[8] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
  std::string failures;
  int failed = 0;
  for (double level : {-4.0, -25.0}) {
    for (int f = 0; f < 8; ++f) {
      for (int sign : {-1, 1}) {
        const double shift = sign * (kFreqs[f] * pct / 100.0 + plusHz);
        std::string digits;
        for (char d : std::string(kAllDigits)) {
          double lo;
          double hi;
          keypad(d, &lo, &hi);
          if (lo == kFreqs[f] || hi == kFreqs[f]) digits += d;
        }
        ToneSpec t;
        t.lowDbm0 = t.highDbm0 = level;
        (f < 4 ? t.lowShiftHz : t.highShiftHz) = shift;
        const auto x = test::alawChannel(dtmfSignal(digits, 50, 50, t));
        const RunResult r = runReceiver(kind, x);
        const Outcome o = expectDigits(r, accept ? digits : "");
        if (!o.pass) {
          ++failed;
          if (failures.size() < 300) {
            failures += format("%.0f Hz %+.1f Hz at %.0f dBm0: %s; ", kFreqs[f], shift, level, o.detail.c_str());
          }
        }
      }
    }
  }
  if (failed == 0) return {true, ""};
  return {false, format("%d of 32 cases: %s", failed, failures.c_str())};
}

Outcome acceptOffsets(const char* kind) { return frequencySweep(kind, 1.5, 2.0, true); }
Outcome rejectOffsets(const char* kind) { return frequencySweep(kind, 3.5, 0.0, false); }

// twist = high-group level minus low-group level.
Outcome twistCase(const char* kind, double lowDbm0, double twistDb) {
  ToneSpec t;
  t.lowDbm0 = lowDbm0;
  t.highDbm0 = lowDbm0 + twistDb;
  const auto x = test::alawChannel(dtmfSignal(kAllDigits, 40, 40, t));
  return expectDigits(runReceiver(kind, x), kAllDigits);
}

Outcome twistPlus4Loud(const char* kind) { return twistCase(kind, -4, +4); }
Outcome twistMinus8Loud(const char* kind) { return twistCase(kind, -4, -8); }
Outcome twistPlus4Quiet(const char* kind) { return twistCase(kind, -25, +4); }
Outcome twistMinus8Quiet(const char* kind) { return twistCase(kind, -17, -8); }

// One digit of the given length, started at every sample offset within a
// 5 ms hop (and a few more), at a loud and a quiet level.
Outcome durationCase(const char* kind, double onMs, bool accept) {
  int wrong = 0;
  int total = 0;
  std::string first;
  for (double level : {-4.0, -25.0}) {
    for (char d : std::string("5D")) {
      for (size_t lead = 160; lead < 160 + 102; lead += 3) {
        ToneSpec t;
        t.lowDbm0 = t.highDbm0 = level;
        const auto x = test::alawChannel(dtmfSignal(std::string(1, d), onMs, 100, t, lead));
        const Outcome o = expectDigits(runReceiver(kind, x), accept ? std::string(1, d) : "");
        ++total;
        if (!o.pass) {
          ++wrong;
          if (first.empty()) first = format("'%c' at %.0f dBm0, lead %zu: %s", d, level, lead, o.detail.c_str());
        }
      }
    }
  }
  if (wrong == 0) return {true, ""};
  return {false, format("%d of %d alignments wrong; first: %s", wrong, total, first.c_str())};
}

Outcome accept40ms(const char* kind) { return durationCase(kind, 40, true); }
Outcome reject23ms(const char* kind) { return durationCase(kind, 23, false); }

// "1111..." with 40 ms pauses: every repeat is its own digit.
Outcome repeatedDigits(const char* kind) {
  ToneSpec t;
  for (double level : {-4.0, -25.0}) {
    t.lowDbm0 = t.highDbm0 = level;
    const auto x = test::alawChannel(dtmfSignal("11115555DDDD", 40, 40, t));
    const Outcome o = expectDigits(runReceiver(kind, x), "11115555DDDD");
    if (!o.pass) return {false, format("at %.0f dBm0: %s", level, o.detail.c_str())};
  }
  return {true, ""};
}

// A 10 ms dropout anywhere in a 120 ms digit must not split it.
Outcome dropoutBridged(const char* kind) {
  int wrong = 0;
  int total = 0;
  std::string first;
  for (double level : {-4.0, -25.0}) {
    for (int gapAt = 30 * 8; gapAt <= 80 * 8; gapAt += 11) {
      ToneSpec t;
      t.lowDbm0 = t.highDbm0 = level;
      Signal s = dtmfSignal("8", 120, 100, t);
      for (int i = 0; i < 80; ++i) s[static_cast<size_t>(160 + gapAt + i)] = 0;
      const Outcome o = expectDigits(runReceiver(kind, test::alawChannel(s)), "8");
      ++total;
      if (!o.pass) {
        ++wrong;
        if (first.empty()) first = format("gap at %.1f ms, %.0f dBm0: %s", gapAt / 8.0, level, o.detail.c_str());
      }
    }
  }
  if (wrong == 0) return {true, ""};
  return {false, format("%d of %d gap positions wrong; first: %s", wrong, total, first.c_str())};
}

Outcome levelFloor(const char* kind) {
  ToneSpec t;
  t.lowDbm0 = t.highDbm0 = -55;
  const auto x = test::alawChannel(dtmfSignal(kAllDigits, 60, 60, t));
  return expectDigits(runReceiver(kind, x), "");
}

// White noise at a realistic signal-to-noise ratio: the tones at -10 dBm0
// each (-7 dBm0 together) over noise at -25 dBm0 in the whole 0-4 kHz band,
// i.e. 18 dB SNR; and the quiet case, -20 dBm0 tones over -35 dBm0 noise.
Outcome noiseCase(const char* kind, double toneDbm0, double noiseDbm0) {
  ToneSpec t;
  t.lowDbm0 = t.highDbm0 = toneDbm0;
  std::string digits;
  for (int i = 0; i < 4; ++i) digits += kAllDigits;
  Signal s = dtmfSignal(digits, 40, 40, t);
  test::addNoise(s, noiseDbm0, 1234);
  return expectDigits(runReceiver(kind, test::alawChannel(s)), digits);
}

Outcome noiseLoud(const char* kind) { return noiseCase(kind, -10, -25); }
Outcome noiseQuiet(const char* kind) { return noiseCase(kind, -20, -35); }

// Decisions must not depend on how the engine slices the audio.
Outcome blockSizeIndependent(const char* kind) {
  ToneSpec t;
  t.lowDbm0 = t.highDbm0 = -12;
  Signal s = dtmfSignal("159D*0#", 45, 45, t);
  test::addNoise(s, -40, 99);
  const auto x = test::alawChannel(s);
  const RunResult ref = runReceiver(kind, x, 160);
  for (size_t block : {1, 7, 80, 102, 333, 4000}) {
    const RunResult r = runReceiver(kind, x, block);
    bool same = r.digits.size() == ref.digits.size();
    for (size_t i = 0; same && i < r.digits.size(); ++i) {
      same = r.digits[i].digit == ref.digits[i].digit && r.digits[i].startAt == ref.digits[i].startAt &&
             r.digits[i].endAt == ref.digits[i].endAt && r.digits[i].duration == ref.digits[i].duration;
    }
    if (!same) {
      return {false, format("block %zu: \"%s\" vs \"%s\" at 160", block, digitString(r).c_str(),
                            digitString(ref).c_str())};
    }
  }
  return {true, ""};
}

struct NamedCase {
  const char* name;
  Case fn;
};

const NamedCase kCases[] = {
    {"all 16 digits at 0 dBm0 per tone (A-law clips the peaks), 40/40 ms", digitsAt0},
    {"all 16 digits at -4 dBm0, 40 ms on / 40 ms off, A-law", digitsAtMinus4},
    {"all 16 digits at -25 dBm0, 40 ms on / 40 ms off, A-law", digitsAtMinus25},
    {"accepts every frequency offset by +/-(1.5% + 2 Hz)", acceptOffsets},
    {"rejects every frequency offset by +/-3.5%", rejectOffsets},
    {"twist +4 dB (high group louder) at 0/-4 dBm0", twistPlus4Loud},
    {"twist -8 dB (high group quieter) at -4/-12 dBm0", twistMinus8Loud},
    {"twist +4 dB at -25/-21 dBm0", twistPlus4Quiet},
    {"twist -8 dB at -17/-25 dBm0", twistMinus8Quiet},
    {"accepts 40 ms tones at every alignment", accept40ms},
    {"rejects 23 ms tones at every alignment", reject23ms},
    {"repeated digits with 40 ms pauses stay separate", repeatedDigits},
    {"bridges a 10 ms dropout anywhere in a digit (one digit, not two)", dropoutBridged},
    {"rejects tones at -55 dBm0", levelFloor},
    {"64 digits in white noise, 18 dB SNR at -10 dBm0 per tone", noiseLoud},
    {"64 digits in white noise, 18 dB SNR at -20 dBm0 per tone", noiseQuiet},
    {"same results whatever the block size", blockSizeIndependent},
};

// --- characterisation (printed for both receivers, not asserted) -----------

bool detectsOne(const char* kind, char digit, double onMs, const ToneSpec& t, size_t lead = 160) {
  const auto x = test::alawChannel(dtmfSignal(std::string(1, digit), onMs, 100, t, lead));
  return digitString(runReceiver(kind, x)) == std::string(1, digit);
}

void characterise(test::Tap& tap, const char* kind) {
  static const double kFreqs[8] = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
  static const char kDigitFor[8] = {'2', '5', '8', '0', '4', '5', '6', 'B'};
  // Widest accepted offset per frequency, both signs, in 0.1% steps.
  std::string freq;
  for (int f = 0; f < 8; ++f) {
    double lim[2] = {0, 0};
    for (int side = 0; side < 2; ++side) {
      for (double pct = 0.5; pct <= 6.0; pct += 0.1) {
        ToneSpec t;
        t.lowDbm0 = t.highDbm0 = -10;
        (f < 4 ? t.lowScale : t.highScale) = 1 + (side == 0 ? -pct : pct) / 100;
        if (!detectsOne(kind, kDigitFor[f], 60, t)) break;
        lim[side] = pct;
      }
    }
    freq += format("%.0f:-%.1f/+%.1f ", kFreqs[f], lim[0], lim[1]);
  }
  tap.note("%s accepts offsets (%%) up to %s", kind, freq.c_str());
  // Shortest tone accepted at every alignment, longest rejected at every one.
  int alwaysFrom = -1;
  int neverUpTo = -1;
  for (int ms = 15; ms <= 45; ++ms) {
    int hits = 0;
    int total = 0;
    for (size_t lead = 160; lead < 200; lead += 4) {
      ToneSpec t;
      t.lowDbm0 = t.highDbm0 = -10;
      hits += detectsOne(kind, '5', ms, t, lead);
      ++total;
    }
    if (hits == 0) neverUpTo = ms;
    if (hits == total && alwaysFrom < 0) alwaysFrom = ms;
  }
  tap.note("%s: tones up to %d ms never detected, from %d ms always", kind, neverUpTo, alwaysFrom);
  // Lowest level, and twist limits.
  int lowest = 0;
  for (int level = -20; level >= -60; --level) {
    ToneSpec t;
    t.lowDbm0 = t.highDbm0 = level;
    if (!detectsOne(kind, '5', 60, t)) break;
    lowest = level;
  }
  double reverse = 0;
  double normal = 0;
  for (double tw = 0; tw <= 15; tw += 0.5) {
    ToneSpec t;
    t.lowDbm0 = -15;
    t.highDbm0 = -15 + tw;
    if (!detectsOne(kind, '5', 60, t)) break;
    reverse = tw;
  }
  for (double tw = 0; tw <= 15; tw += 0.5) {
    ToneSpec t;
    t.lowDbm0 = -5;
    t.highDbm0 = -5 - tw;
    if (!detectsOne(kind, '5', 60, t)) break;
    normal = tw;
  }
  tap.note("%s: lowest level %d dBm0 per tone; twist accepted from -%.1f to +%.1f dB", kind, lowest, normal, reverse);
  // Noise: lowest SNR with all 32 digits right, tones at -10 dBm0 each.
  double bestSnr = 99;
  for (double noise = -40; noise <= -10; noise += 1) {
    ToneSpec t;
    t.lowDbm0 = t.highDbm0 = -10;
    std::string digits = std::string(kAllDigits) + kAllDigits;
    Signal sig = dtmfSignal(digits, 40, 40, t);
    test::addNoise(sig, noise, 4321);
    if (!expectDigits(runReceiver(kind, test::alawChannel(sig)), digits).pass) break;
    bestSnr = -7 - noise;
  }
  tap.note("%s: all 32 digits (40/40 ms, -10 dBm0 per tone) right down to %.0f dB SNR", kind, bestSnr);
}

// --- the DFT kernels and the receiver's housekeeping -------------------------

// Every multiply-accumulate path gives the same integers (so results do not
// depend on the CPU), even on full-scale input.
template <size_t NB, size_t L>
bool kernelsAgree(uint32_t seed) {
  auto bank = std::make_unique<dsp::detail::DftBank<NB, L>>();
  double freqs[NB];
  for (size_t b = 0; b < NB; ++b) freqs[b] = 300.0 + 317.0 * static_cast<double>(b);
  bank->build(freqs, 0);
  using Bank = dsp::detail::DftBank<NB, L>;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> u(-32768, 32767);
  for (int round = 0; round < 50; ++round) {
    alignas(16) int16_t x[Bank::kHop];
    for (auto& v : x) v = static_cast<int16_t>(round < 2 ? (round == 0 ? -32768 : 32767) : u(rng));
    alignas(32) int32_t a[2 * Bank::kPadded];
    alignas(32) int32_t b[2 * Bank::kPadded];
    dsp::detail::multiplyAccumulatePortable<Bank::kPadded, Bank::kPairs>(x, bank->coef, a);
#ifdef TL_DSP_X86
    dsp::detail::multiplyAccumulateSse2<Bank::kPadded, Bank::kPairs>(x, bank->coef, b);
    if (std::memcmp(a, b, sizeof a) != 0) return false;
    if (dsp::detail::cpuHasAvx2()) {
      dsp::detail::multiplyAccumulateAvx2<Bank::kPadded, Bank::kPairs>(x, bank->coef, b);
      if (std::memcmp(a, b, sizeof a) != 0) return false;
    }
#endif
    // And no 32-bit overflow: compare with a 64-bit sum.
    for (size_t l = 0; l < 2 * Bank::kPadded; ++l) {
      int64_t sum = 0;
      for (size_t p = 0; p < Bank::kPairs; ++p) {
        sum += int64_t{x[2 * p]} * bank->coef[p][l / Bank::kPadded][l % Bank::kPadded][0] +
               int64_t{x[2 * p + 1]} * bank->coef[p][l / Bank::kPadded][l % Bank::kPadded][1];
      }
      if (sum != a[l]) return false;
    }
  }
  return true;
}

void housekeepingTests(test::Tap& tap) {
  tap.check(kernelsAgree<8, 80>(1) && kernelsAgree<8, 160>(2) && kernelsAgree<1, 160>(3),
            "DFT kernels: portable, SSE2 and AVX2 give identical sums, without overflow at full scale");
  // reset() mid-digit forgets it: no end report for it afterwards.
  ToneSpec t;
  const auto x = test::alawChannel(dtmfSignal("7", 200, 100, t));
  auto rx = dsp::makeDtmfReceiver("tellerline");
  dsp::DtmfHit hits[8];
  size_t starts = 0;
  size_t ends = 0;
  for (size_t p = 0; p + 160 <= x.size(); p += 160) {
    if (p == 160 * 8) rx->reset();  // 160 ms into the signal, mid-digit
    const size_t k = rx->process(x.data() + p, 160, hits, 8);
    for (size_t i = 0; i < k; ++i) (hits[i].start ? starts : ends) += 1;
  }
  tap.check(starts == 2 && ends == 1, "reset() forgets the digit in progress (it is found again, once)",
            format("%zu starts, %zu ends", starts, ends));
  // maxHits is respected.
  auto rx2 = dsp::makeDtmfReceiver("tellerline");
  const auto many = test::alawChannel(dtmfSignal("123456", 40, 40, t));
  dsp::DtmfHit one[1];
  const size_t k = rx2->process(many.data(), many.size(), one, 1);
  tap.check(k == 1 && one[0].digit == '1' && one[0].start, "reports beyond maxHits are dropped, never overrun");
}

// --- generator --------------------------------------------------------------

void generatorTests(test::Tap& tap) {
  dsp::DtmfGenerator gen;
  dsp::DtmfToneParams p;
  p.onMs = 50;
  p.offMs = 30;
  p.pauseMs = 200;
  p.levelDbm0 = -7;
  p.twistDb = 2;
  tap.check(!gen.queue("12x", p) && !gen.active(), "generator refuses invalid digits and queues nothing");
  tap.check(dsp::isValidDtmfString("0123456789*#ABCDabcd,") && !dsp::isValidDtmfString("1 2"),
            "isValidDtmfString accepts 0-9 * # A-D a-d and ',' only");
  tap.check(gen.queue("1a,#", p) && gen.active(), "generator queues \"1a,#\"");
  std::vector<int16_t> out;
  int16_t block[160];
  bool more = true;
  int guard = 0;
  while (more && guard++ < 1000) {
    more = gen.generate(block, 160);
    out.insert(out.end(), block, block + 160);
  }
  // Expected layout: 1 (400 on, 240 off), a (400, 240), pause 1600, # (400, 240).
  const size_t expectLen = 400 + 240 + 400 + 240 + 1600 + 400 + 240;
  size_t firstNonZero = out.size();
  size_t lastNonZero = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] != 0) {
      firstNonZero = std::min(firstNonZero, i);
      lastNonZero = i;
    }
  }
  // Tone edges: the on-periods are [0,400), [640,1040), [2880,3280).
  auto quietIn = [&](size_t a, size_t b) {
    for (size_t i = a; i < b && i < out.size(); ++i) {
      if (out[i] != 0) return false;
    }
    return true;
  };
  auto loudAt = [&](size_t a, size_t b) {
    int n = 0;
    for (size_t i = a; i < b; ++i) n += out[i] != 0;
    return n > static_cast<int>(b - a) / 2;
  };
  const bool layout = firstNonZero == 0 || firstNonZero == 1;
  tap.check(layout && lastNonZero < 3280 && lastNonZero >= 3270 && quietIn(400, 640) && loudAt(640, 648) &&
                loudAt(1032, 1040) && quietIn(1040, 2880) && loudAt(2880, 2888) && quietIn(3280, out.size()) &&
                out.size() >= expectLen && out.size() < expectLen + 160,
            "generator on/off/pause durations are exact to the sample",
            format("first %zu last %zu total %zu", firstNonZero, lastNonZero, out.size()));
  // Levels: the two tones at -7 and -5 dBm0 give -2.88 dBm0 in total.
  const double level = dsp::measureDbm0(out.data() + 640, 400);
  const double want = 10 * std::log10(std::pow(10, -0.7) + std::pow(10, -0.5));
  tap.check(std::fabs(level - want) < 0.1, "generator level: -7 dBm0 low, +2 dB twist",
            format("measured %.2f dBm0, want %.2f", level, want));
  // Through A-law and our receiver: the digits come back.
  const RunResult r = runReceiver("tellerline", test::alawChannel(out));
  tap.check(digitString(r) == "1A#", "generated digits are detected by our receiver", digitString(r));

  // The Q.24 minimum, 40/40 ms, all digits, both receivers.
  dsp::DtmfGenerator g2;
  dsp::DtmfToneParams fast;
  fast.onMs = 40;
  fast.offMs = 40;
  fast.levelDbm0 = -20;
  g2.queue(kAllDigits, fast);
  std::vector<int16_t> all;
  while (g2.generate(block, 160)) all.insert(all.end(), block, block + 160);
  all.insert(all.end(), block, block + 160);
  all.resize(all.size() + 800, 0);
  const RunResult ours = runReceiver("tellerline", test::alawChannel(all));
  tap.check(digitString(ours) == kAllDigits, "generator 40/40 ms at -20 dBm0 decodes with our receiver",
            digitString(ours));
  tap.note("spandsp on the same generated string: \"%s\"", digitString(runReceiver("spandsp", test::alawChannel(all))).c_str());

  dsp::DtmfGenerator g3;
  g3.queue("123", p);
  g3.clear();
  tap.check(!g3.active() && !g3.generate(block, 160) && std::all_of(block, block + 160, [](int16_t v) { return v == 0; }),
            "generator clear() empties the queue and plays silence");
  dsp::DtmfGenerator g4;
  std::string many(dsp::DtmfGenerator::kCapacity + 1, '5');
  tap.check(!g4.queue(many, p) && !g4.active(), "generator refuses more digits than it can hold");
}

// --- speech (talk-off) -----------------------------------------------------

void speechTests(test::Tap& tap, const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    tap.check(false, "speech directory readable", dir);
    return;
  }
  std::vector<std::string> files;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > 4 && n.substr(n.size() - 4) == ".wav") files.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(files.begin(), files.end());
  double totalSeconds = 0;
  int ours = 0;
  int theirs = 0;
  std::string oursDetail;
  for (const std::string& f : files) {
    dsp::WavAudio a;
    if (dsp::WavError e = dsp::readWav(f, &a)) {
      tap.check(false, "read speech file", e.message);
      continue;
    }
    totalSeconds += static_cast<double>(a.samples.size()) / 8000.0;
    const RunResult r = runReceiver("tellerline", a.samples);
    const RunResult s = runReceiver("spandsp", a.samples);
    ours += static_cast<int>(r.digits.size());
    theirs += static_cast<int>(s.digits.size());
    if (!r.digits.empty()) {
      oursDetail += format("%s: \"%s\" at %.2f s; ", f.substr(f.rfind('/') + 1).c_str(), digitString(r).c_str(),
                           static_cast<double>(r.digits[0].startAt) / 8000.0);
    }
    tap.note("speech %s: %.1f s, ours %zu digits, spandsp %zu digits", f.substr(f.rfind('/') + 1).c_str(),
             static_cast<double>(a.samples.size()) / 8000.0, r.digits.size(), s.digits.size());
  }
  tap.check(totalSeconds >= 60, "at least 60 s of speech to test talk-off", format("%.1f s", totalSeconds));
  tap.check(ours == 0, "talk-off: zero digits detected in speech", oursDetail);
  tap.note("talk-off over %.1f s of speech: ours %d digits, spandsp %d digits", totalSeconds, ours, theirs);
}

}  // namespace

int main(int argc, char** argv) {
  test::Tap tap;
  tap.check(dsp::makeDtmfReceiver("tellerline") != nullptr && dsp::makeDtmfReceiver("spandsp") != nullptr &&
                dsp::makeDtmfReceiver("nonsense") == nullptr,
            "makeDtmfReceiver knows \"tellerline\" and \"spandsp\" only");
  int spandspPassed = 0;
  for (const NamedCase& c : kCases) {
    const Outcome ours = c.fn("tellerline");
    tap.check(ours.pass, c.name, ours.detail);
    const Outcome theirs = c.fn("spandsp");
    spandspPassed += theirs.pass;
    tap.note("spandsp: %s: %s%s%s", c.name, theirs.pass ? "pass" : "FAIL", theirs.pass ? "" : " -- ",
             theirs.detail.substr(0, 300).c_str());
  }
  tap.note("spandsp passed %d of %zu of the same cases", spandspPassed, std::size(kCases));
  characterise(tap, "tellerline");
  characterise(tap, "spandsp");
  housekeepingTests(tap);
  generatorTests(tap);
  if (argc > 1) speechTests(tap, argv[1]);
  return tap.finish();
}
