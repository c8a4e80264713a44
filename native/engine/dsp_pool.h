// The DSP worker threads ("tl-dsp-N"). Each tick the clock thread runs a
// phase over every channel: it wakes the workers and all of them, the clock
// thread too, take chunks of channels from a shared cursor until none is
// left; run() returns when every chunk is done.
//
// Chunks, not fixed shares: on a shared machine a worker may be woken late
// (another real-time thread holds its CPU). With fixed shares the clock
// thread would wait for that worker's whole share; here it takes the chunks
// the worker has not started, and waits at most for the one chunk a worker
// is running. Waiting uses C++20 atomic wait/notify (futexes on Linux), so an
// idle pool costs nothing and a wake-up is a few microseconds.
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

  // Channels a thread takes at a time: a few tens of microseconds of work.
  static constexpr size_t kChunk = 32;

  // workers: threads besides the caller (0 = run everything on the caller).
  // priority > 0: the workers run SCHED_FIFO at that priority when allowed.
  DspPool(unsigned workers, int priority);
  ~DspPool();
  DspPool(const DspPool&) = delete;
  DspPool& operator=(const DspPool&) = delete;

  // Runs fn over [0, count) in chunks on the caller and the workers; blocks
  // until all are done. Small jobs (count < minParallel) run on the caller
  // alone. count must be below 2^20.
  void run(Fn fn, void* context, size_t count, size_t minParallel = 64);

  unsigned workers() const { return static_cast<unsigned>(threads_.size()); }

  // Moves the workers to SCHED_FIFO at `priority` (> 0) or to normal
  // scheduling (0). False if the system refused it for any of them.
  bool setPriority(int priority);

 private:
  void loop();
  // Takes and runs chunks of the current job until none is left.
  void work();

  std::vector<std::thread> threads_;
  std::atomic<uint64_t> generation_{0};  // bumped to wake the workers
  std::atomic<bool> stopping_{false};
  // The current job: its count and the next unclaimed index, packed so that
  // one compare-and-swap claims a chunk of exactly the job it was read from.
  std::atomic<uint64_t> cursor_{0};
  std::atomic<size_t> done_{0};  // indices of the current job finished
  std::atomic<Fn> fn_{nullptr};
  std::atomic<void*> context_{nullptr};
};

}  // namespace tl::engine
