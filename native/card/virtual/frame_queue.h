// A bounded first-in first-out queue of D-channel frames whose storage is
// made once, with the span. The virtual card moves every signalling frame
// through two of these on the clock thread, which must not allocate: a
// std::vector per frame was a malloc on writing and a free on reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tl::card {

class FrameQueue {
 public:
  FrameQueue(size_t capacity, size_t maxFrame)
      : maxFrame_(maxFrame), bytes_(capacity * maxFrame), lengths_(capacity) {}

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t maxFrame() const { return maxFrame_; }

  // Copies the frame in; false (nothing queued) when full or when the frame
  // is longer than maxFrame().
  bool push(const uint8_t* frame, size_t len) {
    if (count_ == lengths_.size() || len > maxFrame_) return false;
    const size_t slot = (head_ + count_) % lengths_.size();
    if (len) std::memcpy(&bytes_[slot * maxFrame_], frame, len);
    lengths_[slot] = len;
    ++count_;
    return true;
  }

  // The oldest frame; only when !empty().
  const uint8_t* frontData() const { return &bytes_[head_ * maxFrame_]; }
  size_t frontSize() const { return lengths_[head_]; }
  void pop() {
    head_ = (head_ + 1) % lengths_.size();
    --count_;
  }
  void clear() {
    head_ = 0;
    count_ = 0;
  }

 private:
  const size_t maxFrame_;
  std::vector<uint8_t> bytes_;   // capacity slots of maxFrame_ bytes
  std::vector<size_t> lengths_;  // per slot
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace tl::card
