// Call-progress and fax tone detection on received audio.
//
// What it does
//   ProgressDetector watches the audio of an outgoing call and reports, with
//   start and stop events, the zone's call-progress tones and the fax tones:
//     dial tone:  the zone's dial tone present without a break for at least
//                 max(1 s, 1.2 x the longest "on" of the zone's cadenced
//                 tones on the same frequency + 100 ms) -- 1.3 s in "cn",
//                 where ringback is 1 s on -- so ringback is never taken
//                 for dial tone; stop when it breaks;
//     ringback, busy, congestion, vacant: the zone's cadence (tone_zone.h)
//                 seen for two whole cycles: the last 2n-1 on/off intervals
//                 of an n-interval cycle complete and matching, and the
//                 interval in progress matching for at least its minimum;
//                 stop when an interval breaks the pattern or overruns;
//     CNG:        1100 Hz, 0.5 s on / 3 s off: reported at the end of the
//                 first burst of 0.5 s; stop 4.2 s after the last burst;
//     CED:        2100 Hz continuous for 0.5 s (phase reversals tolerated);
//                 stop when it ends;
//     silence:    optional (setSilenceReport): quiet (below -45 dBm0) for
//                 silenceMs; stop when sound returns;
//     SIT:        the special information tone (ITU-T E.180: 950, 1400 and
//                 1800 Hz, 330 ms each, then 1 s of silence; a network plays
//                 it before "the number you dialled does not exist") as a
//                 cadence like the others, in zones without a tone of their
//                 own on 950 Hz ("cn"); where the zone's vacant tone is the
//                 SIT ("itu") it is reported as vacant.
//   Each interval must be within +/-20% of the zone's value, plus 20 ms for
//   the detector's own time resolution. Tones of several frequencies (the
//   special information tone of the "itu" zone's vacant) are matched
//   segment by segment.
//
// How
//   Hann-windowed DFT bins (sliding_dft.h) on every frequency the zone's
//   tones use plus 1100 and 2100 Hz, over 20 ms windows every 10 ms. A bin
//   counts as present in a window if its tone is at least -40 dBm0, its
//   frequency (from the phase advance between windows) is within 1.5% + 8 Hz
//   of nominal, and the present bins hold at least 75% of the window's
//   power: speech and DTMF, whose power is spread over other frequencies,
//   label nothing. Each window gets the set of present bins as its label; a
//   label must hold for four windows to count (dropouts and glitches of up
//   to 30 ms, such as the windows spoilt by a phase reversal, are bridged),
//   and runs of equal labels become the intervals the cadences are matched
//   against. The zone's tones other than dial, ringback, busy, congestion
//   and vacant (e.g. call waiting) are not reported. All of it runs in fixed
//   storage: process() never allocates or locks; the constructor copies what
//   it needs from the zone. One detector per channel, one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sliding_dft.h"
#include "tone_zone.h"

namespace tl::dsp {

enum class ProgressTone : uint8_t {
  DialTone = 1,
  Ringback = 2,
  Busy = 3,
  Congestion = 4,
  Vacant = 5,
  FaxCng = 6,
  FaxCed = 7,
  Silence = 8,  // reported after silenceMs of quiet (see configure)
  Sit = 9,      // special information tone, in zones that have none of their own
};

const char* progressToneName(ProgressTone tone);

struct ProgressHit {
  ProgressTone tone;
  bool start;             // true when recognised, false when it stops
  uint32_t sampleOffset;  // within the block passed to process()
};

class ProgressDetector {
 public:
  explicit ProgressDetector(const ToneZone& zone);

  // Silence reporting threshold (0 disables it, the default).
  void setSilenceReport(uint32_t silenceMs);

  size_t process(const int16_t* samples, size_t n, ProgressHit* hits, size_t maxHits);
  void reset();

 private:
  static constexpr size_t kBins = 8;
  static constexpr size_t kWindow = 160;
  static constexpr size_t kMaxCycle = 16;
  static constexpr size_t kHistory = 40;
  static constexpr size_t kMaxCadences = 6;

  struct Cadence {
    ProgressTone tone;
    bool continuous;  // dial tone
    uint8_t count;
    uint8_t mask[kMaxCycle];
    uint32_t samples[kMaxCycle];
  };
  struct Run {
    uint8_t mask;
    uint32_t samples;
  };

  void onWindow(const detail::DftWindow<kBins>& w, size_t consumed);
  uint8_t label(const detail::DftWindow<kBins>& w, bool* quiet) const;
  void closeRun(uint8_t mask, uint32_t samples, size_t consumed);
  void checkActive(uint32_t elapsed, size_t consumed);
  void tryDetect(uint32_t elapsed, size_t consumed);
  bool matchesAt(const Cadence& c, size_t first, size_t rotation) const;
  const Run& runAt(uint64_t index) const { return history_[index % kHistory]; }
  void report(ProgressTone tone, bool start, size_t consumed);

  // Configuration (from the zone, fixed after construction).
  detail::DftBank<kBins, kWindow> bank_;
  size_t binCount_ = 0;
  float minTonePower_ = 0;
  float quietPower_ = 0;
  float tolerance_[kBins] = {};  // radians of phase advance per hop
  Cadence cadences_[kMaxCadences] = {};
  size_t cadenceCount_ = 0;
  uint32_t dialMinSamples_ = 0;
  uint8_t cngMask_ = 0;
  uint8_t cedMask_ = 0;
  uint32_t silenceSamples_ = 0;

  // State.
  detail::SlidingDft<kBins, kWindow> dft_;
  float prevRe_[kBins] = {};
  float prevIm_[kBins] = {};
  uint64_t frame_ = 0;
  uint8_t stable_ = 0;
  uint64_t stableSince_ = 0;
  uint8_t pending_ = 0;
  int pendingCount_ = 0;
  uint64_t pendingSince_ = 0;
  Run history_[kHistory] = {};
  uint64_t runCount_ = 0;
  uint64_t historyFloor_ = 0;  // runs before this index belong to a finished detection
  int active_ = -1;            // index into cadences_, -1 if none
  size_t activePhase_ = 0;
  bool cngActive_ = false;
  uint64_t lastCngFrame_ = 0;
  bool cedActive_ = false;
  uint32_t quietFrames_ = 0;
  bool silenceActive_ = false;
  ProgressHit* hits_ = nullptr;
  size_t maxHits_ = 0;
  size_t count_ = 0;
};

// A single-frequency presence detector, also used by the echo canceller's
// 2100 Hz disabler: true while the tone has been present for >= minMs.
//
// It uses the same 20 ms windows every 10 ms: a window counts if the tone is
// at least minLevelDbm0, within 1.5% + 8 Hz of frequencyHz (by its phase
// advance) and holds at least 75% of the window's power; up to three missing
// windows are bridged (a phase reversal of a V.25/V.8 answer tone spoils
// three); presence is
// reported once windows have counted for minMs without a longer break.
class ToneFollower {
 public:
  ToneFollower(double frequencyHz, double minLevelDbm0, uint32_t minMs);
  bool process(const int16_t* samples, size_t n);  // returns present
  void reset();

 private:
  static constexpr size_t kWindow = 160;
  detail::DftBank<1, kWindow> bank_;
  detail::SlidingDft<1, kWindow> dft_;
  float minPower_ = 0;
  float tolerance_ = 0;  // radians of phase advance per hop
  uint32_t minWindows_ = 0;
  float prevRe_ = 0;
  float prevIm_ = 0;
  uint32_t runWindows_ = 0;  // windows since the tone (re)appeared
  int misses_ = 0;
  bool present_ = false;
};

}  // namespace tl::dsp
