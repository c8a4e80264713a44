// The clock of a DAHDI card: ticks paced by the card's own interrupts.
//
// A DAHDI timer (/dev/dahdi/timer, DAHDI_TIMERCONFIG = tickSamples) becomes
// readable with POLLPRI each time the span clock has counted that many
// samples, and keeps a count of expirations not yet acknowledged
// (DAHDI_TIMERACK). Pacing the engine by it keeps ticks locked to the E1
// line, so exactly one block per channel is produced and consumed per tick
// and the audio never drifts against a software clock.
//
// HardwareClock polls any such "tick source" descriptor plus an eventfd of
// its own; stop() writes the eventfd, so a wait() blocked in poll() returns
// at once. Each wait() acknowledges one expiration; if another is already
// pending after that, the engine is at least a whole tick behind and wait()
// reports it as late (the contract asks for "more than half a tick"; a
// timer that only counts whole expirations cannot tell finer than that).
// Ticks are never skipped: a late engine runs the pending ticks back to
// back, reading the blocks the driver kept for it.
//
// The native tests use a pipe as the tick source (POLLIN, acknowledge =
// read one byte).
#pragma once

#include <sys/poll.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "card/clock_source.h"
#include "card/dahdi/fd_io.h"

namespace tl::card {

class HardwareClock : public ClockSource {
 public:
  // Acknowledges one expiration on the tick source; false on failure.
  using Acknowledge = std::function<bool(int fd)>;

  HardwareClock();

  // Starts pacing by `source` (owned from now on). Called before the clock
  // thread starts. False with *error if the clock cannot work.
  bool attach(UniqueFd source, short events, Acknowledge acknowledge, std::string* error);
  // Closes the tick source. Called after the clock thread has ended.
  void detach();

  ClockMode mode() const override { return ClockMode::Hardware; }
  bool wait(uint64_t tick, bool* late) override;
  void stop() override;

  // The tick source failed (POLLERR/POLLHUP/POLLNVAL, or acknowledge
  // failed); wait() returned false and the engine stopped ticking.
  uint64_t sourceFailures() const { return sourceFailures_.load(std::memory_order_relaxed); }

 private:
  UniqueFd source_;
  short events_ = POLLPRI;
  Acknowledge acknowledge_;
  UniqueFd wake_;  // eventfd written by stop()
  std::atomic<bool> stopped_{false};
  std::atomic<uint64_t> sourceFailures_{0};
};

}  // namespace tl::card
