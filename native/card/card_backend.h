// The driver contract: what the engine needs from a voice card.
//
// A card has spans; a span is one E1 line: 32 timeslots, TS0 framing, TS16
// the D-channel (HDLC frames for Q.921/Q.931), and 30 B-channels of 8 kHz
// G.711 audio. B-channels are numbered by timeslot, as Q.931 and DAHDI number
// them: 1-15 and 17-31.
//
// Two backends satisfy this contract: the virtual card (spans joined back to
// back in software, see virtual/virtual_card.h) and DAHDI (dahdi/). Every layer
// above -- engine, signalling, bindings, server -- runs unchanged on both.
//
// Threading: every method is called from the engine's clock thread only,
// except where a comment says otherwise. Backends never call into JS and never
// call back into the engine; the engine polls them once per tick:
//
//   clock().wait(tick)     block until the tick is due (or the clock stops)
//   beginTick(tick)        make every rxAudio() buffer valid for this tick
//   ...engine reads rxAudio(), runs DSP, fills txAudio(), moves D frames...
//   endTick(tick)          transmit every txAudio() buffer
//
// Audio buffers hold tickSamples() companded bytes (160 for 20 ms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "clock_source.h"

namespace tl::card {

// Span alarm bits. Values match DAHDI_ALARM_* so the DAHDI backend passes
// them through unchanged.
enum AlarmBits : uint32_t {
  kAlarmNone = 0,
  kAlarmRecover = 1u << 0,   // recovering from an alarm (DAHDI_ALARM_RECOVER)
  kAlarmLoopback = 1u << 1,  // DAHDI_ALARM_LOOPBACK
  kAlarmYellow = 1u << 2,    // remote alarm indication (far end lost our signal)
  kAlarmRed = 1u << 3,       // loss of frame/signal on our receiver
  kAlarmBlue = 1u << 4,      // AIS: the far end sends all ones
  kAlarmNotOpen = 1u << 5,   // span not configured/started
  kAlarmLos = 1u << 8,       // loss of signal (cable pulled)
  kAlarmLfa = 1u << 9,       // loss of frame alignment
  kAlarmLmfa = 1u << 10,     // loss of multiframe alignment
};

inline constexpr int kE1Timeslots = 32;
inline constexpr int kE1DChannelTimeslot = 16;
inline constexpr int kE1BChannels = 30;

inline bool isBChannel(int timeslot) {
  return timeslot >= 1 && timeslot <= 31 && timeslot != kE1DChannelTimeslot;
}

enum class Companding : uint8_t { Alaw = 0, Ulaw = 1 };

struct SpanDescription {
  int index = 0;          // 0-based within the card
  std::string name;       // e.g. "virtual/3" or "dahdi/1"
  Companding law = Companding::Alaw;
  bool hasDChannel = true;
};

enum class LineEventKind : uint8_t {
  AlarmChanged = 1,  // alarms() changed; value = new alarm bits
  DChannelUp = 2,    // the D-channel's layer 1 came up (hardware HDLC ready)
  DChannelDown = 3,
  Slip = 4,          // a controlled frame slip happened; value = +1 repeat, -1 delete
};

struct LineEvent {
  LineEventKind kind;
  uint32_t value;
};

class SpanIo {
 public:
  virtual ~SpanIo() = default;

  virtual const SpanDescription& description() const = 0;

  // Received audio of this tick for a B timeslot; nullptr if not a B-channel.
  virtual const uint8_t* rxAudio(int timeslot) const = 0;
  // Buffer to fill with this tick's transmit audio; nullptr if not a B-channel.
  virtual uint8_t* txAudio(int timeslot) = 0;

  // D-channel. Frames are whole HDLC frames without the CRC. readFrame is
  // non-blocking: returns false when no frame is waiting. A frame longer than
  // cap is discarded and counted (returns true with *len = 0).
  virtual bool readFrame(uint8_t* buf, size_t cap, size_t* len) = 0;
  // Queues a frame for transmission; false if the D-channel cannot take it
  // (down, or its queue is full) -- the frame is dropped and counted.
  virtual bool writeFrame(const uint8_t* frame, size_t len) = 0;

  // Current alarm bits (AlarmBits).
  virtual uint32_t alarms() const = 0;
  // Next line event, non-blocking; false when none.
  virtual bool pollLineEvent(LineEvent* event) = 0;

  struct Counters {
    uint64_t framesRx = 0, framesTx = 0, framesDropped = 0, slips = 0;
  };
  virtual Counters counters() const = 0;
};

class Card {
 public:
  virtual ~Card() = default;

  // Human-readable kind: "virtual" or "dahdi".
  virtual const char* kind() const = 0;

  // Opens the hardware (or builds the software spans). On failure returns
  // false and sets *error to a sentence an operator can act on.
  virtual bool open(std::string* error) = 0;
  // Releases everything; safe to call twice; after close() no method but
  // the destructor is called.
  virtual void close() = 0;

  virtual size_t spanCount() const = 0;
  virtual SpanIo& span(size_t index) = 0;

  // Samples per tick per channel (80 for 10 ms, 160 for 20 ms).
  virtual uint32_t tickSamples() const = 0;

  // The clock that paces ticks. Hardware cards pace themselves; the virtual
  // card offers real time, N-times speed, and free-running.
  virtual ClockSource& clock() = 0;

  virtual void beginTick(uint64_t tick) = 0;
  virtual void endTick(uint64_t tick) = 0;
};

}  // namespace tl::card
