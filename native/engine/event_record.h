// Events from the engine to JavaScript, packed as fixed-size records.
//
// A record is 8 int32 words so a whole tick's events cross the N-API boundary
// as one Int32Array (building JS objects per event costs ~40x more; see the
// platform notes). Words:
//   0: type (low 16 bits) | flags (high 16 bits)
//   1: span (low 16 bits, 0xFFFF = card-wide) | channel/timeslot (high 16 bits)
//   2: tick, low 32 bits     3: tick, high 32 bits
//   4: a    5: b    6: c    7: string index into the batch's string table, -1 if none
// The meaning of a/b/c per type is documented next to each type below and
// mirrored in bindings/events.ts -- keep the two in step.
#pragma once

#include <cstdint>

namespace tl::engine {

enum class EventType : uint16_t {
  // a = request id, b = ErrorCode (0 = ok), c = result value; str = error message or result JSON
  CommandDone = 1,
  // a = digit (ASCII), b = 1 start / 0 end, c = duration ms (end only)
  Dtmf = 2,
  // a = dsp::ProgressTone, b = 1 start / 0 stop
  Tone = 3,
  // a = playback id (the play request id), b = number of items
  PlaybackStarted = 4,
  // a = playback id, b = PlaybackEnd reason, c = items completed; str = message on error
  PlaybackFinished = 5,
  // a = send request id (DTMF or tone generation finished by itself)
  GeneratorDone = 6,
  // a = recording id, c = samples written so far
  RecordingStarted = 7,
  // a = recording id, b = RecordingEnd reason, c = samples written; str = path or error
  RecordingStopped = 8,
  // span event: a = alarm bits (card::AlarmBits)
  Alarm = 9,
  // span event: a = +1 repeat / -1 delete
  Slip = 10,
  // a = from ChannelState, b = to ChannelState, c = cause; flags bit 0 = refused (illegal)
  ChannelState = 11,
  // span event: a = 1 up / 0 down
  DChannel = 12,
  // call events (signalling): a = call id; str = JSON details
  CallOffered = 20,       // str: {"calling","called","presentation","callingPlan","complete"}
  CallDigits = 21,        // overlap receiving: str = {"digits","complete"}
  CallProceeding = 22,
  CallAlerting = 23,      // b = 1 if in-band progress available
  CallProgress = 24,      // b = progress indicator
  CallConnected = 25,
  CallHangup = 26,        // b = Q.850 cause; c = 1 remote / 0 local
  CallReleased = 27,      // b = Q.850 cause: the channel is free again
  CallMoved = 28,         // the call now uses the B-channel in the record (glare retry)
  // fax: a = fax id; see fax docs
  FaxPhase = 30,          // b = phase (1 B, 2 D page, 3 E end); c = pages so far; str = JSON
  FaxResult = 31,         // b = T.30 result code; c = pages; str = JSON result
  // a = 1 program connected / 0 socket closed; str = path or why it closed
  SocketState = 32,
  // answering-machine detection: a = dsp::AnswerResult (0 = stopped first), b = ms after start, c = longest utterance ms
  AnswerDetected = 33,
  // card-wide: c = dropped events since last report
  EventsDropped = 40,
  // card-wide: engine notice; str = text
  Notice = 41,
};

enum class PlaybackEnd : int32_t { Done = 0, Stopped = 1, Dtmf = 2, Replaced = 3, Hangup = 4, Error = 5 };
enum class RecordingEnd : int32_t { Stopped = 0, MaxDuration = 1, Hangup = 2, Error = 3, Closed = 4 };

inline constexpr uint16_t kCardWide = 0xFFFF;

struct EventRecord {
  int32_t w[8];
};
static_assert(sizeof(EventRecord) == 32);

inline EventRecord makeEvent(EventType type, uint16_t span, uint16_t channel, uint64_t tick,
                             int32_t a = 0, int32_t b = 0, int32_t c = 0, int32_t str = -1,
                             uint16_t flags = 0) {
  EventRecord r;
  r.w[0] = static_cast<int32_t>(static_cast<uint32_t>(type) | (static_cast<uint32_t>(flags) << 16));
  r.w[1] = static_cast<int32_t>(static_cast<uint32_t>(span) | (static_cast<uint32_t>(channel) << 16));
  r.w[2] = static_cast<int32_t>(static_cast<uint32_t>(tick & 0xFFFFFFFFu));
  r.w[3] = static_cast<int32_t>(static_cast<uint32_t>(tick >> 32));
  r.w[4] = a;
  r.w[5] = b;
  r.w[6] = c;
  r.w[7] = str;
  return r;
}

// Events that must reach JS even when the queue is over its soft limit
// (losing them would strand a promise or a call). They are still bounded by
// the hard limit.
inline bool isCriticalEvent(EventType t) {
  switch (t) {
    case EventType::CommandDone:
    case EventType::ChannelState:
    case EventType::Alarm:
    case EventType::DChannel:
    case EventType::CallOffered:
    case EventType::CallDigits:
    case EventType::CallProceeding:
    case EventType::CallAlerting:
    case EventType::CallProgress:
    case EventType::CallConnected:
    case EventType::CallHangup:
    case EventType::CallReleased:
    case EventType::CallMoved:
    case EventType::SocketState:
    case EventType::FaxResult:
    case EventType::RecordingStopped:
    case EventType::PlaybackFinished:
    case EventType::GeneratorDone:
    case EventType::RecordingStarted:
    case EventType::AnswerDetected:
      return true;
    default:
      return false;
  }
}

}  // namespace tl::engine
