#include "engine/dsp_pool.h"

#include <pthread.h>

#include <string>

#include "engine/realtime_thread.h"
#include "engine/thread_arena.h"

namespace tl::engine {

namespace {
constexpr unsigned kIndexBits = 20;
constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;
inline uint64_t pack(uint64_t count, uint64_t next) { return (count << kIndexBits) | next; }
inline size_t countOf(uint64_t cursor) { return static_cast<size_t>((cursor >> kIndexBits) & kIndexMask); }
inline size_t nextOf(uint64_t cursor) { return static_cast<size_t>(cursor & kIndexMask); }
}  // namespace

DspPool::DspPool(unsigned workers, int priority) {
  for (unsigned i = 0; i < workers; ++i) {
    threads_.emplace_back([this, i, priority] {
      const std::string name = "tl-dsp-" + std::to_string(i + 1);
      pthread_setname_np(pthread_self(), name.c_str());
      claimThreadArena();  // before the mark: claiming the arena allocates
      markRealtimeThread();
      if (priority > 0) {
        sched_param param{};
        param.sched_priority = priority;
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);  // best effort, like the clock thread
      }
      loop();
    });
  }
}

DspPool::~DspPool() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : threads_) t.join();
}

bool DspPool::setPriority(int priority) {
  sched_param param{};
  param.sched_priority = priority > 0 ? priority : 0;
  bool ok = true;
  for (auto& t : threads_) {
    if (pthread_setschedparam(t.native_handle(), priority > 0 ? SCHED_FIFO : SCHED_OTHER, &param) != 0) ok = false;
  }
  return ok;
}

void DspPool::run(Fn fn, void* context, size_t count, size_t minParallel) {
  if (threads_.empty() || count < minParallel || count > kIndexMask) {
    fn(context, 0, count);
    return;
  }
  // Every chunk of the previous job is finished (run() waited for it), so no
  // worker reads fn_ or context_ while they change.
  fn_.store(fn, std::memory_order_relaxed);
  context_.store(context, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  cursor_.store(pack(count, 0), std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();

  work();

  for (size_t d = done_.load(std::memory_order_acquire); d != count; d = done_.load(std::memory_order_acquire)) {
    done_.wait(d, std::memory_order_acquire);
  }
}

void DspPool::work() {
  uint64_t cursor = cursor_.load(std::memory_order_acquire);
  for (;;) {
    const size_t count = countOf(cursor);
    const size_t begin = nextOf(cursor);
    if (begin >= count) return;
    const size_t end = begin + kChunk < count ? begin + kChunk : count;
    // A claim succeeds only on the very cursor it was computed from; the job
    // it belongs to is then still running, so fn_ and context_ are its own.
    if (!cursor_.compare_exchange_weak(cursor, pack(count, end), std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
      continue;  // cursor now holds the current value
    }
    fn_.load(std::memory_order_relaxed)(context_.load(std::memory_order_relaxed), begin, end);
    const size_t finished = done_.fetch_add(end - begin, std::memory_order_acq_rel) + (end - begin);
    if (finished == count) done_.notify_all();
    cursor = cursor_.load(std::memory_order_acquire);
  }
}

void DspPool::loop() {
  uint64_t seen = 0;
  for (;;) {
    generation_.wait(seen, std::memory_order_acquire);
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    work();
  }
}

}  // namespace tl::engine
