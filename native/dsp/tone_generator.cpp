// Cadenced tone generator (see tone_generator.h).
#include "dsp/tone_generator.h"

#include <algorithm>
#include <cmath>

#include "dsp/level.h"

namespace tl::dsp {
namespace {
constexpr float kModulationDepth = 0.9f;
}

ToneGenerator::ToneGenerator() : segments_{} {}

bool ToneGenerator::start(const ToneSpec& spec, double levelDbm0) {
  if (spec.segments.empty() || spec.segments.size() > kMaxSegments) return false;
  count_ = spec.segments.size();
  loopStart_ = count_;
  for (size_t i = 0; i < count_; ++i) {
    const ToneSegment& s = spec.segments[i];
    segments_[i] = Segment{s.freq1, s.freq2, s.modulated, s.durationMs * 8};
    if (!s.once && loopStart_ == count_) loopStart_ = i;
  }
  peak_ = static_cast<float>(dbm0ToSineAmplitude(levelDbm0));
  index_ = 0;
  elapsed_ = 0;
  active_ = true;
  osc1_.resetPhase();
  osc2_.resetPhase();
  setupSegment();
  return true;
}

void ToneGenerator::stop() { active_ = false; }

bool ToneGenerator::active() const { return active_; }

void ToneGenerator::setupSegment() {
  const Segment& s = segments_[index_];
  // A continuous silence is the end of the tone.
  if (s.samples == 0 && s.freq1 == 0) {
    active_ = false;
    return;
  }
  osc1_.setFrequency(s.freq1);
  osc1_.setAmplitude(peak_);
  osc2_.setFrequency(s.freq2);
  osc2_.setAmplitude(s.modulated ? kModulationDepth : peak_);
}

void ToneGenerator::generate(int16_t* out, size_t n) {
  size_t i = 0;
  while (i < n && active_) {
    const Segment& s = segments_[index_];
    size_t run = s.samples == 0 ? n - i : std::min<size_t>(n - i, s.samples - elapsed_);
    run = std::min(run, detail::Oscillator::kMaxBlock);
    int16_t* o = out + i;
    if (s.freq1 == 0) {
      std::fill(o, o + run, int16_t{0});
    } else {
      float a[detail::Oscillator::kMaxBlock];
      osc1_.render(a, run, false);
      if (s.freq2 != 0 && s.modulated) {
        float m[detail::Oscillator::kMaxBlock];
        osc2_.render(m, run, false);
        for (size_t j = 0; j < run; ++j) a[j] *= 1.0f + m[j];
      } else if (s.freq2 != 0) {
        osc2_.render(a, run, true);
      }
      detail::toSamples(a, o, run);
    }
    i += run;
    if (s.samples == 0) continue;  // continuous: holds until stop()
    elapsed_ += static_cast<uint32_t>(run);
    if (elapsed_ == s.samples) {
      elapsed_ = 0;
      ++index_;
      if (index_ == count_) {
        if (loopStart_ == count_) {
          active_ = false;  // every segment was '!': played once, done
          break;
        }
        index_ = loopStart_;
      }
      setupSegment();
    }
  }
  std::fill(out + i, out + n, int16_t{0});
}

}  // namespace tl::dsp
