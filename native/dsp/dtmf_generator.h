// DTMF generation: a queue of digits played as dual tones with set on/off
// times and levels.
//
// What it does
//   queue() appends digits, each with its own timing and levels; generate()
//   plays them into the caller's buffer: for each digit its low-group and
//   high-group tones (ITU-T Q.23 frequencies) for exactly onMs * 8 samples,
//   then exactly offMs * 8 samples of silence. A comma is a pause of
//   pauseMs * 8 samples (500 ms by default), so "123,,456" waits one second
//   (plus the last digit's off time) between the groups.
//
// How
//   Levels are per tone in dBm0 (level.h): the low-group tone at levelDbm0,
//   the high-group tone at levelDbm0 + twistDb (twist > 0: high group
//   louder). Each tone is a DDS oscillator (oscillator.h) restarted at phase
//   0 on each digit; the two are summed and rounded to 16 bits. Timing is
//   counted in samples, so a digit boundary can fall anywhere inside a block.
//   The queue is a fixed ring of kCapacity entries (digits and pauses): no
//   allocation anywhere, and generate() never locks (one thread owns a
//   generator; queue from that thread, or hand the digits over first).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "oscillator.h"

namespace tl::dsp {

struct DtmfToneParams {
  uint32_t onMs = 80;          // tone duration
  uint32_t offMs = 80;         // silence after each digit
  uint32_t pauseMs = 500;      // duration of ',' in the digit string
  double levelDbm0 = -6.0;     // level of the low-group tone
  double twistDb = 0.0;        // high-group level minus low-group level
};

class DtmfGenerator {
 public:
  DtmfGenerator();

  // Appends digits to the queue. Returns false (and queues nothing) if the
  // string holds a character other than 0-9 * # A-D a-d and ',', or if it
  // would not fit in the queue (kCapacity digits and pauses in all).
  bool queue(std::string_view digits, const DtmfToneParams& params);

  // Writes n samples (silence once the queue is empty). Returns true while
  // digits remain to be sent after this block.
  bool generate(int16_t* out, size_t n);

  bool active() const;
  void clear();

  static constexpr size_t kCapacity = 128;

 private:
  struct Item {
    char digit;           // upper case; ',' for a pause
    uint32_t onSamples;   // tone (0 for a pause)
    uint32_t offSamples;  // silence after it (the pause itself for ',')
    float lowPeak;
    float highPeak;
  };
  Item items_[kCapacity];
  size_t head_ = 0;
  size_t count_ = 0;
  uint32_t elapsed_ = 0;  // samples played of items_[head_]
  detail::Oscillator low_;
  detail::Oscillator high_;
};

// True if every character is a DTMF digit or ','.
bool isValidDtmfString(std::string_view digits);

}  // namespace tl::dsp
