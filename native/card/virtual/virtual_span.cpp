#include "card/virtual/virtual_span.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "dsp/g711.h"

namespace tl::card {

VirtualSpan::VirtualSpan(int index, uint32_t tickSamples) : samples_(tickSamples) {
  description_.index = index;
  description_.name = "virtual/" + std::to_string(index);
  description_.law = Companding::Alaw;
  description_.hasDChannel = true;
  for (int ts = 0; ts < kE1Timeslots; ++ts) {
    if (!isBChannel(ts)) continue;
    rx_[static_cast<size_t>(ts)].assign(tickSamples, dsp::kAlawSilence);
    tx_[static_cast<size_t>(ts)].assign(tickSamples, dsp::kAlawSilence);
  }
}

const uint8_t* VirtualSpan::rxAudio(int timeslot) const {
  return isBChannel(timeslot) ? rx_[static_cast<size_t>(timeslot)].data() : nullptr;
}

uint8_t* VirtualSpan::txAudio(int timeslot) {
  return isBChannel(timeslot) ? tx_[static_cast<size_t>(timeslot)].data() : nullptr;
}

bool VirtualSpan::readFrame(uint8_t* buf, size_t cap, size_t* len) {
  if (rxFrames_.empty()) return false;
  const size_t size = rxFrames_.frontSize();
  if (size > cap) {
    *len = 0;
    ++counters_.framesDropped;
  } else {
    std::memcpy(buf, rxFrames_.frontData(), size);
    *len = size;
    ++counters_.framesRx;
  }
  rxFrames_.pop();
  return true;
}

bool VirtualSpan::writeFrame(const uint8_t* frame, size_t len) {
  if ((alarms_ & (kAlarmRed | kAlarmLos)) || txFrames_.size() >= kMaxQueuedFrames || len > kMaxFrame) {
    ++counters_.framesDropped;
    return false;
  }
  txFrames_.push(frame, len);
  ++counters_.framesTx;
  return true;
}

void VirtualSpan::deliverFrame(const uint8_t* frame, size_t len) {
  if (!rxFrames_.push(frame, len)) ++counters_.framesDropped;
}

bool VirtualSpan::pollLineEvent(LineEvent* event) {
  if (lineEvents_.empty()) return false;
  *event = lineEvents_.front();
  lineEvents_.pop_front();
  return true;
}

void VirtualSpan::setAlarms(uint32_t alarms) {
  if (alarms == alarms_) return;
  alarms_ = alarms;
  lineEvents_.push_back({LineEventKind::AlarmChanged, alarms});
  if (alarms & (kAlarmRed | kAlarmLos)) {
    rxFrames_.clear();
    txFrames_.clear();
    for (auto& buf : rx_) std::fill(buf.begin(), buf.end(), dsp::kAlawSilence);
  }
}

void VirtualSpan::reportSlip(int direction) {
  ++counters_.slips;
  lineEvents_.push_back({LineEventKind::Slip, static_cast<uint32_t>(direction)});
}

}  // namespace tl::card
