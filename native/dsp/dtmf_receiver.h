// DTMF detection (ITU-T Q.23 frequencies, Q.24 acceptance rules).
//
// A receiver consumes 8 kHz linear audio in blocks of any size and reports
// each digit twice: once when it is recognised (start) and once when it ends,
// with its duration. Reports are written into a caller-supplied array so that
// the real-time path never allocates.
//
// Two implementations stand behind the one interface:
//   - "tellerline": our own Goertzel detector, tuned to the strict Q.24 bars
//     (accept +/-1.5%+2 Hz, reject +/-3.5%; accept >= 40 ms, reject <= 23 ms;
//     twist +4/-8 dB; bridge dropouts <= 10 ms; speech immunity);
//   - "spandsp": spandsp's dtmf_rx, kept as the reference and for comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tl::dsp {

struct DtmfHit {
  char digit;               // one of 0-9 * # A-D
  bool start;               // true: digit recognised; false: digit ended
  uint32_t sampleOffset;    // where in the block the start/end was decided
  uint32_t durationSamples; // on end reports: how long the digit lasted
};

class DtmfReceiver {
 public:
  virtual ~DtmfReceiver() = default;

  // Processes n samples; writes up to maxHits reports into hits and returns
  // how many were written. Reports beyond maxHits are dropped (a block of
  // 160 samples can never legitimately hold more than two).
  virtual size_t process(const int16_t* samples, size_t n, DtmfHit* hits, size_t maxHits) = 0;

  // Forgets any digit in progress (e.g. when a channel is reused).
  virtual void reset() = 0;
};

// Creates a receiver by name ("tellerline" or "spandsp"); nullptr if unknown.
std::unique_ptr<DtmfReceiver> makeDtmfReceiver(std::string_view kind);

}  // namespace tl::dsp
