#include "engine/dsp_pool.h"

#include <pthread.h>

#include <string>

namespace tl::engine {

DspPool::DspPool(unsigned workers, int priority) {
  for (unsigned i = 0; i < workers; ++i) {
    threads_.emplace_back([this, i, priority] {
      const std::string name = "tl-dsp-" + std::to_string(i + 1);
      pthread_setname_np(pthread_self(), name.c_str());
      if (priority > 0) {
        sched_param param{};
        param.sched_priority = priority;
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);  // best effort, like the clock thread
      }
      loop(i + 1);
    });
  }
}

DspPool::~DspPool() {
  stopping_.store(true, std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();
  for (auto& t : threads_) t.join();
}

void DspPool::run(Fn fn, void* context, size_t count, size_t minParallel) {
  if (threads_.empty() || count < minParallel) {
    fn(context, 0, count);
    return;
  }
  fn_ = fn;
  context_ = context;
  count_ = count;
  remaining_.store(static_cast<unsigned>(threads_.size()), std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  generation_.notify_all();

  const size_t shares = threads_.size() + 1;
  fn(context, 0, count / shares);

  for (unsigned left = remaining_.load(std::memory_order_acquire); left != 0;
       left = remaining_.load(std::memory_order_acquire)) {
    remaining_.wait(left, std::memory_order_acquire);
  }
}

void DspPool::loop(unsigned index) {
  uint64_t seen = 0;
  for (;;) {
    generation_.wait(seen, std::memory_order_acquire);
    seen = generation_.load(std::memory_order_acquire);
    if (stopping_.load(std::memory_order_acquire)) return;
    const size_t shares = threads_.size() + 1;
    const size_t begin = count_ * index / shares;
    const size_t end = count_ * (index + 1) / shares;
    fn_(context_, begin, end);
    if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) remaining_.notify_one();
  }
}

}  // namespace tl::engine
