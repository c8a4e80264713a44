/**
 * Engine events as typed objects. The engine sends them packed (8 int32 words
 * a record, see native/engine/event_record.h); decodeBatch turns a batch into
 * these objects. The numbers come from the addon's own tables, so the two
 * sides cannot drift apart silently.
 */
import type { NativeTables } from './native.js';

export type ProgressToneName =
  | 'dial' | 'ringback' | 'busy' | 'congestion' | 'vacant' | 'fax-cng' | 'fax-ced' | 'silence' | 'sit';

/** An answering-machine detection verdict; 'stopped': stopped (or the call ended) before one. */
export type AnswerResult = 'person' | 'machine' | 'fax' | 'silence' | 'stopped';

/** 'closed': the card closed while the prompt played. */
export type PlaybackEndReason = 'done' | 'stopped' | 'dtmf' | 'replaced' | 'hangup' | 'error' | 'closed';
export type RecordingEndReason = 'stopped' | 'max-duration' | 'hangup' | 'error' | 'closed';

const playbackReasons: PlaybackEndReason[] = ['done', 'stopped', 'dtmf', 'replaced', 'hangup', 'error'];
const recordingReasons: RecordingEndReason[] = ['stopped', 'max-duration', 'hangup', 'error', 'closed'];

interface Base {
  /** Engine tick in which the event happened. */
  tick: number;
  /** Engine time of the event, in milliseconds since the card opened. */
  at: number;
  span: number;
  /** B-channel (timeslot); 0 for span-wide events. */
  channel: number;
}

export type EngineEvent =
  | (Base & { type: 'commandDone'; requestId: number; code: string; value: number; text?: string })
  | (Base & { type: 'dtmf'; digit: string; phase: 'start' | 'end'; durationMs: number })
  | (Base & { type: 'tone'; tone: ProgressToneName; phase: 'start' | 'stop' })
  | (Base & { type: 'answerDetected'; result: AnswerResult; afterMs: number; speechMs: number })
  | (Base & { type: 'playbackStarted'; playbackId: number; items: number })
  | (Base & { type: 'playbackFinished'; playbackId: number; reason: PlaybackEndReason; itemsDone: number })
  | (Base & { type: 'generatorDone'; requestId: number })
  | (Base & { type: 'recordingStarted'; recordingId: number })
  | (Base & { type: 'recordingStopped'; recordingId: number; reason: RecordingEndReason; samples: number; path?: string; error?: string })
  | (Base & { type: 'alarm'; alarms: number })
  | (Base & { type: 'slip'; direction: number })
  | (Base & { type: 'state'; from: string; to: string; cause: number; refused: boolean })
  | (Base & { type: 'dchannel'; up: boolean })
  | (Base & { type: 'callOffered'; callId: number; calling: string; called: string; callingName: string; redirecting: string; presentation: 'allowed' | 'restricted'; complete: boolean })
  | (Base & { type: 'callDigits'; callId: number; digits: string; complete: boolean; keypad: boolean })
  | (Base & { type: 'callProceeding'; callId: number; progress: number; overlap: boolean })
  | (Base & { type: 'callAlerting'; callId: number; inband: boolean })
  | (Base & { type: 'callProgress'; callId: number; progress: number })
  | (Base & { type: 'callConnected'; callId: number; remote: boolean })
  | (Base & { type: 'callHangup'; callId: number; cause: number; remote: boolean })
  | (Base & { type: 'callReleased'; callId: number; cause: number })
  | (Base & { type: 'callMoved'; callId: number })
  | (Base & { type: 'faxPhase'; faxId: number; phase: 'b' | 'page' | 'e'; pages: number; detail: FaxPhaseDetail })
  | (Base & { type: 'faxResult'; faxId: number; result: FaxResult })
  | (Base & { type: 'socket'; connected: boolean; detail: string })
  | (Base & { type: 'notice'; text: string });

export type EngineEventType = EngineEvent['type'];

export interface FaxPhaseDetail {
  phase: string;
  pages: number;
  /** T.30 frame code (pages) or result code (phase E). */
  code: number;
  bitRate: number;
  ecm: boolean;
  remoteIdent: string;
  /** Line time since the fax started, ms. */
  lineMs: number;
}

/** How a fax ended (T.30 phase E). */
export interface FaxResult {
  success: boolean;
  /** T.30 completion code (0 = OK) and its text. */
  code: number;
  text: string;
  /** Pages transferred, and in the document sent. */
  pages: number;
  pagesInDocument: number;
  bitRate: number;
  ecm: boolean;
  remoteIdent: string;
  /** Resolution of the pages, dpi. */
  xRes: number;
  yRes: number;
  durationMs: number;
  sending: boolean;
  calling: boolean;
}

const CARD_WIDE = 0xffff;

function parseJson(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export class EventDecoder {
  private readonly t: Record<string, number>;
  private readonly tones: string[];
  private readonly answers: string[];
  private readonly states: string[];
  private readonly codes: string[];

  constructor(tables: NativeTables, private readonly tickMs: number) {
    this.t = tables.eventTypes;
    this.tones = tables.progressTones;
    this.answers = tables.answerResults ?? [];
    this.states = tables.channelStates;
    this.codes = tables.errorCodes;
  }

  /** Calls `emit` for every record, in order. */
  decode(records: Int32Array, strings: string[], emit: (event: EngineEvent) => void): void {
    const t = this.t;
    for (let i = 0; i + 8 <= records.length; i += 8) {
      const w0 = records[i]!;
      const w1 = records[i + 1]!;
      const type = w0 & 0xffff;
      const flags = w0 >>> 16;
      const spanRaw = w1 & 0xffff;
      const tick = (records[i + 2]! >>> 0) + (records[i + 3]! >>> 0) * 0x100000000;
      const a = records[i + 4]!;
      const b = records[i + 5]!;
      const c = records[i + 6]!;
      const si = records[i + 7]!;
      const text = si >= 0 ? strings[si] : undefined;
      const base: Base = {
        tick,
        at: tick * this.tickMs,
        span: spanRaw === CARD_WIDE ? -1 : spanRaw,
        channel: w1 >>> 16,
      };
      let event: EngineEvent | undefined;
      switch (type) {
        case t.CommandDone:
          event = { ...base, type: 'commandDone', requestId: a >>> 0, code: this.codes[b] ?? 'ERR_INTERNAL', value: c, ...(text !== undefined ? { text } : {}) };
          break;
        case t.Dtmf:
          event = { ...base, type: 'dtmf', digit: String.fromCharCode(a), phase: b ? 'start' : 'end', durationMs: c };
          break;
        case t.Tone:
          event = { ...base, type: 'tone', tone: (this.tones[a] ?? 'silence') as ProgressToneName, phase: b ? 'start' : 'stop' };
          break;
        case t.AnswerDetected:
          event = { ...base, type: 'answerDetected', result: (this.answers[a] ?? 'stopped') as AnswerResult, afterMs: b, speechMs: c };
          break;
        case t.PlaybackStarted:
          event = { ...base, type: 'playbackStarted', playbackId: a >>> 0, items: b };
          break;
        case t.PlaybackFinished:
          event = { ...base, type: 'playbackFinished', playbackId: a >>> 0, reason: playbackReasons[b] ?? 'error', itemsDone: c };
          break;
        case t.GeneratorDone:
          event = { ...base, type: 'generatorDone', requestId: a >>> 0 };
          break;
        case t.RecordingStarted:
          event = { ...base, type: 'recordingStarted', recordingId: a >>> 0 };
          break;
        case t.RecordingStopped: {
          const reason = recordingReasons[b] ?? 'error';
          event = {
            ...base, type: 'recordingStopped', recordingId: a >>> 0, reason, samples: c,
            ...(reason === 'error' ? { error: text ?? 'recording failed' } : text !== undefined ? { path: text } : {}),
          };
          break;
        }
        case t.Alarm:
          event = { ...base, type: 'alarm', alarms: a >>> 0 };
          break;
        case t.Slip:
          event = { ...base, type: 'slip', direction: a };
          break;
        case t.ChannelState:
          event = { ...base, type: 'state', from: this.states[a] ?? String(a), to: this.states[b] ?? String(b), cause: c, refused: (flags & 1) === 1 };
          break;
        case t.DChannel:
          event = { ...base, type: 'dchannel', up: a === 1 };
          break;
        case t.CallOffered: {
          const j = parseJson(text);
          event = {
            ...base, type: 'callOffered', callId: a >>> 0, calling: str(j.calling), called: str(j.called),
            callingName: str(j.callingName), redirecting: str(j.redirecting),
            presentation: j.presentation === 'restricted' ? 'restricted' : 'allowed', complete: j.complete !== false,
          };
          break;
        }
        case t.CallDigits: {
          const j = parseJson(text);
          event = { ...base, type: 'callDigits', callId: a >>> 0, digits: str(j.digits), complete: j.complete === true, keypad: j.keypad === true };
          break;
        }
        case t.CallProceeding:
          event = { ...base, type: 'callProceeding', callId: a >>> 0, progress: b, overlap: c === 1 };
          break;
        case t.CallAlerting:
          event = { ...base, type: 'callAlerting', callId: a >>> 0, inband: b === 1 };
          break;
        case t.CallProgress:
          event = { ...base, type: 'callProgress', callId: a >>> 0, progress: b };
          break;
        case t.CallConnected:
          event = { ...base, type: 'callConnected', callId: a >>> 0, remote: c === 1 };
          break;
        case t.CallHangup:
          event = { ...base, type: 'callHangup', callId: a >>> 0, cause: b, remote: c === 1 };
          break;
        case t.CallReleased:
          event = { ...base, type: 'callReleased', callId: a >>> 0, cause: b };
          break;
        case t.CallMoved:
          event = { ...base, type: 'callMoved', callId: a >>> 0 };
          break;
        case t.FaxPhase:
          event = { ...base, type: 'faxPhase', faxId: a >>> 0, phase: b === 1 ? 'b' : b === 2 ? 'page' : 'e', pages: c, detail: parseJson(text) as unknown as FaxPhaseDetail };
          break;
        case t.FaxResult: {
          const j = parseJson(text);
          event = {
            ...base, type: 'faxResult', faxId: a >>> 0,
            result: { success: j.success === true, code: b, text: str(j.text), pages: c, pagesInDocument: Number(j.pagesInDocument ?? 0), bitRate: Number(j.bitRate ?? 0), ecm: j.ecm === true, remoteIdent: str(j.remoteIdent), xRes: Number(j.xRes ?? 0), yRes: Number(j.yRes ?? 0), durationMs: Number(j.durationMs ?? 0), sending: j.sending === true, calling: j.calling === true },
          };
          break;
        }
        case t.SocketState:
          event = { ...base, type: 'socket', connected: a === 1, detail: text ?? '' };
          break;
        case t.Notice:
          event = { ...base, type: 'notice', text: text ?? '' };
          break;
        default:
          event = undefined;  // a newer addon's event this binding does not know: skip it
      }
      if (event) emit(event);
    }
  }
}
