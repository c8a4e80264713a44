// Commands from JavaScript to the engine.
//
// The addon validates JS arguments and converts them into this plain struct
// on the JS thread; the clock thread applies commands at the start of the
// next tick, in the order they were issued, and answers every command with
// exactly one CommandDone event carrying the same request id.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/error_codes.h"
#include "dsp/fax_session.h"
#include "dsp/tone_zone.h"
#include "engine/prompt.h"

namespace tl::engine {

struct Recording;

enum class Op : uint16_t {
  OpenChannel = 1,      // media without signalling (spans with signalling "none")
  CloseChannel,
  Play,                 // items, flags: stopOnDtmf, append
  StopPlayback,
  SendDtmf,             // text = digits; i0 on ms, i1 off ms, i2 pause ms; d0 level dBm0, d1 twist dB
  PlayTone,             // text = tone name in the zone or a tone spec "450/350,0/350"; d0 level (NaN = zone default)
  StopTone,
  Record,               // text = path; i0 = direction, i1 = encoding, i2 = max seconds (0 = none), i3 = recording id
  PauseRecording,       // i0 = recording id
  ResumeRecording,      // i0 = recording id
  StopRecording,        // i0 = recording id
  SetChannelOptions,    // i0 = mask of options set, i1 = values (ChannelOption bits); d0 = rx gain dB, d1 = tx gain dB
  CreateConference,     // i0 = conference id
  DestroyConference,    // i0 = conference id
  AddMember,            // i0 = conference id, i1 = MemberMode, i2 = target span, i3 = target channel
  SetMemberMode,        // same as AddMember
  RemoveMember,         // i0 = conference id
  PullCable,            // i0 = cable index
  RestoreCable,         // i0 = cable index
  ImpairCable,          // i0 = cable index, i1 = echo delay ms; d0 noise dBm0 (NaN = off), d1 echo loss dB (NaN = off)
  SlipCable,            // i0 = cable index, i1 = side (0 = a->b, 1 = b->a), i2 = +1 repeat / -1 delete
  InjectFrame,          // raw D-channel frame arriving at span (virtual card): bytes
  QueryChannel,         // result: state; text = JSON {state, callId, conference, history}
  QuerySpan,            // text = JSON {alarms, dchannel, counters, signaling}
  AttachSocket,         // text = Unix socket path: an external program becomes this channel's party
  DetachSocket,
  DetectAnswer,         // flags 1 start / 0 stop; i0 initial silence, i1 greeting, i2 after-greeting silence, i3 max analysis (ms, 0 = default)
  // signalling (PRI)
  // call commands carry the call id in i3
  Answer = 40,
  Proceeding,
  Alerting,             // i0 = 1 with in-band information
  Progress,
  Reject,               // i0 = cause
  Hangup,               // i0 = cause
  Dial,                 // text = called, text2 = calling; i0 = channel (0 any), i1 = presentation restricted, i2 = overlap; result = call id
  SendDigits,           // overlap sending: text = digits
  // fax
  FaxStart = 60,        // text = TIFF file, text2 = local ident, bytes = header line; i0 send, i1 calling, i2 ecm, i3 max bit rate; result = fax id (the request id)
  FaxStop,
};

enum ChannelOption : int32_t {
  kOptEchoCanceller = 1 << 0,
  kOptDtmfDetect = 1 << 1,
  kOptProgressDetect = 1 << 2,
  kOptGains = 1 << 3,
};

enum class RecordDirection : int32_t { Rx = 0, Tx = 1, Mixed = 2 };
enum class MemberMode : int32_t { Full = 0, Listen = 1, Whisper = 2 };

struct Command {
  uint32_t requestId = 0;
  Op op = Op::OpenChannel;
  int32_t span = -1;
  int32_t channel = -1;
  int32_t i[4] = {0, 0, 0, 0};
  double d[2] = {0, 0};
  uint32_t flags = 0;
  std::string text;
  std::string text2;                  // Dial: calling number
  std::vector<uint8_t> bytes;
  std::vector<PlayItemSource> items;  // Play only

  // Filled by the I/O thread for Play: the loaded prompts, or an error.
  std::vector<PromptRef> prompts;
  ErrorCode loadError = ErrorCode::Ok;
  std::string loadMessage;

  // Filled by the I/O thread for FaxStart: a started session (the document is
  // read and checked there, off the clock thread).
  std::unique_ptr<dsp::FaxSession> fax;

  // Record: the recording and its ring, made where the command is made (see
  // makeRecording in recording.h) so that the clock thread allocates nothing.
  std::shared_ptr<Recording> recording;

  // PlayTone with a tone spec rather than a zone's tone name: the spec
  // parsed where the command is submitted, not on the clock thread.
  std::optional<dsp::ToneSpec> tone;
};

inline constexpr uint32_t kPlayStopOnDtmf = 1u << 0;
inline constexpr uint32_t kPlayAppend = 1u << 1;

using CommandPtr = std::unique_ptr<Command>;

}  // namespace tl::engine
