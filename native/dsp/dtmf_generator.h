// DTMF generation: a queue of digits played as dual tones with set on/off
// times and levels. A comma in the digit string is a pause (500 ms by
// default), so "123,,456" waits one second between the groups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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
  // string holds a character other than 0-9 * # A-D a-d and ','.
  bool queue(std::string_view digits, const DtmfToneParams& params);

  // Writes n samples (silence once the queue is empty). Returns true while
  // digits remain to be sent after this block.
  bool generate(int16_t* out, size_t n);

  bool active() const;
  void clear();

 private:
  // Fixed-capacity state (no allocation in generate()); the implementer owns
  // the layout.
};

// True if every character is a DTMF digit or ','.
bool isValidDtmfString(std::string_view digits);

}  // namespace tl::dsp
