// Call-progress, fax-tone and silence detection (see progress_detector.h).
#include "dsp/progress_detector.h"

#include <cmath>
#include <cstring>
#include <numbers>

#include "dsp/level.h"

namespace tl::dsp {
namespace {

constexpr size_t kHop = 80;              // 10 ms between windows
constexpr double kMinToneDbm0 = -40.0;   // per bin
constexpr double kQuietDbm0 = -45.0;     // silence reporting threshold
constexpr double kSkipDbm0 = -65.0;      // half-blocks quieter than this are not analysed
constexpr float kMinPurity = 0.75f;      // share of the window's power in the present bins
constexpr double kTolerance = 0.20;      // per interval
constexpr uint32_t kSlackSamples = 160;  // + 20 ms for our own time resolution
constexpr int kConfirmWindows = 4;       // a label must hold this long to count
constexpr int kBridgeWindows = 3;        // the follower's tolerated gap (a phase reversal costs 3)
constexpr uint32_t kCngSamples = 4000;   // 0.5 s burst
constexpr uint32_t kCngRepeatSamples = 28000;      // 3 s off + 0.5 s on
constexpr uint32_t kCedSamples = 4000;             // 0.5 s continuous
constexpr double kCngHz = 1100.0;
constexpr double kCedHz = 2100.0;
constexpr double kSitHz[3] = {950.0, 1400.0, 1800.0};
constexpr uint32_t kSitSegmentSamples = 330 * 8;
constexpr uint32_t kSitPauseSamples = 1000 * 8;

double toleranceHz(double f) { return 0.015 * f + 8.0; }

bool within(uint32_t measured, uint32_t expected) {
  const double slack = kTolerance * expected + kSlackSamples;
  return std::fabs(static_cast<double>(measured) - static_cast<double>(expected)) <= slack;
}

uint32_t minimumOf(uint32_t expected) {
  const double m = (1.0 - kTolerance) * expected - kSlackSamples;
  return m > 0 ? static_cast<uint32_t>(m) : 0;
}

uint32_t maximumOf(uint32_t expected) {
  return static_cast<uint32_t>((1.0 + kTolerance) * expected + kSlackSamples);
}

ProgressTone toneForName(std::string_view name, bool* known) {
  *known = true;
  if (name == "dial") return ProgressTone::DialTone;
  if (name == "ringback") return ProgressTone::Ringback;
  if (name == "busy") return ProgressTone::Busy;
  if (name == "congestion") return ProgressTone::Congestion;
  if (name == "vacant") return ProgressTone::Vacant;
  *known = false;
  return ProgressTone::Silence;
}

}  // namespace

const char* progressToneName(ProgressTone tone) {
  switch (tone) {
    case ProgressTone::DialTone:
      return "dial";
    case ProgressTone::Ringback:
      return "ringback";
    case ProgressTone::Busy:
      return "busy";
    case ProgressTone::Congestion:
      return "congestion";
    case ProgressTone::Vacant:
      return "vacant";
    case ProgressTone::FaxCng:
      return "fax-cng";
    case ProgressTone::FaxCed:
      return "fax-ced";
    case ProgressTone::Silence:
      return "silence";
    case ProgressTone::Sit:
      return "sit";
  }
  return "unknown";
}

ProgressDetector::ProgressDetector(const ToneZone& zone) {
  double freqs[kBins] = {};
  auto binOf = [&](double f) -> int {
    for (size_t b = 0; b < binCount_; ++b) {
      if (freqs[b] == f) return static_cast<int>(b);
    }
    if (binCount_ == kBins) return -1;
    freqs[binCount_] = f;
    return static_cast<int>(binCount_++);
  };
  cngMask_ = static_cast<uint8_t>(1u << binOf(kCngHz));
  cedMask_ = static_cast<uint8_t>(1u << binOf(kCedHz));

  uint32_t longestOn[256] = {};  // per mask: the longest cadenced "on"
  for (const ToneSpec& spec : zone.tones) {
    bool known = false;
    const ProgressTone tone = toneForName(spec.name, &known);
    if (!known || cadenceCount_ == kMaxCadences || spec.segments.empty()) continue;
    Cadence c{};
    c.tone = tone;
    // The repeating part: from the first segment without '!'.
    size_t start = 0;
    while (start < spec.segments.size() && spec.segments[start].once) ++start;
    if (start == spec.segments.size()) continue;
    bool usable = true;
    for (size_t i = start; i < spec.segments.size() && usable; ++i) {
      const ToneSegment& s = spec.segments[i];
      uint8_t mask = 0;
      if (s.freq1 != 0) {
        const int b1 = binOf(s.freq1);
        const int b2 = s.freq2 != 0 && !s.modulated ? binOf(s.freq2) : -2;
        if (b1 < 0 || b2 == -1) usable = false;
        if (usable) mask = static_cast<uint8_t>((1u << b1) | (b2 >= 0 ? 1u << b2 : 0u));
      }
      if (s.durationMs == 0) {
        c.continuous = true;
        c.mask[0] = mask;
        c.count = 1;
        break;
      }
      const uint32_t samples = s.durationMs * 8;
      if (c.count > 0 && c.mask[c.count - 1] == mask) {
        c.samples[c.count - 1] += samples;  // same label twice in a row is one interval
      } else if (c.count < kMaxCycle) {
        c.mask[c.count] = mask;
        c.samples[c.count] = samples;
        ++c.count;
      } else {
        usable = false;
      }
    }
    if (!usable || c.count == 0) continue;
    if (!c.continuous && c.count > 1 && c.mask[0] == c.mask[c.count - 1]) {
      // The cycle wraps onto a segment with the same label: one interval.
      c.samples[0] += c.samples[c.count - 1];
      --c.count;
    }
    if (!c.continuous && c.count < 2) continue;  // a steady tone with a period is not a cadence
    if (!c.continuous) {
      for (size_t i = 0; i < c.count; ++i) {
        if (c.mask[i] != 0 && c.samples[i] > longestOn[c.mask[i]]) longestOn[c.mask[i]] = c.samples[i];
      }
    }
    cadences_[cadenceCount_++] = c;
  }
  for (size_t i = 0; i < cadenceCount_; ++i) {
    if (!cadences_[i].continuous) continue;
    const uint32_t rivals = longestOn[cadences_[i].mask[0]];
    const uint32_t fromRivals = rivals == 0 ? 0 : static_cast<uint32_t>(1.2 * rivals) + 800;
    dialMinSamples_ = fromRivals > 8000 ? fromRivals : 8000;
  }

  bool zoneHasSit = false;
  for (const ToneSpec& spec : zone.tones) {
    for (const ToneSegment& s : spec.segments) zoneHasSit = zoneHasSit || s.freq1 == kSitHz[0];
  }
  if (!zoneHasSit && cadenceCount_ < kMaxCadences && binCount_ + 3 <= kBins) {
    Cadence c{};
    c.tone = ProgressTone::Sit;
    for (double f : kSitHz) {
      c.mask[c.count] = static_cast<uint8_t>(1u << binOf(f));
      c.samples[c.count++] = kSitSegmentSamples;
    }
    c.mask[c.count] = 0;
    c.samples[c.count++] = kSitPauseSamples;
    cadences_[cadenceCount_++] = c;
  }

  for (size_t b = binCount_; b < kBins; ++b) freqs[b] = 4000.0 * (static_cast<double>(b) + 1) / (kBins + 1);
  const double skipRms = dbm0ToRms(kSkipDbm0);
  bank_.build(freqs, skipRms * skipRms);
  const double toneRms = dbm0ToRms(kMinToneDbm0);
  minTonePower_ = static_cast<float>(toneRms * toneRms);
  const double quietRms = dbm0ToRms(kQuietDbm0);
  quietPower_ = static_cast<float>(quietRms * quietRms);
  for (size_t b = 0; b < binCount_; ++b) {
    tolerance_[b] = static_cast<float>(2 * std::numbers::pi * toleranceHz(freqs[b]) * kHop / 8000.0);
  }
  reset();
}

void ProgressDetector::setSilenceReport(uint32_t silenceMs) { silenceSamples_ = silenceMs * 8; }

void ProgressDetector::reset() {
  dft_.reset();
  std::memset(prevRe_, 0, sizeof prevRe_);
  std::memset(prevIm_, 0, sizeof prevIm_);
  frame_ = 0;
  stable_ = 0;
  stableSince_ = 0;
  pending_ = 0;
  pendingCount_ = 0;
  pendingSince_ = 0;
  runCount_ = 0;
  historyFloor_ = 0;
  active_ = -1;
  activePhase_ = 0;
  cngActive_ = false;
  lastCngFrame_ = 0;
  cedActive_ = false;
  quietFrames_ = 0;
  silenceActive_ = false;
}

size_t ProgressDetector::process(const int16_t* samples, size_t n, ProgressHit* hits, size_t maxHits) {
  hits_ = hits;
  maxHits_ = maxHits;
  count_ = 0;
  dft_.process(bank_, samples, n,
               [this](const detail::DftWindow<kBins>& w, size_t consumed) { onWindow(w, consumed); });
  return count_;
}

void ProgressDetector::report(ProgressTone tone, bool start, size_t consumed) {
  if (count_ < maxHits_) hits_[count_++] = ProgressHit{tone, start, static_cast<uint32_t>(consumed)};
}

uint8_t ProgressDetector::label(const detail::DftWindow<kBins>& w, bool* quiet) const {
  const float total = w.energy * bank_.energyScale;
  *quiet = total < quietPower_;
  uint8_t mask = 0;
  float present = 0;
  for (size_t b = 0; b < binCount_; ++b) {
    const float p = (w.re[b] * w.re[b] + w.im[b] * w.im[b]) * bank_.powerScale;
    if (p < minTonePower_) continue;
    float zr;
    float zi;
    bank_.phaseAdvance(b, w.re[b], w.im[b], prevRe_[b], prevIm_[b], &zr, &zi);
    if (std::fabs(std::atan2(zi, zr)) <= tolerance_[b]) {
      mask = static_cast<uint8_t>(mask | (1u << b));
      present += p;
    }
  }
  return mask != 0 && present >= kMinPurity * total ? mask : 0;
}

void ProgressDetector::onWindow(const detail::DftWindow<kBins>& w, size_t consumed) {
  bool quiet = false;
  const uint8_t lab = label(w, &quiet);
  std::memcpy(prevRe_, w.re, sizeof prevRe_);
  std::memcpy(prevIm_, w.im, sizeof prevIm_);
  ++frame_;

  // Silence is judged on raw level, window by window.
  if (quiet) {
    ++quietFrames_;
    if (silenceSamples_ > 0 && !silenceActive_ && quietFrames_ * kHop >= silenceSamples_) {
      silenceActive_ = true;
      report(ProgressTone::Silence, true, consumed);
    }
  } else {
    quietFrames_ = 0;
    if (silenceActive_) {
      silenceActive_ = false;
      report(ProgressTone::Silence, false, consumed);
    }
  }

  // Debounced labels -> runs.
  if (lab == stable_) {
    pendingCount_ = 0;
  } else if (pendingCount_ > 0 && lab == pending_) {
    if (++pendingCount_ >= kConfirmWindows) {
      closeRun(stable_, static_cast<uint32_t>((pendingSince_ - stableSince_) * kHop), consumed);
      stable_ = lab;
      stableSince_ = pendingSince_;
      pendingCount_ = 0;
    }
  } else {
    pending_ = lab;
    pendingCount_ = 1;
    pendingSince_ = frame_;
  }
  const auto elapsed = static_cast<uint32_t>((frame_ + 1 - stableSince_) * kHop);

  // CED: 2100 Hz held for 0.5 s.
  if (!cedActive_ && stable_ == cedMask_ && elapsed >= kCedSamples) {
    cedActive_ = true;
    report(ProgressTone::FaxCed, true, consumed);
  }
  // CNG: stops once no burst has followed the last for a whole cycle.
  if (cngActive_ && (frame_ - lastCngFrame_) * kHop > static_cast<uint64_t>(1.2 * kCngRepeatSamples)) {
    cngActive_ = false;
    report(ProgressTone::FaxCng, false, consumed);
  }
  checkActive(elapsed, consumed);
  if (active_ < 0) tryDetect(elapsed, consumed);
}

void ProgressDetector::closeRun(uint8_t mask, uint32_t samples, size_t consumed) {
  history_[runCount_ % kHistory] = Run{mask, samples};
  ++runCount_;
  if (mask == cedMask_ && cedActive_) {
    cedActive_ = false;
    report(ProgressTone::FaxCed, false, consumed);
  }
  if (mask == cngMask_ && within(samples, kCngSamples)) {
    lastCngFrame_ = frame_;
    if (!cngActive_) {
      cngActive_ = true;
      report(ProgressTone::FaxCng, true, consumed);
    }
  }
  if (active_ >= 0) {
    const Cadence& c = cadences_[active_];
    const bool ok = !c.continuous && mask == c.mask[activePhase_] && within(samples, c.samples[activePhase_]);
    if (ok) {
      activePhase_ = (activePhase_ + 1) % c.count;
    } else {
      report(c.tone, false, consumed);
      active_ = -1;
      historyFloor_ = runCount_;
    }
  }
}

void ProgressDetector::checkActive(uint32_t elapsed, size_t consumed) {
  if (active_ < 0) return;
  const Cadence& c = cadences_[active_];
  if (c.continuous) return;  // dial tone ends when its run closes
  if (stable_ != c.mask[activePhase_] || elapsed > maximumOf(c.samples[activePhase_])) {
    report(c.tone, false, consumed);
    active_ = -1;
    historyFloor_ = runCount_ + 1;  // the run in progress broke it too
  }
}

bool ProgressDetector::matchesAt(const Cadence& c, size_t first, size_t rotation) const {
  const size_t needed = 2 * static_cast<size_t>(c.count) - 1;
  for (size_t i = 0; i < needed; ++i) {
    const Run& r = runAt(first + i);
    const size_t seg = (rotation + i) % c.count;
    if (r.mask != c.mask[seg] || !within(r.samples, c.samples[seg])) return false;
  }
  return true;
}

void ProgressDetector::tryDetect(uint32_t elapsed, size_t consumed) {
  for (size_t k = 0; k < cadenceCount_; ++k) {
    const Cadence& c = cadences_[k];
    if (c.continuous) {
      if (stable_ == c.mask[0] && stable_ != 0 && elapsed >= dialMinSamples_ && runCount_ + 1 > historyFloor_) {
        active_ = static_cast<int>(k);
        activePhase_ = 0;
        report(c.tone, true, consumed);
        return;
      }
      continue;
    }
    const size_t needed = 2 * static_cast<size_t>(c.count) - 1;
    if (runCount_ < historyFloor_ + needed || needed >= kHistory) continue;
    const uint64_t first = runCount_ - needed;
    for (size_t rot = 0; rot < c.count; ++rot) {
      const size_t current = (rot + needed) % c.count;
      if (stable_ != c.mask[current] || elapsed < minimumOf(c.samples[current])) continue;
      if (matchesAt(c, first, rot)) {
        active_ = static_cast<int>(k);
        activePhase_ = current;
        report(c.tone, true, consumed);
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------

ToneFollower::ToneFollower(double frequencyHz, double minLevelDbm0, uint32_t minMs) {
  const double f[1] = {frequencyHz};
  const double skipRms = dbm0ToRms(kSkipDbm0);
  bank_.build(f, skipRms * skipRms);
  const double rms = dbm0ToRms(minLevelDbm0);
  minPower_ = static_cast<float>(rms * rms);
  tolerance_ = static_cast<float>(2 * std::numbers::pi * toleranceHz(frequencyHz) * kHop / 8000.0);
  minWindows_ = (minMs * 8 + kHop - 1) / kHop;
  reset();
}

void ToneFollower::reset() {
  dft_.reset();
  prevRe_ = prevIm_ = 0;
  runWindows_ = 0;
  misses_ = 0;
  present_ = false;
}

bool ToneFollower::process(const int16_t* samples, size_t n) {
  dft_.process(bank_, samples, n, [this](const detail::DftWindow<1>& w, size_t) {
    const float total = w.energy * bank_.energyScale;
    const float p = (w.re[0] * w.re[0] + w.im[0] * w.im[0]) * bank_.powerScale;
    float zr;
    float zi;
    bank_.phaseAdvance(0, w.re[0], w.im[0], prevRe_, prevIm_, &zr, &zi);
    prevRe_ = w.re[0];
    prevIm_ = w.im[0];
    const bool tone = p >= minPower_ && p >= kMinPurity * total && std::fabs(std::atan2(zi, zr)) <= tolerance_;
    if (tone) {
      misses_ = 0;
      ++runWindows_;
    } else if (++misses_ > kBridgeWindows) {
      runWindows_ = 0;
      present_ = false;
    } else if (runWindows_ > 0) {
      ++runWindows_;  // a short gap inside the tone (a phase reversal) is bridged
    }
    if (runWindows_ >= minWindows_ && runWindows_ > 0) present_ = true;
  });
  return present_;
}

}  // namespace tl::dsp
