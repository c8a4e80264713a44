#include "card/soft_clock.h"

#include <time.h>

#include <chrono>

namespace tl::card {

int64_t monotonicNs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

SoftClock::SoftClock(ClockMode mode, uint64_t tickNs, double speed)
    : mode_(mode),
      periodNs_(mode == ClockMode::Speed && speed > 0 ? static_cast<uint64_t>(tickNs / speed) : tickNs) {}

bool SoftClock::wait(uint64_t tick, bool* late) {
  *late = false;
  if (stopped_.load(std::memory_order_acquire)) return false;
  if (mode_ == ClockMode::FreeRun) return true;
  const int64_t now = monotonicNs();
  if (startNs_ < 0) startNs_ = now;
  const int64_t deadline = startNs_ + static_cast<int64_t>(tick * periodNs_);
  if (now - deadline > static_cast<int64_t>(periodNs_ / 2)) {
    *late = true;
    return true;
  }
  // Absolute deadlines: lateness never accumulates. The condition variable
  // lets stop() cut the wait short.
  std::unique_lock<std::mutex> lock(mutex_);
  const auto target = std::chrono::steady_clock::now() + std::chrono::nanoseconds(deadline - now);
  cv_.wait_until(lock, target, [this] { return stopped_.load(std::memory_order_acquire); });
  return !stopped_.load(std::memory_order_acquire);
}

uint64_t SoftClock::dueTick(uint64_t tick) const {
  if (mode_ == ClockMode::FreeRun || startNs_ < 0) return tick;
  const int64_t elapsed = monotonicNs() - startNs_;
  const uint64_t due = elapsed > 0 ? static_cast<uint64_t>(elapsed) / periodNs_ : 0;
  return due > tick ? due : tick;
}

void SoftClock::stop() {
  stopped_.store(true, std::memory_order_release);
  std::lock_guard<std::mutex> lock(mutex_);
  cv_.notify_all();
}

}  // namespace tl::card
