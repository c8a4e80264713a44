// What paces the engine's ticks.
//
// Real time is kept with absolute deadlines (CLOCK_MONOTONIC +
// clock_nanosleep TIMER_ABSTIME) so that lateness never accumulates: a late
// tick is counted (missedDeadlines) and the next one is still due on the
// original grid. A clock skips nothing itself -- audio must stay continuous
// -- but reports the lateness; an engine that stays behind may drop its
// backlog and go on from dueTick() (see engine/overload_guard.h).
#pragma once

#include <atomic>
#include <cstdint>

namespace tl::card {

enum class ClockMode : uint8_t {
  RealTime = 0,  // one tick per tick period
  Speed = 1,     // one tick per tick period / speed
  FreeRun = 2,   // as fast as the engine can go (virtual card only)
  Hardware = 3,  // the card's own interrupt/timer paces the ticks
};

class ClockSource {
 public:
  virtual ~ClockSource() = default;

  virtual ClockMode mode() const = 0;

  // Blocks until tick `tick` is due. Returns false if stop() was called.
  // Sets *late to true if the deadline had already passed by more than half
  // a tick when wait() was called.
  virtual bool wait(uint64_t tick, bool* late) = 0;

  // The latest tick whose deadline has passed, at least `tick`: where an
  // engine that drops its backlog goes on from. A clock whose source keeps
  // the backlog itself (a card's timer counting expirations) returns `tick`.
  // Called by the thread that calls wait().
  virtual uint64_t dueTick(uint64_t tick) const { return tick; }

  // Wakes any wait() and makes every later wait() return false.
  // Safe to call from any thread.
  virtual void stop() = 0;
};

}  // namespace tl::card
