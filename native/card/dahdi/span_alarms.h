// Span alarms of a DAHDI span, as the driver contract reports them.
//
// DAHDI keeps one alarm word per span (DAHDI_SPANSTAT .alarms). The
// contract's AlarmBits were chosen with the same values, but the mapping is
// still written out bit by bit (alarmsFromDahdi) so that a change on either
// side is a compile error or a failing test, never a silent misreport. Bits
// DAHDI may add later are dropped rather than passed on unnamed.
//
// SpanAlarmState turns successive alarm readings into line events:
// AlarmChanged whenever the bits change, and DChannelUp/DChannelDown as the
// span's layer 1 comes and goes. DAHDI has no separate "HDLC ready" signal
// for a hardhdlc D-channel; it raises DAHDI_EVENT_ALARM on every channel of
// the span exactly when the span's alarm word becomes non-zero, and
// DAHDI_EVENT_NOALARM when it clears. So layer 1 is up when no alarm bit is
// set, which is also what libpri needs to bring Q.921 up.
#pragma once

#include <cstdint>
#include <deque>

#include "card/card_backend.h"

namespace tl::card {

// DAHDI_ALARM_* bits (an int in struct dahdi_spaninfo) -> AlarmBits.
uint32_t alarmsFromDahdi(int dahdiAlarms);

class SpanAlarmState {
 public:
  uint32_t alarms() const { return alarms_; }
  bool layer1Up() const { return up_; }

  // Records a new reading (AlarmBits) and appends the line events it implies.
  void update(uint32_t alarms, std::deque<LineEvent>* events);

 private:
  uint32_t alarms_ = kAlarmNone;
  bool up_ = false;  // unknown until the first reading; the first reading reports it
  bool known_ = false;
};

}  // namespace tl::card
