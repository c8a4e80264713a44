#include "card/dahdi/span_alarms.h"

#include <dahdi/user.h>

namespace tl::card {

namespace {

struct AlarmPair {
  int dahdi;
  uint32_t ours;
};

constexpr AlarmPair kAlarmMap[] = {
    {DAHDI_ALARM_RECOVER, kAlarmRecover}, {DAHDI_ALARM_LOOPBACK, kAlarmLoopback},
    {DAHDI_ALARM_YELLOW, kAlarmYellow},   {DAHDI_ALARM_RED, kAlarmRed},
    {DAHDI_ALARM_BLUE, kAlarmBlue},       {DAHDI_ALARM_NOTOPEN, kAlarmNotOpen},
    {DAHDI_ALARM_LOS, kAlarmLos},         {DAHDI_ALARM_LFA, kAlarmLfa},
    {DAHDI_ALARM_LMFA, kAlarmLmfa},
};

}  // namespace

uint32_t alarmsFromDahdi(int dahdiAlarms) {
  uint32_t out = kAlarmNone;
  for (const AlarmPair& pair : kAlarmMap) {
    if (dahdiAlarms & pair.dahdi) out |= pair.ours;
  }
  return out;
}

void SpanAlarmState::update(uint32_t alarms, std::deque<LineEvent>* events) {
  if (alarms != alarms_) {
    alarms_ = alarms;
    events->push_back({LineEventKind::AlarmChanged, alarms});
  }
  const bool up = alarms == kAlarmNone;
  if (!known_ || up != up_) {
    known_ = true;
    up_ = up;
    events->push_back({up ? LineEventKind::DChannelUp : LineEventKind::DChannelDown, 0});
  }
}

}  // namespace tl::card
