// What keeps the engine's clock thread on time: the priority-inheriting
// mutex it shares with ordinary threads, and the tick profiler that explains
// a stall when it is late anyway.
//
// The mutex test is the classic inversion, on one CPU with real-time
// priorities: a low-priority thread holds the lock, a middle-priority thread
// spins, a high-priority thread asks for the lock. With priority inheritance
// the holder is lifted above the spinner, lets go, and the high thread gets
// the lock while the spinner still spins. With a plain mutex (the control)
// the spinner runs out first. Only the order of these events is checked.
#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include "engine/pi_mutex.h"
#include "engine/tick_profile.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

// Moves the calling thread to CPU 0 at SCHED_FIFO `priority`; false if
// refused. Priority first: an ordinary thread moved onto a CPU where a
// real-time thread spins would never run.
bool realtimeOnCpu0(int priority) {
  sched_param param{};
  param.sched_priority = priority;
  if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) != 0) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

enum class Outcome { HighFirst, SpinnerFirst, NoRealtime };

// Runs the inversion with mutex type M; who finished first.
template <typename M>
Outcome inversion(std::chrono::milliseconds spinLimit) {
  M mutex;
  std::atomic<bool> refused{false}, held{false}, spinning{false}, highGot{false}, midDone{false};
  std::atomic<int> order{0};
  int highAt = 0, midAt = 0;

  std::thread low([&] {
    if (!realtimeOnCpu0(10)) {
      refused = true;
      held = true;
      return;
    }
    mutex.lock();
    held = true;
    // Holds the lock until the high thread waits for it (then only runs if lifted).
    while (!spinning.load()) std::this_thread::yield();
    mutex.unlock();
  });
  while (!held.load()) std::this_thread::yield();
  if (refused.load()) {
    low.join();
    return Outcome::NoRealtime;
  }

  std::thread mid([&] {
    realtimeOnCpu0(20);
    spinning = true;
    const auto until = std::chrono::steady_clock::now() + spinLimit;
    while (!highGot.load() && std::chrono::steady_clock::now() < until) {
    }
    midAt = ++order;
    midDone = true;
  });
  while (!spinning.load()) std::this_thread::yield();

  std::thread high([&] {
    realtimeOnCpu0(30);
    mutex.lock();
    highAt = ++order;
    highGot = true;
    mutex.unlock();
  });
  high.join();
  mid.join();
  low.join();
  return highAt < midAt ? Outcome::HighFirst : Outcome::SpinnerFirst;
}

void testPriorityInheritance(test::Tap& tap) {
  const Outcome control = inversion<std::mutex>(std::chrono::milliseconds(300));
  if (control == Outcome::NoRealtime) {
    tap.note("SKIP priority inheritance: real-time scheduling refused (run as root or with CAP_SYS_NICE)");
    return;
  }
  tap.check(control == Outcome::SpinnerFirst,
            "control: behind a plain mutex the high-priority thread waits until the spinner stops");
  const Outcome pi = inversion<engine::PiMutex>(std::chrono::milliseconds(5000));
  tap.check(pi == Outcome::HighFirst,
            "PiMutex: the holder inherits the waiter's priority, so the high thread gets the lock while the "
            "spinner still spins");
}

void testStallReport(test::Tap& tap) {
  const int64_t ms = 1000000;
  engine::TickProfiler profile(20 * ms);
  std::string text;
  uint64_t lateness = 0;
  // Ticks 0..9 on time, 0.5 ms of work each.
  for (uint64_t t = 0; t < 10; ++t) {
    const int64_t start = static_cast<int64_t>(t) * 20 * ms;
    profile.begin(t, start, false);
    profile.mark(engine::TickPhase::Dsp, start + ms / 2);
    profile.end(start + ms / 2);
  }
  tap.check(!profile.takeStall(&text, &lateness), "no stall while every tick is on time");
  // Tick 10: one command holds the clock thread for 75 ms.
  profile.begin(10, 200 * ms, false);
  profile.mark(engine::TickPhase::CommandQueue, 200 * ms);
  profile.command(12, 75 * ms);
  profile.mark(engine::TickPhase::Commands, 275 * ms);
  profile.end(276 * ms);
  // Ticks 11..13 late (due at 220, 240, 260 ms), then 14 on time again.
  profile.begin(11, 276 * ms, true);
  profile.end(277 * ms);
  profile.begin(12, 277 * ms, true);
  profile.end(278 * ms);
  profile.begin(13, 278 * ms, true);
  tap.check(!profile.takeStall(&text, &lateness), "a stall is reported once the clock is on time again, not before");
  profile.end(279 * ms);
  profile.begin(14, 280 * ms, false);
  const bool got = profile.takeStall(&text, &lateness);
  tap.check(got, "the stall is reported when the clock is back on time");
  tap.check(text.find("3 ticks late from tick 11") != std::string::npos, "it counts the late ticks and names the first", text);
  tap.check(lateness == 56 * ms, "its worst lateness is tick 11's (due at 220 ms, ran at 276 ms)", format("%llu ns", static_cast<unsigned long long>(lateness)));
  tap.check(text.find("commands 75.0") != std::string::npos && text.find("op 12, 75.0 ms") != std::string::npos,
            "it puts the stall down to the tick before: its commands phase and its slowest command", text);
  tap.check(!profile.takeStall(&text, &lateness), "each stall is reported once");
}

}  // namespace

int main() {
  test::Tap tap;
  testStallReport(tap);
  testPriorityInheritance(tap);
  return tap.finish();
}
