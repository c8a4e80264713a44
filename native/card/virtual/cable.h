// A virtual E1 cable joining two virtual spans back to back: what one side
// transmits in a tick, the other receives in the next tick, byte for byte,
// on every B-channel; D-channel frames cross the same way.
//
// Impairments for tests:
//   - pull/restore: both sides go into RED alarm (loss of signal), audio
//     becomes silence and D-channel frames are lost until restored;
//   - noise: white Gaussian noise at a given level (dBm0) added to the audio
//     in both directions (decoded, added, re-encoded);
//   - echo: each side hears its own transmission back after delayMs,
//     attenuated by lossDb (a hybrid's echo, for echo-canceller tests);
//   - slip: a controlled frame slip in one direction: +1 repeats one sample
//     (the stream arrives one sample later from then on), -1 deletes one.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "card/virtual/virtual_span.h"

namespace tl::card {

class Cable {
 public:
  Cable(VirtualSpan* a, VirtualSpan* b, uint32_t tickSamples, uint64_t seed);

  VirtualSpan* a() const { return a_; }
  VirtualSpan* b() const { return b_; }

  void pull();
  void restore();
  bool pulled() const { return pulled_; }
  // NaN disables.
  void setNoise(double dbm0);
  void setEcho(uint32_t delayMs, double lossDb);
  // side 0: a->b, side 1: b->a; amount +1 or -1.
  void slip(int side, int amount);

  // End of tick: moves everything a and b transmitted into the other's
  // receive buffers for the next tick.
  void transfer();

 private:
  struct Direction {
    // Per-timeslot carry-over after slips: samples owed to the next tick.
    std::array<std::vector<uint8_t>, kE1Timeslots> carry;
    int pendingSlip = 0;
  };

  void move(VirtualSpan* from, VirtualSpan* to, Direction& dir);
  void addEcho(VirtualSpan* span, std::vector<std::vector<int16_t>>& history);
  double gaussian();

  VirtualSpan* a_;
  VirtualSpan* b_;
  uint32_t n_;
  bool pulled_ = false;
  bool noiseOn_ = false;
  double noiseRms_ = 0;
  uint32_t echoDelay_ = 0;  // samples
  float echoGain_ = 0;
  bool echoOn_ = false;
  Direction ab_, ba_;
  std::vector<std::vector<int16_t>> echoA_, echoB_;  // per timeslot delay lines
  size_t echoPos_ = 0;
  uint64_t rng_;
  std::vector<int16_t> scratch_;
};

}  // namespace tl::card
