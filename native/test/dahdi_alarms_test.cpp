// Span alarms: DAHDI's alarm word mapped bit by bit onto the contract's
// AlarmBits, and the line events successive readings produce.
#include <dahdi/user.h>

#include <deque>
#include <string>
#include <vector>

#include "card/dahdi/span_alarms.h"
#include "dahdi_tap.h"

using namespace tl::card;

namespace {

std::string describe(const std::deque<LineEvent>& events) {
  std::string out;
  for (const LineEvent& e : events) {
    if (!out.empty()) out += ",";
    switch (e.kind) {
      case LineEventKind::AlarmChanged: out += "alarm:" + std::to_string(e.value); break;
      case LineEventKind::DChannelUp: out += "up"; break;
      case LineEventKind::DChannelDown: out += "down"; break;
      case LineEventKind::Slip: out += "slip"; break;
    }
  }
  return out;
}

// Feeds one reading; returns the events it produced.
std::string step(SpanAlarmState& state, uint32_t alarms) {
  std::deque<LineEvent> events;
  state.update(alarms, &events);
  return describe(events);
}

}  // namespace

int main() {
  Tap tap;

  struct Case {
    int dahdi;
    uint32_t ours;
    const char* name;
  };
  const Case cases[] = {
      {DAHDI_ALARM_RECOVER, kAlarmRecover, "recover"}, {DAHDI_ALARM_LOOPBACK, kAlarmLoopback, "loopback"},
      {DAHDI_ALARM_YELLOW, kAlarmYellow, "yellow"},    {DAHDI_ALARM_RED, kAlarmRed, "red"},
      {DAHDI_ALARM_BLUE, kAlarmBlue, "blue"},          {DAHDI_ALARM_NOTOPEN, kAlarmNotOpen, "not open"},
      {DAHDI_ALARM_LOS, kAlarmLos, "loss of signal"},  {DAHDI_ALARM_LFA, kAlarmLfa, "loss of frame alignment"},
      {DAHDI_ALARM_LMFA, kAlarmLmfa, "loss of multiframe alignment"},
  };
  for (const Case& c : cases) {
    const uint32_t got = alarmsFromDahdi(c.dahdi);
    tap.check(std::string("DAHDI ") + c.name + " maps to the contract's " + c.name, got == c.ours,
              "got " + std::to_string(got) + ", want " + std::to_string(c.ours));
  }
  tap.check("no DAHDI alarm is no alarm", alarmsFromDahdi(DAHDI_ALARM_NONE) == kAlarmNone);
  tap.check("a pulled cable: red + loss of signal",
            alarmsFromDahdi(DAHDI_ALARM_RED | DAHDI_ALARM_LOS) == (kAlarmRed | kAlarmLos));
  tap.check("bits DAHDI does not define are dropped, not passed on unnamed",
            alarmsFromDahdi((1 << 6) | (1 << 7) | (1 << 11) | (1 << 20) | DAHDI_ALARM_BLUE) == kAlarmBlue);

  {
    SpanAlarmState s;
    tap.check("first reading, clear line: D-channel layer 1 up, no alarm change",
              step(s, kAlarmNone) == "up" && s.layer1Up() && s.alarms() == kAlarmNone);
    const std::string pulled = step(s, kAlarmRed | kAlarmLos);
    tap.check("cable pulled: alarm change then D-channel down",
              pulled == "alarm:" + std::to_string(kAlarmRed | kAlarmLos) + ",down" && !s.layer1Up(), pulled);
    tap.check("the same reading again: nothing", step(s, kAlarmRed | kAlarmLos).empty());
    const std::string recovering = step(s, kAlarmRecover);
    tap.check("recovering: alarm change only, layer 1 still down",
              recovering == "alarm:" + std::to_string(kAlarmRecover) && !s.layer1Up(), recovering);
    const std::string clear = step(s, kAlarmNone);
    tap.check("cleared: alarm change to 0, D-channel up", clear == "alarm:0,up" && s.layer1Up(), clear);
  }
  {
    SpanAlarmState s;
    const std::string first = step(s, kAlarmNotOpen);
    tap.check("first reading in alarm: alarm change and D-channel down",
              first == "alarm:" + std::to_string(kAlarmNotOpen) + ",down", first);
    const std::string yellow = step(s, kAlarmYellow);
    tap.check("from one alarm to another: alarm change only", yellow == "alarm:" + std::to_string(kAlarmYellow), yellow);
  }
  return tap.done();
}
