// A wake-up the clock thread can give without taking any lock: a sequence
// number and a futex. A condition variable would not do: notifying one may
// wait on a mutex the waiting thread holds for a moment each time it wakes,
// and an ordinary thread preempted in that moment holds up the clock thread
// (80 ms was seen on a loaded machine). Linux only, like the engine.
#pragma once

#include <atomic>
#include <cstdint>

namespace tl::engine {

class WakeSignal {
 public:
  // Read before checking for work; pass to waitFor().
  uint32_t current() const { return seq_.load(std::memory_order_acquire); }
  // Any thread, never blocks.
  void notify();
  // Sleeps up to timeoutMs, or not at all if notify() was called since
  // `seen` was read.
  void waitFor(uint32_t seen, uint32_t timeoutMs);

 private:
  std::atomic<uint32_t> seq_{0};
};

}  // namespace tl::engine
