// One software E1 span of the virtual card. It holds this tick's receive and
// transmit audio for the 30 B-channels and two D-channel frame queues; the
// cable (cable.h) moves data between two spans at the end of every tick.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "card/card_backend.h"
#include "card/virtual/frame_queue.h"

namespace tl::card {

class VirtualSpan : public SpanIo {
 public:
  VirtualSpan(int index, uint32_t tickSamples);

  const SpanDescription& description() const override { return description_; }
  const uint8_t* rxAudio(int timeslot) const override;
  uint8_t* txAudio(int timeslot) override;
  bool readFrame(uint8_t* buf, size_t cap, size_t* len) override;
  bool writeFrame(const uint8_t* frame, size_t len) override;
  uint32_t alarms() const override { return alarms_; }
  bool pollLineEvent(LineEvent* event) override;
  Counters counters() const override { return counters_; }

  // --- used by the cable and the card (clock thread) ---
  uint8_t* rxBuffer(int timeslot) { return rx_[static_cast<size_t>(timeslot)].data(); }
  const uint8_t* txBuffer(int timeslot) const { return tx_[static_cast<size_t>(timeslot)].data(); }
  FrameQueue& outgoingFrames() { return txFrames_; }
  // Queues a frame arriving from the far end (dropped and counted when the
  // queue is full or the frame longer than kMaxFrame).
  void deliverFrame(const uint8_t* frame, size_t len);
  void setAlarms(uint32_t alarms);
  void reportSlip(int direction);
  void dropFrame() { ++counters_.framesDropped; }

  static constexpr size_t kMaxQueuedFrames = 256;
  static constexpr size_t kMaxFrame = 1024;

 private:
  SpanDescription description_;
  uint32_t samples_;
  std::array<std::vector<uint8_t>, kE1Timeslots> rx_;
  std::array<std::vector<uint8_t>, kE1Timeslots> tx_;
  FrameQueue rxFrames_{kMaxQueuedFrames, kMaxFrame};
  FrameQueue txFrames_{kMaxQueuedFrames, kMaxFrame};
  std::deque<LineEvent> lineEvents_;
  uint32_t alarms_ = 0;
  Counters counters_;
};

}  // namespace tl::card
