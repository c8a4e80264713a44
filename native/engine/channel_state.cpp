#include "engine/channel_state.h"

namespace tl::engine {

namespace {

using S = ChannelState;

constexpr const char* kNames[kChannelStateCount] = {
    "idle", "open", "offered", "proceeding", "ringing",
    "dialing", "out_proceeding", "alerting", "up", "terminating",
};

// kAllowed[from][to]
constexpr bool buildRow(S from, S to) {
  switch (from) {
    case S::Idle:
      return to == S::Open || to == S::Offered || to == S::Dialing;
    case S::Open:
      return to == S::Idle;
    case S::Offered:
      return to == S::Proceeding || to == S::Ringing || to == S::Up || to == S::Terminating ||
             to == S::Idle;
    case S::Proceeding:
      return to == S::Ringing || to == S::Up || to == S::Terminating || to == S::Idle;
    case S::Ringing:
      return to == S::Up || to == S::Terminating || to == S::Idle;
    case S::Dialing:
      return to == S::OutProceeding || to == S::Alerting || to == S::Up ||
             to == S::Terminating || to == S::Idle;
    case S::OutProceeding:
      return to == S::Alerting || to == S::Up || to == S::Terminating || to == S::Idle;
    case S::Alerting:
      return to == S::Up || to == S::Terminating || to == S::Idle;
    case S::Up:
      return to == S::Terminating || to == S::Idle;
    case S::Terminating:
      return to == S::Idle;
  }
  return false;
}

}  // namespace

const char* channelStateName(ChannelState state) {
  auto i = static_cast<int>(state);
  return (i >= 0 && i < kChannelStateCount) ? kNames[i] : "invalid";
}

bool isTransitionAllowed(ChannelState from, ChannelState to) { return buildRow(from, to); }

bool isMediaState(ChannelState state) {
  return state != S::Idle && state != S::Terminating;
}

bool isCallState(ChannelState state) {
  return state != S::Idle && state != S::Open;
}

}  // namespace tl::engine
