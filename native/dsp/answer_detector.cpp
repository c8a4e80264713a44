// Answering-machine detection (see answer_detector.h).
#include "dsp/answer_detector.h"

#include <algorithm>
#include <cmath>

#include "dsp/level.h"

namespace tl::dsp {
namespace {

constexpr float kMinVoiceDbm0 = -50.0f;
constexpr float kCalleeDb = 10.0f;  // the callee's voice: at most this far below the loudest (3-frame mean)
constexpr float kSilentDbm0 = -90.0f;      // what digital silence counts as
constexpr float kFloorDown = 0.3f;         // share of the way to a lower level, per frame
constexpr float kFloorDriftDb = 0.01f;     // per frame: 1 dB/s
constexpr float kFloorToSteady = 0.2f;     // share of the way to a steady level, per frame
constexpr float kSteadySpanDb = 6.0f;
constexpr float kNoiseSpanDb = 4.0f;       // steadier still: noise, not a held vowel
constexpr uint32_t kNoiseOnsetFrames = 10;  // the floor's time to catch up
constexpr float kMinBeepDbm0 = -45.0f;
constexpr float kMaxToneResidual = 0.3f;  // of the frame's power, after the sine fit
constexpr float kBeepCosTolerance = 0.02f;  // about 30-60 Hz in the voice band
constexpr float kBeepLevelTolerance = 3.0f;
// cos(2 pi f / 8000) for f = 400 Hz and 3400 Hz: lower tones look like
// voiced speech to the fit, higher ones are outside the channel.
constexpr float kBeepCosHigh = 0.9511f;
constexpr float kBeepCosLow = -0.8910f;
// cos(2 pi f / 8000) at 1100 Hz (CNG) and 2100 Hz (CED), +/- about 50 Hz.
constexpr float kCngCos = 0.6494f;
constexpr float kCedCos = -0.0785f;
constexpr float kFaxBandCos = 0.04f;
constexpr uint32_t kFaxBandBeepMs = 700;

}  // namespace

const char* answerResultName(AnswerResult result) {
  switch (result) {
    case AnswerResult::None:
      return "stopped";
    case AnswerResult::Person:
      return "person";
    case AnswerResult::Machine:
      return "machine";
    case AnswerResult::Fax:
      return "fax";
    case AnswerResult::Silence:
      return "silence";
  }
  return "stopped";
}

AnswerDetector::AnswerDetector(const AnswerDetectorConfig& config)
    : config_(config), cng_(1100.0, -40.0, 400), ced_(2100.0, -40.0, 500) {
  reset();
}

void AnswerDetector::reset(const AnswerDetectorConfig& config) {
  config_ = config;
  reset();
}

void AnswerDetector::reset() {
  cng_.reset();
  ced_.reset();
  filled_ = 0;
  frames_ = 0;
  floorDb_ = 0;
  peakDb_ = kSilentDbm0;
  levelCount_ = 0;
  voiceRun_ = 0;
  quietRun_ = 0;
  inWord_ = false;
  heardWord_ = false;
  firstWordStart_ = 0;
  calleeRef_ = kSilentDbm0;
  scan_ = CalleeScan{};
  beepRun_ = 0;
  beepCos_ = 0;
  beepLevel_ = 0;
  verdict_ = AnswerVerdict{};
}

bool AnswerDetector::process(const int16_t* samples, size_t n) {
  for (size_t i = 0; i < n && verdict_.result == AnswerResult::None; ++i) {
    frame_[filled_++] = samples[i];
    if (filled_ == kFrame) {
      filled_ = 0;
      onFrame();
    }
  }
  return verdict_.result != AnswerResult::None;
}

void AnswerDetector::decide(AnswerResult result) {
  verdict_.result = result;
  verdict_.afterMs = frames_ * 10;
  verdict_.speechMs = scan_.longestSpan * 10;
}

void AnswerDetector::onFrame() {
  const uint32_t index = frames_++;

  // Fax first: its tones would otherwise pass for a beep.
  const bool cng = cng_.process(frame_, kFrame);
  const bool ced = ced_.process(frame_, kFrame);
  if (cng || ced) return decide(AnswerResult::Fax);

  // Level, and the sine fit for beeps.
  double power = 0;
  double aa = 0, ab = 0, bb = 0;
  for (size_t i = 0; i < kFrame; ++i) power += static_cast<double>(frame_[i]) * frame_[i];
  for (size_t i = 1; i + 1 < kFrame; ++i) {
    const double a = static_cast<double>(frame_[i - 1]) + frame_[i + 1];
    const double b = frame_[i];
    aa += a * a;
    ab += a * b;
    bb += b * b;
  }
  const float level = power > 0 ? static_cast<float>(rmsToDbm0(std::sqrt(power / kFrame))) : kSilentDbm0;
  const float levelDb = std::max(level, kSilentDbm0);

  // Beep: tonal frames holding one frequency and level.
  bool tonal = false;
  float cosW = 0;
  if (levelDb >= kMinBeepDbm0 && bb > 0) {
    cosW = static_cast<float>(ab / (2 * bb));
    const double residual = aa - ab * ab / bb;
    tonal = residual < kMaxToneResidual * bb && cosW <= kBeepCosHigh && cosW >= kBeepCosLow;
  }
  if (tonal && beepRun_ > 0 && std::fabs(cosW - beepCos_) <= kBeepCosTolerance &&
      std::fabs(levelDb - beepLevel_) <= kBeepLevelTolerance) {
    ++beepRun_;
  } else if (tonal) {
    beepRun_ = 1;
    beepCos_ = cosW;
    beepLevel_ = levelDb;
  } else {
    beepRun_ = 0;
  }
  // A tone on a fax frequency is left to the fax followers unless it lasts.
  const bool faxBand = std::fabs(beepCos_ - kCngCos) < kFaxBandCos || std::fabs(beepCos_ - kCedCos) < kFaxBandCos;
  if (beepRun_ >= framesOf(faxBand ? kFaxBandBeepMs : config_.beepMs)) return decide(AnswerResult::Machine);

  // Voice against the noise floor, then the floor follows.
  if (index == 0) floorDb_ = levelDb;
  const bool voice = levelDb > floorDb_ + config_.voiceOverFloorDb && levelDb > kMinVoiceDbm0;
  history_[index] = voice ? levelDb : kSilentDbm0;
  levels_[levelCount_++ % kSteadyFrames] = levelDb;
  bool steady = false;
  if (levelDb < floorDb_) {
    floorDb_ += kFloorDown * (levelDb - floorDb_);
  } else if (levelCount_ >= kSteadyFrames) {
    float lo = levels_[0], hi = levels_[0], sum = 0;
    for (float l : levels_) {
      lo = std::min(lo, l);
      hi = std::max(hi, l);
      sum += l;
    }
    const float mean = sum / kSteadyFrames;
    steady = hi - lo < kSteadySpanDb;
    if (steady && mean > floorDb_) {
      floorDb_ += kFloorToSteady * (mean - floorDb_);
    } else {
      floorDb_ += kFloorDriftDb;
    }
    // Noise that set in during the analysis passed for voice until the floor
    // caught up: voice begun within the steady stretch was the noise.
    const uint32_t window = kSteadyFrames + kNoiseOnsetFrames;
    if (hi - lo < kNoiseSpanDb && inWord_ && index + 1 >= window && index + 1 - window <= firstVoiceOfRun_) {
      for (uint32_t i = firstVoiceOfRun_; i <= index; ++i) history_[i] = kSilentDbm0;
      if (firstWordStart_ >= firstVoiceOfRun_) heardWord_ = false;
      inWord_ = false;
      voiceRun_ = 0;
      scan_ = CalleeScan{};
    }
  } else {
    floorDb_ += kFloorDriftDb;
  }

  // Words of any voice.
  if (voice) {
    if (quietRun_ > 1) voiceRun_ = 0;
    voiceRun_ += quietRun_ == 1 && voiceRun_ > 0 ? 2 : 1;  // a one-frame dropout is bridged
    quietRun_ = 0;
    if (!inWord_ && voiceRun_ >= framesOf(config_.minWordMs)) {
      inWord_ = true;
      firstVoiceOfRun_ = index + 1 - voiceRun_;
      if (!heardWord_) firstWordStart_ = firstVoiceOfRun_;
      heardWord_ = true;
    }
    if (inWord_ && index >= 2 && history_[index - 1] > kSilentDbm0 && history_[index - 2] > kSilentDbm0) {
      peakDb_ = std::max(peakDb_, (levelDb + history_[index - 1] + history_[index - 2]) / 3);
    }
  } else {
    ++quietRun_;
    if (inWord_ && quietRun_ >= framesOf(config_.wordGapMs)) inWord_ = false;
  }

  // The callee's utterances, against the loudest voice so far: background
  // talk, well below the callee, neither lengthens an utterance nor breaks
  // the silence after it -- also the talk heard before the callee spoke.
  if (peakDb_ > calleeRef_) {
    calleeRef_ = peakDb_;
    scan_ = CalleeScan{};
  }
  scanCallee(index + 1);
  if (scan_.inUtterance) {
    if (scan_.longestSpan >= framesOf(config_.greetingMs)) return decide(AnswerResult::Machine);
    if (scan_.pauseHeard || index - scan_.lastVoice >= framesOf(config_.afterGreetingSilenceMs)) {
      return decide(AnswerResult::Person);
    }
  }
  if (index + 1 >= kHistoryFrames) return decide(heardWord_ ? AnswerResult::Person : AnswerResult::Silence);
  if (!heardWord_ && frames_ >= framesOf(config_.initialSilenceMs)) return decide(AnswerResult::Silence);
  if (frames_ >= framesOf(config_.maxAnalysisMs)) {
    return decide(heardWord_ ? AnswerResult::Person : AnswerResult::Silence);
  }
}

// Words of the callee's voice (frames within kCalleeDb of the loudest), and
// utterances: runs of words with pauses shorter than afterGreetingSilenceMs.
void AnswerDetector::scanCallee(uint32_t upTo) {
  CalleeScan& s = scan_;
  const uint32_t minWord = framesOf(config_.minWordMs);
  const uint32_t wordGap = framesOf(config_.wordGapMs);
  const uint32_t pause = framesOf(config_.afterGreetingSilenceMs);
  for (; s.next < upTo; ++s.next) {
    const uint32_t i = s.next;
    if (history_[i] > kSilentDbm0 && history_[i] >= calleeRef_ - kCalleeDb) {
      if (s.quiet > 1) s.run = 0;
      s.run += s.quiet == 1 && s.run > 0 ? 2 : 1;
      s.quiet = 0;
      if (!s.inWord && s.run >= minWord) {
        s.inWord = true;
        const uint32_t start = i + 1 - s.run;
        if (s.inUtterance && start > s.lastVoice + pause) s.pauseHeard = true;
        if (!s.inUtterance || start > s.lastVoice + pause) s.utteranceStart = start;
        s.inUtterance = true;
      }
      if (s.inWord) s.lastVoice = i;
    } else {
      ++s.quiet;
      if (s.inWord && s.quiet >= wordGap) s.inWord = false;
    }
    if (s.inUtterance) s.longestSpan = std::max(s.longestSpan, s.lastVoice + 1 - s.utteranceStart);
  }
}

}  // namespace tl::dsp
