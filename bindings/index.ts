/**
 * Tellerline bindings: a typed TypeScript API over the voice-card engine.
 * No business logic lives here -- only cards, spans, channels, calls,
 * conferences and the engine clock.
 */
export { Card, openCard } from './card.js';
export type { CardOptions, VirtualCardOptions, DahdiCardOptions, SpanSignalingOptions, ClockMode, EngineStats } from './card.js';
export { Span, B_CHANNELS } from './span.js';
export type { DialOptions, SpanStatus, SignalingType } from './span.js';
export { Channel } from './channel.js';
export type { FaxOptions, PlayItem, PlayOptions, PlaybackResult, DtmfOptions, RecordOptions, RecordDirection, RecordEncoding, ChannelOptions, ChannelEvent, DtmfEvent, ToneEvent, StateEvent, AnswerDetection, AnswerDetectionOptions, AnswerDetectedEvent } from './channel.js';
export { Call } from './call.js';
export type { CallEvent, CallState, CallParty } from './call.js';
export { Conference } from './conference.js';
export type { MemberMode } from './conference.js';
export { Recording } from './recording.js';
export type { RecordingResult } from './recording.js';
export { VirtualCable } from './cable.js';
export type { Impairments } from './cable.js';
export { EngineClock } from './clock.js';
export { TellerlineError, isTellerlineError } from './errors.js';
export type { AnswerResult, EngineEvent, EngineEventType, FaxResult, FaxPhaseDetail, ProgressToneName, PlaybackEndReason, RecordingEndReason } from './events.js';
export { Cause, describeCause } from './causes.js';
export { alarmNames } from './alarms.js';
export { mallocStats, mallocTrim } from './malloc-stats.js';
export type { MallocStats } from './malloc-stats.js';
