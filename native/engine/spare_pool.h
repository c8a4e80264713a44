// Spare objects made on an ordinary thread for the clock thread to take.
//
// Why: the clock thread must not allocate (see realtime_thread.h), yet some
// per-channel state is big and only some channels ever need it -- an echo
// canceller is ~47 KB, an answering-machine detector ~32 KB; made for every
// channel of a large card up front that is hundreds of megabytes. So a few
// spares wait here: the clock thread takes one when a call switches the
// feature on (a pop under a priority-inheriting lock), and the consumer of
// the release queue (the addon, on the JS thread, each time it takes events)
// makes new ones up to the target. Only a burst of more starts than spares
// within one batch falls back to allocating on the clock thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "engine/pi_mutex.h"

namespace tl::engine {

template <typename T>
class SparePool {
 public:
  using Make = std::function<std::unique_ptr<T>()>;

  SparePool(size_t target, Make make) : target_(target), make_(std::move(make)) {
    spares_.reserve(target_);
    topUp();
  }

  // --- clock thread ---
  // A spare, or a new one if none is left (that allocates: counted by the
  // native allocation test).
  std::unique_ptr<T> take() {
    {
      std::lock_guard<PiMutex> lock(mutex_);
      if (!spares_.empty()) {
        std::unique_ptr<T> out = std::move(spares_.back());
        spares_.pop_back();
        return out;
      }
    }
    return make_();
  }

  // --- a thread at normal priority ---
  // Makes spares (outside the lock) until there are `target` of them.
  void topUp() {
    for (;;) {
      {
        std::lock_guard<PiMutex> lock(mutex_);
        if (spares_.size() >= target_) return;
      }
      std::unique_ptr<T> spare = make_();
      std::lock_guard<PiMutex> lock(mutex_);
      if (spares_.size() >= target_) return;  // another thread filled it; spare freed here
      spares_.push_back(std::move(spare));
    }
  }

 private:
  const size_t target_;
  const Make make_;
  PiMutex mutex_;
  std::vector<std::unique_ptr<T>> spares_;  // guarded by mutex_; capacity target_
};

}  // namespace tl::engine
