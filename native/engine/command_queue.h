// A queue from the JS thread (and the I/O thread) to the clock thread. The
// lock is held only to append or to swap the whole vector out, and it
// inherits priority, so the clock thread never waits behind a producer the
// scheduler has put aside.
#pragma once

#include <mutex>
#include <vector>

#include "engine/command.h"
#include "engine/pi_mutex.h"

namespace tl::engine {

class CommandQueue {
 public:
  void push(CommandPtr command) {
    std::lock_guard<PiMutex> lock(mutex_);
    items_.push_back(std::move(command));
  }
  // Swaps everything queued into *out (which should be empty).
  void drain(std::vector<CommandPtr>* out) {
    std::lock_guard<PiMutex> lock(mutex_);
    out->swap(items_);
  }
  bool empty() {
    std::lock_guard<PiMutex> lock(mutex_);
    return items_.empty();
  }

 private:
  PiMutex mutex_;
  std::vector<CommandPtr> items_;
};

}  // namespace tl::engine
