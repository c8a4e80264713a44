// The DSP worker threads ("tl-dsp-N"). Each tick the clock thread hands them
// a range of channels to process and works on a share itself; run() returns
// when every share is done. Waiting uses C++20 atomic wait/notify (futexes on
// Linux), so an idle pool costs nothing and a wake-up is a few microseconds.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace tl::engine {

class DspPool {
 public:
  using Fn = void (*)(void* context, size_t begin, size_t end);

  // workers: threads besides the caller (0 = run everything on the caller).
  // priority > 0: the workers run SCHED_FIFO at that priority when allowed.
  DspPool(unsigned workers, int priority);
  ~DspPool();
  DspPool(const DspPool&) = delete;
  DspPool& operator=(const DspPool&) = delete;

  // Splits [0, count) into shares and runs fn on each; blocks until all are
  // done. Small jobs (count < minParallel) run on the caller alone.
  void run(Fn fn, void* context, size_t count, size_t minParallel = 64);

  unsigned workers() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void loop(unsigned index);

  std::vector<std::thread> threads_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<unsigned> remaining_{0};
  std::atomic<bool> stopping_{false};
  Fn fn_ = nullptr;
  void* context_ = nullptr;
  size_t count_ = 0;
};

}  // namespace tl::engine
