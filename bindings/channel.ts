/**
 * One B-channel: its state, its event streams and its media commands.
 * Every command returns a Promise; failures reject with TellerlineError.
 */
import { Observable, Subject, filter, map } from 'rxjs';
import type { CardCore } from './core.js';
import type { AnswerResult, EngineEvent, FaxResult, PlaybackEndReason, ProgressToneName } from './events.js';
import { Recording, type RecordingResult } from './recording.js';

export type ChannelEvent = Extract<EngineEvent, { span: number }>;
export type DtmfEvent = Extract<EngineEvent, { type: 'dtmf' }>;
export type ToneEvent = Extract<EngineEvent, { type: 'tone' }>;
export type StateEvent = Extract<EngineEvent, { type: 'state' }>;
export type AnswerDetectedEvent = Extract<EngineEvent, { type: 'answerDetected' }>;

/** A file path, or 8 kHz 16-bit linear samples. */
export type PlayItem = string | Int16Array;

export interface PlayOptions {
  /** Stop as soon as the caller presses a key (barge-in). */
  stopOnDtmf?: boolean;
  /** Queue after what is playing instead of replacing it. */
  append?: boolean;
}

export interface PlaybackResult {
  playbackId: number;
  reason: PlaybackEndReason;
  /** Items played to the end. */
  itemsDone: number;
}

export interface DtmfOptions {
  onMs?: number;
  offMs?: number;
  /** Duration of ',' in the digit string. */
  pauseMs?: number;
  /** Level of the low-group tone, dBm0. */
  levelDbm0?: number;
  /** High-group level minus low-group level, dB. */
  twistDb?: number;
}

export interface FaxOptions {
  /** Send `file`, or receive into it. */
  mode: 'send' | 'receive';
  /** TIFF/F to send, or the TIFF to write. */
  file: string;
  /** We are the calling party (we send CNG); otherwise the answering one (CED). */
  calling?: boolean;
  /** Error correction mode (default on). */
  ecm?: boolean;
  /** 14400 (V.17, V.29, V.27ter), 9600 (V.29, V.27ter), 4800 (V.27ter); receiving also 2400. */
  maxBitRate?: 14400 | 12000 | 9600 | 7200 | 4800 | 2400;
  /** Our T.30 identity (TSI/CSI), at most 20 characters. */
  ident?: string;
  /** Header line printed on each sent page (empty: none). */
  header?: string;
}

/**
 * Answering-machine detection thresholds, in ms (absent: the engine's
 * defaults, chosen on the generated corpus -- see the README).
 */
export interface AnswerDetectionOptions {
  /** No speech within this long: 'silence' (default 3000). */
  initialSilenceMs?: number;
  /** Speech with pauses shorter than afterGreetingSilenceMs lasting this long: 'machine' (default 2000). */
  greetingMs?: number;
  /** Silence after a short utterance that makes it a person (default 1000). */
  afterGreetingSilenceMs?: number;
  /** Longest analysis; then 'person' if anyone spoke, else 'silence' (default 5000). */
  maxAnalysisMs?: number;
}

export interface AnswerDetection {
  result: AnswerResult;
  /** From the start of detection to the verdict. */
  afterMs: number;
  /** Span of the longest utterance heard. */
  speechMs: number;
}

export type RecordDirection = 'rx' | 'tx' | 'mixed';
export type RecordEncoding = 'alaw' | 'ulaw' | 'pcm16';

export interface RecordOptions {
  /** rx: what the far end sends; tx: what we send; mixed: both. Default mixed. */
  direction?: RecordDirection;
  encoding?: RecordEncoding;
  /** Stop by itself after this many seconds (0 = no limit). */
  maxSeconds?: number;
}

export interface ChannelOptions {
  echoCanceller?: boolean;
  dtmfDetect?: boolean;
  progressDetect?: boolean;
  rxGainDb?: number;
  txGainDb?: number;
}

const directions: Record<RecordDirection, number> = { rx: 0, tx: 1, mixed: 2 };
const encodings: Record<RecordEncoding, number> = { alaw: 0, ulaw: 1, pcm16: 2 };

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

export class Channel {
  /** Every event of this channel. */
  readonly events$: Observable<ChannelEvent>;
  /** DTMF digits detected in what the far end sends. */
  readonly dtmf$: Observable<DtmfEvent>;
  /** Digits as they start (the usual way to collect input). */
  readonly digits$: Observable<string>;
  readonly tones$: Observable<ToneEvent>;
  readonly state$: Observable<StateEvent>;

  private readonly subject = new Subject<ChannelEvent>();
  private stateName = 'idle';
  private readonly playbacks = new Map<number, Waiter<PlaybackResult>>();
  private readonly generators = new Map<number, Waiter<void>>();
  private readonly recordings = new Map<number, Recording>();
  private readonly faxes = new Map<number, Waiter<FaxResult>>();
  private answerWaiters: Array<Waiter<AnswerDetection>> = [];

  constructor(
    private readonly core: CardCore,
    readonly span: number,
    readonly number: number,
  ) {
    this.events$ = this.subject.asObservable();
    this.dtmf$ = this.events$.pipe(filter((e): e is DtmfEvent => e.type === 'dtmf'));
    this.digits$ = this.dtmf$.pipe(filter((e) => e.phase === 'start'), map((e) => e.digit));
    this.tones$ = this.events$.pipe(filter((e): e is ToneEvent => e.type === 'tone'));
    this.state$ = this.events$.pipe(filter((e): e is StateEvent => e.type === 'state'));
  }

  /** Current state: idle, open, offered, proceeding, ringing, dialing, out_proceeding, alerting, up, terminating. */
  get state(): string {
    return this.stateName;
  }

  toString(): string {
    return `span ${this.span} channel ${this.number}`;
  }

  /** Opens the channel for media on a span without signalling. */
  async open(): Promise<void> {
    await this.command((req) => this.core.native.openChannel(req, this.span, this.number));
  }

  async close(): Promise<void> {
    await this.command((req) => this.core.native.closeChannel(req, this.span, this.number));
  }

  /** Plays items back to back; resolves when playback ends (for any reason). */
  play(items: PlayItem | PlayItem[], options: PlayOptions = {}): Promise<PlaybackResult> {
    const list = Array.isArray(items) ? items : [items];
    const flags = (options.stopOnDtmf ? this.core.tables.playFlags.stopOnDtmf! : 0) |
      (options.append ? this.core.tables.playFlags.append! : 0);
    const id = this.core.nextId();
    return new Promise<PlaybackResult>((resolve, reject) => {
      this.playbacks.set(id, { resolve, reject });
      this.core.issue(id, (req) => this.core.native.play(req, this.span, this.number, list, flags)).catch((err: Error) => {
        this.playbacks.delete(id);
        reject(err);
      });
    });
  }

  /** Stops the current playback; resolves true if something was playing. */
  async stopPlayback(): Promise<boolean> {
    const r = await this.command((req) => this.core.native.stopPlayback(req, this.span, this.number));
    return r.value === 1;
  }

  /** Sends DTMF as audio; resolves when the last digit has been sent. */
  sendDtmf(digits: string, options: DtmfOptions = {}): Promise<void> {
    const id = this.core.nextId();
    return new Promise<void>((resolve, reject) => {
      this.generators.set(id, { resolve, reject });
      this.core.issue(id, (req) => this.core.native.sendDtmf(req, this.span, this.number, digits,
        options.onMs ?? 80, options.offMs ?? 80, options.pauseMs ?? 500, options.levelDbm0 ?? -6, options.twistDb ?? 0))
        .catch((err: Error) => {
          this.generators.delete(id);
          reject(err);
        });
    });
  }

  /**
   * Starts a tone of the card's tone zone ('dial', 'busy', 'ringback',
   * 'congestion', 'vacant', ...) or a tone spec such as "1004/1000,0/1000".
   * Resolves when it has started.
   */
  async playTone(tone: string, levelDbm0?: number): Promise<void> {
    await this.command((req) => this.core.native.playTone(req, this.span, this.number, tone, levelDbm0 ?? Number.NaN));
  }

  async stopTone(): Promise<boolean> {
    const r = await this.command((req) => this.core.native.stopTone(req, this.span, this.number));
    return r.value === 1;
  }

  /** Starts recording to a WAV file. */
  async record(path: string, options: RecordOptions = {}): Promise<Recording> {
    const id = this.core.nextId();
    const recording = new Recording(this.core, id, this.span, this.number, path);
    this.recordings.set(id, recording);
    try {
      await this.core.issue(id, (req) => this.core.native.record(req, this.span, this.number, path,
        directions[options.direction ?? 'mixed'], encodings[options.encoding ?? 'alaw'], options.maxSeconds ?? 0));
    } catch (err) {
      this.recordings.delete(id);
      throw err;
    }
    return recording;
  }

  async setOptions(options: ChannelOptions): Promise<void> {
    const o = this.core.tables.channelOptions;
    let mask = 0;
    let values = 0;
    const flag = (bit: number, value: boolean | undefined) => {
      if (value === undefined) return;
      mask |= bit;
      if (value) values |= bit;
    };
    flag(o.echoCanceller!, options.echoCanceller);
    flag(o.dtmfDetect!, options.dtmfDetect);
    flag(o.progressDetect!, options.progressDetect);
    if (options.rxGainDb !== undefined || options.txGainDb !== undefined) mask |= o.gains!;
    await this.command((req) => this.core.native.setChannelOptions(req, this.span, this.number, mask, values,
      options.rxGainDb ?? 0, options.txGainDb ?? 0));
  }

  /** State, call id, conference and the last state transitions (for diagnosis). */
  async query(): Promise<{ state: string; callId: number; conference: number | null; history: Array<{ tick: number; from: string; to: string; cause: number; where: string; refused: boolean }> }> {
    const r = await this.command((req) => this.core.native.queryChannel(req, this.span, this.number));
    return JSON.parse(r.text ?? '{}');
  }

  /**
   * Exposes this channel's audio on a Unix socket: an external program that
   * connects becomes the party on the channel (raw A-law, one 160-byte frame
   * per tick each way; in lockstep when the card free-runs). Resolves once the
   * socket listens; watch events$ for { type: 'socket' } to see the program
   * connect and leave.
   */
  async attachSocket(path: string): Promise<void> {
    await this.command((req) => this.core.native.socket(req, this.span, this.number, path));
  }

  async detachSocket(): Promise<void> {
    await this.command((req) => this.core.native.socket(req, this.span, this.number, null));
  }

  /**
   * Sends or receives a fax (T.30 over this channel's audio, spandsp) and
   * resolves with how it ended. The document is read and checked before the
   * fax starts: a missing or unusable TIFF rejects with ERR_FAX_FAILED.
   * While the fax runs the channel plays nothing else; DTMF and tone
   * detection and the echo canceller are off.
   */
  fax(options: FaxOptions): Promise<FaxResult> {
    const id = this.core.nextId();
    return new Promise<FaxResult>((resolve, reject) => {
      this.faxes.set(id, { resolve, reject });
      this.core.issue(id, (req) => this.core.native.fax(req, this.span, this.number, {
        send: options.mode === 'send',
        calling: options.calling ?? false,
        ecm: options.ecm ?? true,
        maxBitRate: options.maxBitRate ?? 14400,
        file: options.file,
        ident: options.ident ?? '',
        header: options.header ?? '',
      })).catch((err: Error) => {
        this.faxes.delete(id);
        reject(err);
      });
    });
  }

  /**
   * Listens to what the far end says (from now, normally right after answer)
   * and resolves with one verdict: 'person', 'machine', 'fax' or 'silence'
   * -- or 'stopped' if stopAnswerDetection(), a fax or the end of the call
   * came first. A second call restarts the analysis; every waiting promise
   * gets the next verdict.
   */
  detectAnswer(options: AnswerDetectionOptions = {}): Promise<AnswerDetection> {
    return new Promise<AnswerDetection>((resolve, reject) => {
      const waiter = { resolve, reject };
      this.answerWaiters.push(waiter);
      this.command((req) => this.core.native.detectAnswer(req, this.span, this.number, { ...options })).catch((err: Error) => {
        this.answerWaiters = this.answerWaiters.filter((w) => w !== waiter);
        reject(err);
      });
    });
  }

  /** Stops answering-machine detection; resolves true if it was running. */
  async stopAnswerDetection(): Promise<boolean> {
    const r = await this.command((req) => this.core.native.detectAnswer(req, this.span, this.number, null));
    return r.value === 1;
  }

  /** Ends the fax in progress; its fax() promise resolves with the result. */
  async stopFax(): Promise<void> {
    await this.command((req) => this.core.native.fax(req, this.span, this.number, null));
  }

  /** The next digit pressed, or undefined after `timeoutMs` of engine time. */
  nextDigit(timeoutMs: number): Promise<string | undefined> {
    return new Promise((resolve) => {
      const sub = this.digits$.subscribe((d) => {
        cancel();
        sub.unsubscribe();
        resolve(d);
      });
      const cancel = this.core.clock.setTimeout(() => {
        sub.unsubscribe();
        resolve(undefined);
      }, timeoutMs);
    });
  }

  /** @internal Routes an engine event to this channel. */
  handle(event: ChannelEvent): void {
    switch (event.type) {
      case 'state':
        if (!event.refused) this.stateName = event.to;
        break;
      case 'playbackFinished': {
        const waiter = this.playbacks.get(event.playbackId);
        if (waiter) {
          this.playbacks.delete(event.playbackId);
          waiter.resolve({ playbackId: event.playbackId, reason: event.reason, itemsDone: event.itemsDone });
        }
        break;
      }
      case 'generatorDone': {
        const waiter = this.generators.get(event.requestId);
        if (waiter) {
          this.generators.delete(event.requestId);
          waiter.resolve();
        }
        break;
      }
      case 'faxResult': {
        const waiter = this.faxes.get(event.faxId);
        if (waiter) {
          this.faxes.delete(event.faxId);
          waiter.resolve(event.result);
        }
        break;
      }
      case 'answerDetected': {
        const waiters = this.answerWaiters;
        this.answerWaiters = [];
        for (const w of waiters) w.resolve({ result: event.result, afterMs: event.afterMs, speechMs: event.speechMs });
        break;
      }
      case 'recordingStopped': {
        const rec = this.recordings.get(event.recordingId);
        if (rec) {
          this.recordings.delete(event.recordingId);
          const result: RecordingResult = { reason: event.reason, samples: event.samples, path: event.path ?? rec.path };
          if (event.error) result.error = event.error;
          rec.finish(result);
        }
        break;
      }
      default:
        break;
    }
    this.subject.next(event);
  }

  /** @internal The card closed: settle everything still waiting. */
  shutdown(): void {
    for (const [id, w] of this.playbacks) w.resolve({ playbackId: id, reason: 'closed', itemsDone: 0 });
    for (const w of this.generators.values()) w.resolve();
    for (const rec of this.recordings.values()) rec.finish({ reason: 'closed', samples: 0, path: rec.path });
    for (const w of this.faxes.values()) w.reject(new Error('the card was closed during the fax'));
    for (const w of this.answerWaiters) w.resolve({ result: 'stopped', afterMs: 0, speechMs: 0 });
    this.answerWaiters = [];
    this.faxes.clear();
    this.playbacks.clear();
    this.generators.clear();
    this.recordings.clear();
    this.subject.complete();
  }

  private command(send: (req: number) => void) {
    return this.core.issue(this.core.nextId(), send);
  }
}
export type { ProgressToneName };
