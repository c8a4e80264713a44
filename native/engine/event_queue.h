// The one bounded queue that carries engine events to JavaScript.
//
// The clock thread appends a tick's events to a private "building" batch
// without locking, then publishes it at the end of the tick. Publishing
// merges into the pending batch (under a short lock) and, if the consumer has
// not been notified yet, calls notify() once -- the addon turns that into one
// ThreadSafeFunction call. So there is never more than one call in flight:
// when JavaScript is slow, ticks coalesce into bigger batches instead of
// queueing many small calls.
//
// Bounds: beyond softLimit pending records, non-critical events (DTMF, tones,
// playback progress) are dropped; beyond hardLimit everything is dropped.
// Drops are counted and reported to JS in the next batch that gets through.
// The engine never blocks on this queue.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/event_record.h"
#include "engine/pi_mutex.h"

namespace tl::engine {

// The batch's strings are kept end to end in one buffer rather than as one
// std::string each: the clock thread appends into room the buffer already
// has, where a std::string per event was an allocation on the clock thread
// and a free on the JS thread.
struct EventBatch {
  std::vector<EventRecord> records;
  std::string stringChars;              // every string, end to end
  std::vector<uint32_t> stringEnds;     // where string i ends in stringChars
  uint64_t lastTick = 0;       // the newest tick this batch covers
  uint64_t droppedTotal = 0;   // events dropped since the card opened

  size_t stringCount() const { return stringEnds.size(); }
  std::string_view string(size_t index) const {
    const uint32_t begin = index == 0 ? 0 : stringEnds[index - 1];
    return std::string_view(stringChars).substr(begin, stringEnds[index] - begin);
  }
  // Index of the string added.
  int32_t addString(std::string_view text) {
    stringChars.append(text);
    stringEnds.push_back(static_cast<uint32_t>(stringChars.size()));
    return static_cast<int32_t>(stringEnds.size() - 1);
  }
  void clear() {
    records.clear();
    stringChars.clear();
    stringEnds.clear();
  }
  // Makes room for a busy tick's events (storage is kept by clear()).
  void reserve() {
    if (records.capacity() < 1024) records.reserve(1024);
    if (stringChars.capacity() < 16384) stringChars.reserve(16384);
    if (stringEnds.capacity() < 256) stringEnds.reserve(256);
  }
};

class EventQueue {
 public:
  EventQueue(size_t softLimit, size_t hardLimit);

  // --- producer side (clock thread only) ---
  void push(const EventRecord& record) { building_.records.push_back(record); }
  // Adds a string to the building batch, returns its index for EventRecord.w[7].
  int32_t addString(std::string_view text) { return building_.addString(text); }
  bool buildingEmpty() const { return building_.records.empty(); }
  // Moves the building batch to the pending batch and notifies the consumer
  // if needed. `force` publishes even an empty batch (a clock heartbeat).
  // Returns true if anything was published.
  bool publish(uint64_t tick, bool force);

  // --- consumer side (JS thread) ---
  // Takes everything pending (what *out held is discarded). Returns false if
  // there was nothing.
  bool take(EventBatch* out);

  // Set once by the addon before the engine starts; called on the clock
  // thread, must not block.
  void setNotify(std::function<void()> notify) { notify_ = std::move(notify); }

  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  uint64_t published() const { return published_.load(std::memory_order_relaxed); }

 private:
  const size_t softLimit_;
  const size_t hardLimit_;
  EventBatch building_;
  PiMutex mutex_;               // shared with the JS thread: priority-inheriting
  EventBatch pending_;          // guarded by mutex_
  bool notified_ = false;       // guarded by mutex_
  bool pendingValid_ = false;   // guarded by mutex_: pending_ holds a publish
  std::function<void()> notify_;
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> published_{0};
};

}  // namespace tl::engine
