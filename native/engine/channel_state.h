// The channel state machine: every state a B-channel can be in, and the only
// transitions allowed between them. A transition not in the table is refused
// and counted -- never silently applied -- so a signalling bug shows up as a
// counter and a history entry instead of a stuck channel.
//
//   Idle --open--> Open --close--> Idle                 (media without signalling)
//   Idle -> Offered -> [Proceeding] -> [Ringing] -> Up  (inbound call)
//   Idle -> Dialing -> [OutProceeding] -> [Alerting] -> Up   (outbound call)
//   any call state -> Terminating -> Idle               (clearing)
//   any call state -> Idle                              (abrupt clear: alarm, RELEASE COMPLETE)
#pragma once

#include <cstdint>

namespace tl::engine {

enum class ChannelState : uint8_t {
  Idle = 0,
  Open = 1,
  Offered = 2,
  Proceeding = 3,
  Ringing = 4,
  Dialing = 5,
  OutProceeding = 6,
  Alerting = 7,
  Up = 8,
  Terminating = 9,
};

inline constexpr int kChannelStateCount = 10;

const char* channelStateName(ChannelState state);

bool isTransitionAllowed(ChannelState from, ChannelState to);

// States in which the channel carries audio we process (detectors run,
// prompts and tones may play, recordings may run).
bool isMediaState(ChannelState state);

// States that belong to a call (signalling owns the channel).
bool isCallState(ChannelState state);

}  // namespace tl::engine
