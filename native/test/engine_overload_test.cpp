// When the engine backs off (engine/overload_guard.h): the guard is fed
// ticks with made-up times, so every case is exact and takes no time.
#include <cstdint>
#include <string>

#include "engine/overload_guard.h"
#include "tap.h"

using tl::engine::OverloadGuard;
using tl::engine::OverloadStep;

namespace {

constexpr int64_t kMs = 1000000;
constexpr int64_t kTick = 20 * kMs;

// Feeds `count` ticks one period apart from *now, all late or all on time;
// returns how many times each step came back.
struct Counts {
  int backOffs = 0;
  int recoveries = 0;
};
Counts feed(OverloadGuard& guard, int64_t* now, int count, bool late, int64_t spacing = kTick) {
  Counts c;
  for (int i = 0; i < count; ++i) {
    const OverloadStep step = guard.step(late, *now);
    if (step == OverloadStep::BackOff) ++c.backOffs;
    if (step == OverloadStep::Recover) ++c.recoveries;
    *now += spacing;
  }
  return c;
}

}  // namespace

int main() {
  tl::test::Tap tap;

  {
    OverloadGuard guard(0, 5000 * kMs);
    int64_t now = 0;
    const Counts c = feed(guard, &now, 10000, true);
    tap.check(c.backOffs == 0 && !guard.overloaded(), "limit 0: late for minutes, never backs off");
  }
  {
    // A one-off stall: 40 late ticks run back to back within 4 ms of wall time.
    OverloadGuard guard(500 * kMs, 5000 * kMs);
    int64_t now = 0;
    Counts c = feed(guard, &now, 100, false);
    c.backOffs += feed(guard, &now, 40, true, kMs / 10).backOffs;
    c.backOffs += feed(guard, &now, 100, false).backOffs;
    tap.check(c.backOffs == 0 && !guard.overloaded(), "a backlog caught up in milliseconds is not an overload");
  }
  {
    OverloadGuard guard(500 * kMs, 5000 * kMs);
    int64_t now = 0;
    // Late ticks 20 ms apart: the 26th is 500 ms after the first.
    const Counts before = feed(guard, &now, 25, true);
    tap.check(before.backOffs == 0 && !guard.overloaded(), "behind for less than the limit: carries on");
    tap.check(guard.step(true, now) == OverloadStep::BackOff && guard.overloaded(),
              "behind for the limit without a break: backs off");
    now += kTick;
    const Counts again = feed(guard, &now, 25, true);
    tap.check(again.backOffs == 0, "the next back-off needs another whole limit behind");
    tap.check(guard.step(true, now) == OverloadStep::BackOff, "... and comes after it");
    now += kTick;
  }
  {
    OverloadGuard guard(500 * kMs, 5000 * kMs);
    int64_t now = 0;
    feed(guard, &now, 26, true);
    tap.check(guard.overloaded(), "overloaded after a back-off");
    // 4.9 s on time, one late tick, then on time again: the run starts over.
    Counts c = feed(guard, &now, 245, false);
    c.recoveries += feed(guard, &now, 1, true).recoveries;
    c.recoveries += feed(guard, &now, 250, false).recoveries;
    tap.check(c.recoveries == 0 && guard.overloaded(), "a late tick starts the on-time run over");
    tap.check(guard.step(false, now) == OverloadStep::Recover && !guard.overloaded(),
              "on time for recoverNs without a break: recovers");
    now += kTick;
    const Counts after = feed(guard, &now, 1000, false);
    tap.check(after.recoveries == 0 && after.backOffs == 0, "recovers once; on time after that is nothing");
  }
  {
    // A late tick does not count as being behind on its own: a run of late
    // ticks broken by on-time ones never adds up to an overload.
    OverloadGuard guard(500 * kMs, 5000 * kMs);
    int64_t now = 0;
    Counts c;
    for (int i = 0; i < 100; ++i) {
      c.backOffs += feed(guard, &now, 20, true).backOffs;
      c.backOffs += feed(guard, &now, 1, false).backOffs;
    }
    tap.check(c.backOffs == 0, "late runs of 400 ms broken by an on-time tick never back off");
  }
  return tap.finish();
}
