#include "engine/event_queue.h"

#include <utility>

namespace tl::engine {

EventQueue::EventQueue(size_t softLimit, size_t hardLimit)
    : softLimit_(softLimit), hardLimit_(hardLimit < softLimit ? softLimit : hardLimit) {
  building_.reserve();
  pending_.reserve();
}

bool EventQueue::publish(uint64_t tick, bool force) {
  if (building_.records.empty() && !force) return false;
  bool callNotify = false;
  {
    std::lock_guard<PiMutex> lock(mutex_);
    uint64_t droppedNow = 0;
    const auto stringBase = static_cast<int32_t>(pending_.stringCount());
    const auto charBase = static_cast<uint32_t>(pending_.stringChars.size());
    pending_.stringChars.append(building_.stringChars);
    for (uint32_t end : building_.stringEnds) pending_.stringEnds.push_back(charBase + end);
    for (EventRecord r : building_.records) {
      const size_t size = pending_.records.size();
      const auto type = static_cast<EventType>(static_cast<uint32_t>(r.w[0]) & 0xFFFF);
      if (size >= hardLimit_ || (size >= softLimit_ && !isCriticalEvent(type))) {
        ++droppedNow;
        continue;
      }
      if (r.w[7] >= 0) r.w[7] += stringBase;
      pending_.records.push_back(r);
    }
    if (droppedNow) dropped_.fetch_add(droppedNow, std::memory_order_relaxed);
    pending_.lastTick = tick;
    pendingValid_ = true;
    pending_.droppedTotal = dropped_.load(std::memory_order_relaxed);
    if (!notified_) {
      notified_ = true;
      callNotify = true;
    }
  }
  building_.clear();
  published_.fetch_add(1, std::memory_order_relaxed);
  if (callNotify && notify_) notify_();
  return true;
}

bool EventQueue::take(EventBatch* out) {
  // The storage of *out becomes the pending batch: make its room here,
  // outside the lock and off the clock thread, so publish() never allocates.
  out->clear();
  out->reserve();
  std::lock_guard<PiMutex> lock(mutex_);
  notified_ = false;
  if (!pendingValid_) return false;
  std::swap(*out, pending_);
  pending_.clear();
  pendingValid_ = false;
  return true;
}

}  // namespace tl::engine
