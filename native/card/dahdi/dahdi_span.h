// One E1 span of a DAHDI card: 30 B-channels, the D-channel, span alarms.
//
// The span is handed descriptors that are already open and configured (see
// dahdi_device.h) plus two hooks into the kernel (span status and event
// queue), so that everything it does per tick -- one block in and out per
// B-channel, frames on the D-channel, DAHDI events, alarm tracking -- runs
// unchanged over pipes and socketpairs in the native tests.
//
// Audio. The first beginTick() catches up (keeps only the newest of the
// blocks received since open), the first endTick() primes each channel with
// a block of silence; after that, one block in and one out per tick.
//
// Alarms. DAHDI queues DAHDI_EVENT_ALARM / DAHDI_EVENT_NOALARM on every
// channel of a span when its alarm word changes, and fails read()/write()
// with ELAST until the event is taken (DAHDI_GETEVENT). The channels hand
// such descriptors to drainEvents(); an alarm event marks the span's
// alarms stale, and the end of the next beginTick() re-reads them
// (DAHDI_SPANSTAT) and queues the line events (span_alarms.h). The alarms
// are also re-read every alarmPollTicks as a safety net, and once at
// start(). A span DAHDI no longer knows reads as kAlarmNotOpen.
//
// Threading: like every SpanIo, used from the engine's clock thread only.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "card/card_backend.h"
#include "card/dahdi/block_channel.h"
#include "card/dahdi/fd_io.h"
#include "card/dahdi/hdlc_channel.h"
#include "card/dahdi/span_alarms.h"

namespace tl::card {

struct DahdiSpanHooks {
  FdIo io;
  // DAHDI_SPANSTAT: the span's DAHDI_ALARM_* word; false if the span is gone.
  std::function<bool(int* dahdiAlarms)> readAlarms;
  // DAHDI_GETEVENT on a descriptor: next DAHDI_EVENT_*, 0 when none, -1 on failure.
  std::function<int(int fd)> nextEvent;
};

// Descriptors of one span, indexed by timeslot (B-channels 1-15, 17-31).
struct DahdiSpanFds {
  UniqueFd dchannel;
  std::array<UniqueFd, kE1Timeslots> bchannels;
};

class DahdiSpan : public SpanIo, private ChannelEvents {
 public:
  struct EventCounters {
    uint64_t alarmEvents = 0;     // ALARM / NOALARM / REMOVED
    uint64_t hdlcErrors = 0;      // ABORT / BADFCS / OVERRUN on the D-channel
    uint64_t bufferEvents = 0;    // READ_OVERRUN / WRITE_UNDERRUN
    uint64_t otherEvents = 0;
    uint64_t eventReadFailures = 0;
  };

  DahdiSpan(SpanDescription description, uint32_t tickSamples, uint32_t alarmPollTicks, DahdiSpanFds fds,
            DahdiSpanHooks hooks);

  // Takes the first alarm reading (queues AlarmChanged if the span is in
  // alarm, and DChannelUp/Down).
  void start();
  void beginTick(uint64_t tick);
  void endTick(uint64_t tick);

  // --- SpanIo ---
  const SpanDescription& description() const override { return description_; }
  const uint8_t* rxAudio(int timeslot) const override;
  uint8_t* txAudio(int timeslot) override;
  bool readFrame(uint8_t* buf, size_t cap, size_t* len) override;
  bool writeFrame(const uint8_t* frame, size_t len) override;
  uint32_t alarms() const override { return alarmState_.alarms(); }
  bool pollLineEvent(LineEvent* event) override;
  Counters counters() const override;

  // --- diagnostics ---
  BlockChannel::Counters audioCounters() const;  // summed over the 30 B-channels
  HdlcChannel::Counters dchannelCounters() const;
  const EventCounters& eventCounters() const { return eventCounters_; }

 private:
  void drainEvents(int fd) override;
  void refreshAlarms();

  SpanDescription description_;
  uint32_t alarmPollTicks_;
  uint32_t ticksSinceAlarmPoll_ = 0;
  DahdiSpanHooks hooks_;
  std::unique_ptr<HdlcChannel> dchannel_;
  std::array<std::unique_ptr<BlockChannel>, kE1Timeslots> bchannels_;
  std::array<std::vector<uint8_t>, kE1Timeslots> rx_;
  std::array<std::vector<uint8_t>, kE1Timeslots> tx_;
  SpanAlarmState alarmState_;
  bool alarmsStale_ = false;
  bool receiving_ = false;  // a first beginTick has run
  bool primed_ = false;      // a first endTick has run
  std::deque<LineEvent> lineEvents_;
  EventCounters eventCounters_;
};

}  // namespace tl::card
