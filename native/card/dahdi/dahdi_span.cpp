#include "card/dahdi/dahdi_span.h"

#include <dahdi/user.h>

#include <utility>

#include "dsp/g711.h"

namespace tl::card {

namespace {
// A descriptor can hold several events (an alarm and a buffer event, say);
// never more than DAHDI's event queue, which is far smaller than this.
constexpr int kMaxEventsPerDrain = 64;
}  // namespace

DahdiSpan::DahdiSpan(SpanDescription description, uint32_t tickSamples, uint32_t alarmPollTicks, DahdiSpanFds fds,
                     DahdiSpanHooks hooks)
    : description_(std::move(description)),
      alarmPollTicks_(alarmPollTicks ? alarmPollTicks : 1),
      hooks_(std::move(hooks)) {
  const uint8_t silence = description_.law == Companding::Ulaw ? dsp::kUlawSilence : dsp::kAlawSilence;
  ChannelEvents* events = this;  // the channels report DAHDI events back here
  if (fds.dchannel.valid()) {
    dchannel_ = std::make_unique<HdlcChannel>(std::move(fds.dchannel), hooks_.io, events);
  }
  description_.hasDChannel = dchannel_ != nullptr;
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    if (!isBChannel(ts)) continue;
    const auto i = static_cast<size_t>(ts);
    rx_[i].assign(tickSamples, silence);
    tx_[i].assign(tickSamples, silence);
    // A B-channel without a descriptor (only in tests) stays silent.
    if (fds.bchannels[i].valid()) {
      bchannels_[i] = std::make_unique<BlockChannel>(std::move(fds.bchannels[i]), tickSamples, silence, hooks_.io, events);
    }
  }
}

void DahdiSpan::start() { refreshAlarms(); }

void DahdiSpan::beginTick(uint64_t) {
  // The first tick skips what piled up since the channels were opened
  // (see BlockChannel::catchUp); later ticks take one block each.
  const bool first = !receiving_;
  receiving_ = true;
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    const auto i = static_cast<size_t>(ts);
    if (!bchannels_[i]) continue;
    if (first) {
      bchannels_[i]->catchUp(rx_[i].data());
    } else {
      bchannels_[i]->receive(rx_[i].data());
    }
  }
  if (alarmsStale_ || ++ticksSinceAlarmPoll_ >= alarmPollTicks_) refreshAlarms();
}

void DahdiSpan::endTick(uint64_t) {
  const bool prime = !primed_;
  primed_ = true;
  for (int ts = 1; ts < kE1Timeslots; ++ts) {
    const auto i = static_cast<size_t>(ts);
    if (!bchannels_[i]) continue;
    if (prime) bchannels_[i]->prime();
    bchannels_[i]->transmit(tx_[i].data());
  }
}

const uint8_t* DahdiSpan::rxAudio(int timeslot) const {
  return isBChannel(timeslot) ? rx_[static_cast<size_t>(timeslot)].data() : nullptr;
}

uint8_t* DahdiSpan::txAudio(int timeslot) {
  return isBChannel(timeslot) ? tx_[static_cast<size_t>(timeslot)].data() : nullptr;
}

bool DahdiSpan::readFrame(uint8_t* buf, size_t cap, size_t* len) {
  return dchannel_ && dchannel_->readFrame(buf, cap, len);
}

bool DahdiSpan::writeFrame(const uint8_t* frame, size_t len) {
  return dchannel_ && dchannel_->writeFrame(frame, len);
}

bool DahdiSpan::pollLineEvent(LineEvent* event) {
  if (lineEvents_.empty()) return false;
  *event = lineEvents_.front();
  lineEvents_.pop_front();
  return true;
}

SpanIo::Counters DahdiSpan::counters() const {
  Counters c;
  if (dchannel_) {
    const HdlcChannel::Counters& d = dchannel_->counters();
    c.framesRx = d.framesRx;
    c.framesTx = d.framesTx;
    c.framesDropped = d.rxDropped() + d.txDropped();
  }
  return c;  // DAHDI reports no slips to user space
}

BlockChannel::Counters DahdiSpan::audioCounters() const {
  BlockChannel::Counters sum;
  for (const auto& ch : bchannels_) {
    if (!ch) continue;
    const BlockChannel::Counters& c = ch->counters();
    sum.blocksRx += c.blocksRx;
    sum.rxMissing += c.rxMissing;
    sum.rxShort += c.rxShort;
    sum.rxErrors += c.rxErrors;
    sum.rxDiscarded += c.rxDiscarded;
    sum.blocksTx += c.blocksTx;
    sum.txRefused += c.txRefused;
    sum.txShort += c.txShort;
    sum.txErrors += c.txErrors;
  }
  return sum;
}

HdlcChannel::Counters DahdiSpan::dchannelCounters() const {
  return dchannel_ ? dchannel_->counters() : HdlcChannel::Counters{};
}

void DahdiSpan::drainEvents(int fd) {
  for (int i = 0; i < kMaxEventsPerDrain; ++i) {
    const int event = hooks_.nextEvent ? hooks_.nextEvent(fd) : DAHDI_EVENT_NONE;
    if (event == DAHDI_EVENT_NONE) return;
    if (event < 0) {
      ++eventCounters_.eventReadFailures;
      return;
    }
    switch (event) {
      case DAHDI_EVENT_ALARM:
      case DAHDI_EVENT_NOALARM:
      case DAHDI_EVENT_REMOVED:
        ++eventCounters_.alarmEvents;
        alarmsStale_ = true;
        break;
      case DAHDI_EVENT_ABORT:
      case DAHDI_EVENT_BADFCS:
      case DAHDI_EVENT_OVERRUN:
        ++eventCounters_.hdlcErrors;
        if (dchannel_ && fd == dchannel_->fd()) dchannel_->countReceiveError();
        break;
      case DAHDI_EVENT_READ_OVERRUN:
      case DAHDI_EVENT_WRITE_UNDERRUN:
        ++eventCounters_.bufferEvents;
        break;
      default:
        ++eventCounters_.otherEvents;
        break;
    }
  }
}

void DahdiSpan::refreshAlarms() {
  alarmsStale_ = false;
  ticksSinceAlarmPoll_ = 0;
  int dahdiAlarms = 0;
  const bool known = hooks_.readAlarms && hooks_.readAlarms(&dahdiAlarms);
  alarmState_.update(known ? alarmsFromDahdi(dahdiAlarms) : static_cast<uint32_t>(kAlarmNotOpen), &lineEvents_);
}

}  // namespace tl::card
