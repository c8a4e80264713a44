// Stable error codes that cross into JavaScript. The numeric value travels in
// events; the string is what JS code matches on (TellerlineError.code). Add
// new codes at the end; never renumber.
#pragma once

#include <cstdint>

namespace tl::engine {

#define TL_ERROR_CODES(X)                                                              \
  X(Ok, "OK")                                                                          \
  X(InvalidArgument, "ERR_INVALID_ARGUMENT")                                           \
  X(UnknownSpan, "ERR_UNKNOWN_SPAN")                                                   \
  X(UnknownChannel, "ERR_UNKNOWN_CHANNEL")                                             \
  X(CardClosed, "ERR_CARD_CLOSED")                                                     \
  X(ChannelIdle, "ERR_CHANNEL_IDLE")                                                   \
  X(ChannelBusy, "ERR_CHANNEL_BUSY")                                                   \
  X(IllegalState, "ERR_ILLEGAL_STATE")                                                 \
  X(WavFormat, "ERR_WAV_FORMAT")                                                       \
  X(FileNotFound, "ERR_FILE_NOT_FOUND")                                                \
  X(Io, "ERR_IO")                                                                      \
  X(UnknownTone, "ERR_UNKNOWN_TONE")                                                   \
  X(UnknownConference, "ERR_UNKNOWN_CONFERENCE")                                       \
  X(ConferenceExists, "ERR_CONFERENCE_EXISTS")                                         \
  X(NotInConference, "ERR_NOT_IN_CONFERENCE")                                          \
  X(AlreadyInConference, "ERR_ALREADY_IN_CONFERENCE")                                  \
  X(NotVirtual, "ERR_NOT_VIRTUAL")                                                     \
  X(UnknownCable, "ERR_UNKNOWN_CABLE")                                                 \
  X(TooManyRecordings, "ERR_TOO_MANY_RECORDINGS")                                      \
  X(UnknownRecording, "ERR_UNKNOWN_RECORDING")                                         \
  X(NoSignaling, "ERR_NO_SIGNALING")                                                   \
  X(SpanDown, "ERR_SPAN_DOWN")                                                         \
  X(NoCircuit, "ERR_NO_CIRCUIT")                                                       \
  X(UnknownCall, "ERR_UNKNOWN_CALL")                                                   \
  X(Signaling, "ERR_SIGNALING")                                                        \
  X(CardOpen, "ERR_CARD_OPEN")                                                         \
  X(Stopped, "ERR_STOPPED")                                                            \
  X(FaxFailed, "ERR_FAX_FAILED")                                                       \
  X(Internal, "ERR_INTERNAL")

enum class ErrorCode : int32_t {
#define TL_ERROR_ENUM(name, text) name,
  TL_ERROR_CODES(TL_ERROR_ENUM)
#undef TL_ERROR_ENUM
};

const char* errorCodeName(ErrorCode code);
int errorCodeCount();

}  // namespace tl::engine
