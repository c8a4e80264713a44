// Line echo canceller for one channel, built on speexdsp's MDF canceller.
//
// It removes the echo of what we sent (the reference) from what we receive.
// Per G.164/G.165 it steps aside while a 2100 Hz answer tone (fax/modem CED)
// is received, and stays off for the rest of the call once a fax or modem has
// been heard, until reset() (a new call) or enable(true).
#pragma once

#include <cstddef>
#include <cstdint>

struct SpeexEchoState_;

namespace tl::dsp {

class EchoCanceller {
 public:
  // frameSamples: the engine's block size (80 or 160); tailMs: echo path
  // length to model (default 64 ms, 512 taps at 8 kHz).
  EchoCanceller(size_t frameSamples, uint32_t tailMs = 64);
  ~EchoCanceller();
  EchoCanceller(const EchoCanceller&) = delete;
  EchoCanceller& operator=(const EchoCanceller&) = delete;

  // received: from the line (near-end + echo); sent: what we transmitted in
  // the same block. Writes the cleaned signal to out (may alias received).
  // When disabled or bypassed by tone, copies received to out.
  void process(const int16_t* received, const int16_t* sent, int16_t* out);

  void enable(bool on);
  bool enabled() const { return enabled_; }
  bool bypassedByTone() const { return bypassed_; }
  void reset();

 private:
  SpeexEchoState_* state_ = nullptr;
  size_t frame_;
  bool enabled_ = true;
  bool bypassed_ = false;
  // Tone disabler state: implementer's choice (add members as needed).
};

}  // namespace tl::dsp
