// A software clock for cards without their own timing (the virtual card):
// real time, N-times real time, or free-running.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "card/clock_source.h"

namespace tl::card {

class SoftClock : public ClockSource {
 public:
  // tickNs: the tick period in real time; speed: ticks run speed times faster
  // (only for ClockMode::Speed).
  SoftClock(ClockMode mode, uint64_t tickNs, double speed);

  ClockMode mode() const override { return mode_; }
  bool wait(uint64_t tick, bool* late) override;
  uint64_t dueTick(uint64_t tick) const override;
  void stop() override;

 private:
  const ClockMode mode_;
  const uint64_t periodNs_;  // real nanoseconds between ticks
  int64_t startNs_ = -1;
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

int64_t monotonicNs();

}  // namespace tl::card
