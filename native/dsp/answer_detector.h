// Answering-machine detection on the audio of an answered outgoing call.
//
// What it does
//   AnswerDetector listens to what the callee sends from the moment of answer
//   and classifies the answer once:
//     person:  a short utterance (a "喂" or "hello?") followed by
//              afterGreetingSilenceMs of silence; also the verdict when
//              maxAnalysisMs runs out after speech that never made a long
//              greeting (a person saying "hello?" twice);
//     machine: an utterance -- speech whose pauses are all shorter than
//              afterGreetingSilenceMs -- lasting greetingMs or more, or a beep
//              (one steady tone of 300-3400 Hz for beepMs);
//     fax:     CNG (1100 Hz for 400 ms) or CED (2100 Hz for 500 ms);
//     silence: no speech within initialSilenceMs (or before maxAnalysisMs).
//   A person answers with a word or two and waits; a machine reads a whole
//   greeting: the verdict rests on that cadence, not on what is said, so it
//   works in any language.
//
// How
//   10 ms frames. Each frame's level (dBm0) is compared with an adaptive
//   noise floor, which follows the level down quickly, drifts up by 1 dB/s,
//   and moves quickly to the mean level when the level has stayed within
//   6 dB for 300 ms (stationary noise such as line hiss: speech swings by
//   more from syllable to syllable). A frame is voice if it is voiceOverFloor
//   dB above the floor and above -50 dBm0; a word of any voice is minWordMs
//   of it (single-frame dropouts bridged), ending after wordGapMs without.
//   Noise that sets in during the analysis passes for voice until the floor
//   catches up: a word that began at most 400 ms before the level held
//   within 4 dB for 300 ms is taken back.
//   The callee's voice is the voice within 10 dB of the loudest heard (a
//   3-frame mean inside a word): talk in the background -- a television, an
//   office, 10-20 dB below the callee -- is not the callee speaking. The
//   callee's words (the same rules on those frames) make utterances: runs
//   of words with gaps shorter than afterGreetingSilenceMs, each spanning
//   from its first voice frame to its last. Every frame's voice level is
//   kept, and when the loudest rises the callee's words are found again
//   from the start: talk heard before the callee said "喂" does not join
//   their answer into a long utterance, so a short answer over background
//   talk is still a short answer followed by silence.
//   Beeps: each frame is fitted with the two-term recursion of a sine,
//   x[n-1] + x[n+1] = 2 cos(w) x[n]; a frame is tonal if the fit leaves less
//   than 30% of the frame's power, and a beep is a run of tonal frames whose
//   frequency (from cos(w)) and level hold still for beepMs -- speech's
//   formants and level move within that time. A tone within about 50 Hz of
//   1100 or 2100 Hz must last 700 ms to be a beep: the fax followers decide
//   first on CNG (0.5 s bursts) and CED.
//   Fax tones: two ToneFollowers (progress_detector.h).
//   All in fixed storage (60 s of frame levels, the longest analysis a
//   command may ask for): process() never allocates or locks. One detector
//   per channel, one thread at a time; results do not depend on how the
//   audio is cut into blocks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dsp/progress_detector.h"

namespace tl::dsp {

enum class AnswerResult : uint8_t {
  None = 0,  // not decided yet (or stopped before a verdict)
  Person = 1,
  Machine = 2,
  Fax = 3,
  Silence = 4,
};

const char* answerResultName(AnswerResult result);

struct AnswerDetectorConfig {
  uint32_t initialSilenceMs = 3000;
  uint32_t greetingMs = 2000;
  uint32_t afterGreetingSilenceMs = 1000;
  uint32_t maxAnalysisMs = 5000;
  uint32_t minWordMs = 80;
  uint32_t wordGapMs = 150;
  uint32_t beepMs = 200;
  float voiceOverFloorDb = 8.0f;
};

struct AnswerVerdict {
  AnswerResult result = AnswerResult::None;
  uint32_t afterMs = 0;   // from the start of analysis
  uint32_t speechMs = 0;  // span of the longest utterance heard
};

class AnswerDetector {
 public:
  explicit AnswerDetector(const AnswerDetectorConfig& config = {});

  // Feeds audio; returns true once a verdict is reached (then verdict() holds
  // it and further audio is ignored until reset()).
  bool process(const int16_t* samples, size_t n);
  const AnswerVerdict& verdict() const { return verdict_; }
  void reset();
  void reset(const AnswerDetectorConfig& config);

 private:
  static constexpr size_t kFrame = 80;        // 10 ms
  static constexpr size_t kSteadyFrames = 30;  // 300 ms

  void onFrame();
  void decide(AnswerResult result);
  uint32_t framesOf(uint32_t ms) const { return (ms + 9) / 10; }

  AnswerDetectorConfig config_;
  ToneFollower cng_;
  ToneFollower ced_;

  int16_t frame_[kFrame] = {};
  size_t filled_ = 0;
  uint32_t frames_ = 0;
  float floorDb_ = 0;
  float peakDb_ = 0;  // loudest voice frame so far
  float levels_[kSteadyFrames] = {};
  uint32_t levelCount_ = 0;

  // Words of any voice: whether anyone spoke, and the loudest voice.
  uint32_t voiceRun_ = 0;      // frames since the voice run began
  uint32_t quietRun_ = 0;      // frames without voice
  bool inWord_ = false;
  bool heardWord_ = false;
  uint32_t firstWordStart_ = 0;
  uint32_t firstVoiceOfRun_ = 0;  // of the current word

  // The callee's words and utterances: a scan over the frames heard so far
  // of the voice frames near the loudest (calleeRef_), redone from the start
  // when the loudest rises or voice is taken back.
  struct CalleeScan {
    uint32_t next = 0;         // first frame not scanned yet
    uint32_t run = 0;
    uint32_t quiet = 0;
    bool inWord = false;
    bool inUtterance = false;
    uint32_t utteranceStart = 0;
    uint32_t lastVoice = 0;
    uint32_t longestSpan = 0;
    bool pauseHeard = false;   // an utterance followed by afterGreetingSilenceMs
  };
  void scanCallee(uint32_t upTo);

  // 60 s of frames: the longest analysis a command may ask for.
  static constexpr uint32_t kHistoryFrames = 6000;
  float history_[kHistoryFrames] = {};  // level of each voice frame, kSilentDbm0 for the others
  float calleeRef_ = 0;                 // loudest voice frame when last scanned
  CalleeScan scan_;

  uint32_t beepRun_ = 0;
  float beepCos_ = 0;
  float beepLevel_ = 0;

  AnswerVerdict verdict_;
};

}  // namespace tl::dsp
