// The contract between the engine and a span's signalling (PRI today; MFC/R2
// and SS7 later). Everything here runs on the engine's clock thread, so a
// signalling stack that is not thread-safe (libpri) needs no locks: one span,
// one stack instance, one thread.
#pragma once

#include <cstdint>
#include <string>

#include "engine/command.h"
#include "engine/error_codes.h"
#include "engine/event_record.h"

namespace tl::engine {
class Channel;
}

namespace tl::signaling {

// What the engine offers to signalling.
class SignalingHost {
 public:
  virtual ~SignalingHost() = default;
  virtual uint64_t currentTick() const = 0;
  virtual uint32_t tickMs() const = 0;
  // The B-channel object for a timeslot of this span (nullptr if not a B-channel).
  virtual engine::Channel* channel(int span, int timeslot) = 0;
  // Emits a span/channel event; text (if not empty) is attached as its string.
  virtual void emit(engine::EventType type, int span, int timeslot, int32_t a, int32_t b,
                    int32_t c, const std::string& text) = 0;
  // Stops every media activity on the channel and takes it out of any
  // conference (the call is over).
  virtual void releaseMedia(engine::Channel* channel) = 0;
};

class SpanSignaling {
 public:
  virtual ~SpanSignaling() = default;

  // Called once before the first tick.
  virtual bool start(std::string* error) = 0;
  // Once per tick: move D-channel frames, run protocol timers, report events.
  virtual void service(uint64_t tick) = 0;
  // Applies a signalling command (Answer, Hangup, Dial, ...). Returns Ok or a
  // code; *result may receive a value (e.g. the call id of a Dial).
  virtual engine::ErrorCode apply(const engine::Command& command, int32_t* result,
                                  std::string* message) = 0;
  // The span's alarms changed (cable pulled or restored, LOS...).
  virtual void alarmsChanged(uint32_t alarms) = 0;
  // True while the D-channel is up (calls can be placed).
  virtual bool up() const = 0;
  // Counters for stats(): JSON object text.
  virtual std::string statsJson() const = 0;
};

}  // namespace tl::signaling
