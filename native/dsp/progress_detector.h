// Call-progress and fax tone detection on received audio.
//
// Measures the zone's progress frequency (450 Hz in China) and the fax tones
// (CNG 1100 Hz, CED 2100 Hz) in short frames, turns presence into on/off
// intervals, and matches the intervals against cadences:
//   dial tone: continuous >= 1 s;  ringback: ~1 s on / ~4 s off;
//   busy: 0.35/0.35;  congestion: 0.7/0.7;  vacant-number pattern;
//   CNG: 1100 Hz 0.5 s on / 3 s off (reported on the first 0.5 s burst);
//   CED: 2100 Hz continuous >= 0.5 s (reported then; stop reported too).
// Cadence matching tolerates +/-20% per interval and needs two on/off cycles
// (one for dial tone and fax tones) before reporting.
#pragma once

#include <cstddef>
#include <cstdint>

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
  // Implementer's choice (no allocation in process()).
};

// A single-frequency presence detector, also used by the echo canceller's
// 2100 Hz disabler: true while the tone has been present for >= minMs.
class ToneFollower {
 public:
  ToneFollower(double frequencyHz, double minLevelDbm0, uint32_t minMs);
  bool process(const int16_t* samples, size_t n);  // returns present
  void reset();

 private:
  // Implementer's choice.
};

}  // namespace tl::dsp
