// What the clock thread does when the engine cannot keep up.
//
// Past the machine's capacity a real-time clock that never skips runs its
// backlog back to back forever; at SCHED_FIFO it then holds every core it
// has and nothing else on the machine runs -- not the JavaScript thread that
// answers the operators, not the back office, not a shell. So once the clock
// has been late for `lateRunLimit` ticks in a row the engine backs off:
//   - it drops the backlog and goes on from the tick that is due now (stale
//     audio is worth nothing to a caller; every dropped tick is counted as a
//     missed deadline);
//   - its threads leave SCHED_FIFO for normal scheduling, so the kernel
//     shares the CPU with everything else while the overload lasts.
// After `recoverTicks` ticks in a row on time the engine has kept up again
// and real-time scheduling comes back.
//
// Consecutive late ticks, not lateness, trigger it: an engine a little over
// capacity falls behind slowly, and waiting for a large lateness would leave
// the machine starved for a long time first. Clock thread only.
#pragma once

#include <cstdint>

namespace tl::engine {

enum class OverloadStep : uint8_t {
  None,     // carry on
  BackOff,  // drop the backlog (and leave real-time scheduling if not yet)
  Recover,  // on time long enough: back to real-time scheduling
};

class OverloadGuard {
 public:
  // lateRunLimit 0: never back off (the clock runs every tick, however late).
  OverloadGuard(uint32_t lateRunLimit, uint32_t recoverTicks)
      : lateRunLimit_(lateRunLimit), recoverTicks_(recoverTicks) {}

  // The clock reached a tick; `late` as the clock said.
  OverloadStep step(bool late);

  // Between a BackOff and the next Recover.
  bool overloaded() const { return overloaded_; }
  uint32_t lateRunLimit() const { return lateRunLimit_; }

 private:
  uint32_t lateRunLimit_;
  uint32_t recoverTicks_;
  uint32_t lateRun_ = 0;
  uint32_t onTimeRun_ = 0;
  bool overloaded_ = false;
};

}  // namespace tl::engine
