// What the clock thread does when the engine cannot keep up.
//
// Past the machine's capacity a real-time clock that never skips runs its
// backlog back to back forever; at SCHED_FIFO it then holds every core it
// has and nothing else on the machine runs -- not the JavaScript thread that
// answers the operators, not the back office, not a shell. So once the clock
// has been late without a break for `limitNs` of wall time the engine backs
// off:
//   - it drops the backlog and goes on from the tick that is due now (stale
//     audio is worth nothing to a caller; every dropped tick is counted as a
//     missed deadline);
//   - its threads leave SCHED_FIFO for normal scheduling, so the kernel
//     shares the CPU with everything else while the overload lasts.
// After `recoverNs` on time without a break the engine has kept up again and
// real-time scheduling comes back.
//
// Time spent behind, not the size of the backlog, is what counts: after a
// one-off stall an engine with spare capacity runs its backlog back to back
// in a few milliseconds and loses nothing, while an engine a little over
// capacity falls behind slowly and would starve the machine for a long time
// before its backlog grew large. Clock thread only.
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
  // limitNs 0: never back off (the clock runs every tick, however late).
  OverloadGuard(int64_t limitNs, int64_t recoverNs) : limitNs_(limitNs), recoverNs_(recoverNs) {}

  // The clock reached a tick at nowNs (monotonic); `late` as the clock said.
  OverloadStep step(bool late, int64_t nowNs);

  // Between a BackOff and the next Recover.
  bool overloaded() const { return overloaded_; }
  int64_t limitNs() const { return limitNs_; }

 private:
  int64_t limitNs_;
  int64_t recoverNs_;
  int64_t lateSinceNs_ = -1;    // start of the current run of late ticks
  int64_t onTimeSinceNs_ = -1;  // start of the current run of on-time ticks, while overloaded
  bool overloaded_ = false;
};

}  // namespace tl::engine
