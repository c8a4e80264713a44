// Line echo canceller for one channel, built on speexdsp's MDF canceller.
//
// What it does
//   Removes the echo of what we sent (the reference) from what we receive:
//   the hybrid at the far end of an analogue tail reflects part of our own
//   prompts back, which spoils barge-in, DTMF detection during prompts and
//   recordings. Per G.164/G.165 it steps aside when a 2100 Hz answer tone
//   (fax CED, modem answer tone) is heard in either direction, and stays off
//   for the rest of the call once a fax or modem has been heard -- until
//   reset() (a new call) or enable(true).
//
// How
//   speexdsp's multidelay block frequency-domain adaptive filter
//   (speex_echo_cancellation) models the echo path over tailMs (512 taps
//   for the default 64 ms) and subtracts its estimate, one engine block at a
//   time. The tone disabler is a ToneFollower (progress_detector.h) on each
//   direction: 2100 Hz within 1.5% + 8 Hz, at -33 dBm0 or more (G.164: must
//   operate at -31 dBm0, must not below -36), holding 75% of the signal's
//   power, for 300 ms (speech never does that). Once it trips, process() is
//   a copy. speexdsp is not our code: its state is allocated once, in the
//   constructor; process() itself never allocates or locks. Do NOT swap in
//   spandsp's canceller: Debian's build prints debug lines for every sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "progress_detector.h"

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
  // Tone disabler: 2100 Hz in what we receive or what we send.
  ToneFollower receivedTone_;
  ToneFollower sentTone_;
  std::unique_ptr<int16_t[]> scratch_;  // speex's output when out aliases received
};

}  // namespace tl::dsp
