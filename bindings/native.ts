/**
 * Loads the compiled addon and describes its raw surface. Nothing outside
 * bindings/ should import this file: use Card and friends instead.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TellerlineError } from './errors.js';

export interface NativeTables {
  errorCodes: string[];
  channelStates: string[];
  eventTypes: Record<string, number>;
  progressTones: string[];
  answerResults: string[];
  toneZones: string[];
  alarmBits: Record<string, number>;
  channelOptions: Record<string, number>;
  playFlags: Record<string, number>;
  dahdi: boolean;
}

export type BatchHandler = (records: Int32Array, strings: string[], lastTick: number, dropped: number) => void;

export interface NativeCardHandle {
  info(): { kind: string; spans: number; tickMs: number; cables: number; clock: string; signaling: string[] };
  stats(): Record<string, number | boolean>;
  close(): void;
  ack(tick: number, horizon: number): void;
  hold(): void;
  release(): void;
  ref(): void;
  unref(): void;
  openChannel(req: number, span: number, channel: number): void;
  closeChannel(req: number, span: number, channel: number): void;
  play(req: number, span: number, channel: number, items: Array<string | Int16Array>, flags: number): void;
  stopPlayback(req: number, span: number, channel: number): void;
  sendDtmf(req: number, span: number, channel: number, digits: string, onMs: number, offMs: number,
    pauseMs: number, levelDbm0: number, twistDb: number): void;
  playTone(req: number, span: number, channel: number, tone: string, levelDbm0: number): void;
  stopTone(req: number, span: number, channel: number): void;
  record(req: number, span: number, channel: number, path: string, direction: number, encoding: number,
    maxSeconds: number): void;
  recordingControl(req: number, span: number, channel: number, action: number, recordingId: number): void;
  setChannelOptions(req: number, span: number, channel: number, mask: number, values: number,
    rxGainDb: number, txGainDb: number): void;
  queryChannel(req: number, span: number, channel: number): void;
  querySpan(req: number, span: number): void;
  conference(req: number, op: number, conferenceId: number, span?: number, channel?: number, mode?: number,
    targetSpan?: number, targetChannel?: number): void;
  cable(req: number, op: number, cable: number, int1?: number, int2?: number, double1?: number, double2?: number): void;
  injectFrame(req: number, span: number, frame: Uint8Array): void;
  callControl(req: number, span: number, op: number, callId: number, arg: number): void;
  dial(req: number, span: number, called: string, calling: string, channel: number, restricted: boolean,
    overlap: boolean): void;
  sendDigits(req: number, span: number, callId: number, digits: string): void;
  socket(req: number, span: number, channel: number, path: string | null): void;
  detectAnswer(req: number, span: number, channel: number, options: { initialSilenceMs?: number; greetingMs?: number; afterGreetingSilenceMs?: number; maxAnalysisMs?: number } | null): void;
  fax(req: number, span: number, channel: number, options: { send: boolean; calling: boolean; ecm: boolean; maxBitRate: number; file: string; ident: string; header: string } | null): void;
}

export interface MallocStats {
  /** Obtained from the system for the arenas (heap and arena mappings). */
  arenaBytes: number;
  /** Large blocks mapped on their own (counted in inUseBytes too). */
  mmapBytes: number;
  inUseBytes: number;
  /** Free inside the arenas: the allocator keeps it rather than returning it. */
  freeBytes: number;
  /** Free at the top of the main heap, which malloc_trim could return. */
  releasableBytes: number;
  arenas: number;
}

export interface NativeAddon {
  NativeCard: new (config: object, onBatch: BatchHandler) => NativeCardHandle;
  setErrorClass(ctor: new (code: string, message: string) => Error): void;
  mallocStats(): MallocStats;
  mallocTrim(): boolean;
  tables: NativeTables;
}

const here = dirname(fileURLToPath(import.meta.url));

function locate(): string {
  const override = process.env.TELLERLINE_ADDON;
  const candidates = [
    override,
    join(here, '..', 'build', 'Release', 'tellerline.node'),
    join(here, '..', 'build', 'Debug', 'tellerline.node'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  for (const path of candidates) if (existsSync(path)) return path;
  throw new TellerlineError(
    'ERR_ADDON_MISSING',
    `the native addon is not built (looked in ${candidates.join(', ')}); run "npm run build:native"`,
  );
}

let loaded: NativeAddon | undefined;

export function nativeAddon(): NativeAddon {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = require(locate()) as NativeAddon;
    loaded.setErrorClass(TellerlineError);
  }
  return loaded;
}
