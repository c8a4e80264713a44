// Single-producer single-consumer ring of trivially copyable values. The
// producer is a real-time thread and never waits: when the ring is full it
// writes what fits and reports the shortfall.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tl::engine {

template <typename T>
class SpscRing {
 public:
  explicit SpscRing(size_t minCapacity) {
    size_t cap = 1;
    while (cap < minCapacity) cap <<= 1;
    buffer_.resize(cap);
    mask_ = cap - 1;
  }

  size_t capacity() const { return buffer_.size(); }

  size_t size() const {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_acquire);
  }

  // Producer: returns how many values were written (< n when full).
  size_t write(const T* values, size_t n) {
    const size_t head = head_.load(std::memory_order_relaxed);
    const size_t tail = tail_.load(std::memory_order_acquire);
    const size_t space = buffer_.size() - (head - tail);
    const size_t count = n < space ? n : space;
    for (size_t i = 0; i < count; ++i) buffer_[(head + i) & mask_] = values[i];
    head_.store(head + count, std::memory_order_release);
    return count;
  }

  // Producer: writes n copies of value.
  size_t fill(const T& value, size_t n) {
    const size_t head = head_.load(std::memory_order_relaxed);
    const size_t tail = tail_.load(std::memory_order_acquire);
    const size_t space = buffer_.size() - (head - tail);
    const size_t count = n < space ? n : space;
    for (size_t i = 0; i < count; ++i) buffer_[(head + i) & mask_] = value;
    head_.store(head + count, std::memory_order_release);
    return count;
  }

  // Consumer: reads up to n values, returns how many.
  size_t read(T* out, size_t n) {
    const size_t tail = tail_.load(std::memory_order_relaxed);
    const size_t head = head_.load(std::memory_order_acquire);
    const size_t available = head - tail;
    const size_t count = n < available ? n : available;
    for (size_t i = 0; i < count; ++i) out[i] = buffer_[(tail + i) & mask_];
    tail_.store(tail + count, std::memory_order_release);
    return count;
  }

 private:
  std::vector<T> buffer_;
  size_t mask_ = 0;
  alignas(64) std::atomic<size_t> head_{0};
  alignas(64) std::atomic<size_t> tail_{0};
};

}  // namespace tl::engine
