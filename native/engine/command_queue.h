// A queue from the JS thread (and the I/O thread) to the clock thread. The
// lock is held only to append or to swap the whole vector out, so the clock
// thread never waits behind a slow producer.
#pragma once

#include <mutex>
#include <vector>

#include "engine/command.h"

namespace tl::engine {

class CommandQueue {
 public:
  void push(CommandPtr command) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(std::move(command));
  }
  // Swaps everything queued into *out (which should be empty).
  void drain(std::vector<CommandPtr>* out) {
    std::lock_guard<std::mutex> lock(mutex_);
    out->swap(items_);
  }
  bool empty() {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.empty();
  }

 private:
  std::mutex mutex_;
  std::vector<CommandPtr> items_;
};

}  // namespace tl::engine
