/**
 * Fax machines on the simulated network, with the engine's own T.30 (spandsp) on the
 * network side of the virtual trunks:
 *
 *   - a fax line: a number the bank calls that answers as a fax machine and receives what the
 *     bank sends into a file (or sends a given TIFF, when polled): SimNetwork line behaviour
 *     { kind: 'fax', receiveInto?, send?, ecm?, maxBitRate?, ident?, hangupMidPage? };
 *   - a fax caller: a simulated caller who dials the bank and sends a given TIFF (CNG first,
 *     as fax machines do), or receives into a file -- the customer who presses start to get a
 *     statement (placeFaxCall).
 *
 * Every fax either side runs ends up in the card's SimFaxLog with its FaxResult, so tests and
 * demos can inspect what arrived. `hangupMidPage: n` makes the machine hang up part-way
 * through page n (failure tests).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import type { Call, Card, Channel, FaxResult } from '../../../bindings/index.js';
import type { SimCall } from './sim-call.js';

export interface SimFaxMachineOptions {
  /** Receive into this TIFF (default: a new file under the temporary directory). */
  receiveInto?: string;
  /** Send this TIFF instead of receiving. */
  send?: string;
  ecm?: boolean;
  maxBitRate?: 14400 | 12000 | 9600 | 7200 | 4800 | 2400;
  /** The machine's TSI/CSI. */
  ident?: string;
  /** Hang up part-way through this page (1-based). */
  hangupMidPage?: number;
}

export interface SimFaxRecord {
  /** 'line': a number the bank called; 'caller': a simulated caller that dialled the bank. */
  role: 'line' | 'caller';
  /** The number dialled. */
  to: string;
  from: string;
  mode: 'send' | 'receive';
  file: string;
  /** Engine time at the end. */
  at: number;
  result?: FaxResult;
  error?: string;
  /** True when the machine hung up on purpose (hangupMidPage). */
  hungUp: boolean;
}

/** Every fax the simulated machines of one card ran, in order. */
export class SimFaxLog {
  readonly records: SimFaxRecord[] = [];
  private waiters: Array<{ match: (r: SimFaxRecord) => boolean; resolve: (r: SimFaxRecord) => void }> = [];

  add(record: SimFaxRecord): void {
    this.records.push(record);
    if (this.records.length > 1000) this.records.shift();
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.match(record)) w.resolve(record);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** The first record (past or future) that matches. */
  wait(match: (r: SimFaxRecord) => boolean): Promise<SimFaxRecord> {
    const found = this.records.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

const logs = new WeakMap<Card, SimFaxLog>();

export function simFaxLog(card: Card): SimFaxLog {
  let log = logs.get(card);
  if (!log) {
    log = new SimFaxLog();
    logs.set(card, log);
  }
  return log;
}

function defaultReceiveFile(): string {
  const dir = join(tmpdir(), 'tellerline-simfax');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${randomUUID()}.tiff`);
}

/**
 * Runs one fax on a channel of the simulated network and logs it. `calling`: this machine
 * placed the call (it sends CNG and waits for the far end's DIS).
 */
async function runMachine(card: Card, channel: Channel, options: SimFaxMachineOptions, info: { role: 'line' | 'caller'; to: string; from: string; calling: boolean; hangUp: () => Promise<void> }): Promise<SimFaxRecord> {
  const mode = options.send ? 'send' : 'receive';
  const file = options.send ?? options.receiveInto ?? defaultReceiveFile();
  let hungUp = false;
  let watch: Subscription | undefined;
  const cancels: Array<() => void> = [];
  if (options.hangupMidPage !== undefined) {
    const page = options.hangupMidPage;
    // Page n starts after phase B (n = 1) or after page n-1 was confirmed; a page takes well
    // over 5 s at any V.29/V.17 rate, so 5 s later the machine is in the middle of it.
    watch = channel.events$.subscribe((e) => {
      if (e.type !== 'faxPhase') return;
      const trigger = page <= 1 ? e.phase === 'b' : e.phase === 'page' && e.pages === page - 1;
      if (!trigger || hungUp) return;
      cancels.push(card.clock.setTimeout(() => {
        hungUp = true;
        void info.hangUp();
      }, 5000));
    });
  }
  const record: SimFaxRecord = { role: info.role, to: info.to, from: info.from, mode, file, at: 0, hungUp: false };
  try {
    record.result = await channel.fax({
      mode,
      file,
      calling: info.calling,
      ecm: options.ecm ?? true,
      maxBitRate: options.maxBitRate ?? (mode === 'receive' ? 9600 : 14400),
      ident: options.ident ?? (info.role === 'line' ? `SIM ${info.to}`.slice(0, 20) : `SIM ${info.from}`.slice(0, 20)),
    });
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
  } finally {
    watch?.unsubscribe();
    for (const c of cancels) c();
  }
  record.hungUp = hungUp;
  record.at = card.clock.now();
  simFaxLog(card).add(record);
  return record;
}

/** A fax line answering the bank's call (sim-line.ts, behaviour 'fax'): the call is already answered. */
export async function runFaxLine(card: Card, call: Call, options: SimFaxMachineOptions): Promise<void> {
  const channel = card.span(call.span).channel(call.channel);
  await runMachine(card, channel, options, {
    role: 'line',
    to: call.called,
    from: call.calling,
    calling: false,
    hangUp: () => call.hangUp().catch(() => undefined),
  });
  // A fax machine hangs up once the fax is over.
  if (call.state !== 'released' && call.state !== 'terminating') await call.hangUp().catch(() => undefined);
}

/** What placeFaxCall needs of the simulated network (SimNetwork is one). */
export interface SimCallPlacer {
  placeCall(options: { to: string; from: string }): Promise<SimCall>;
}

export interface FaxCallOptions extends SimFaxMachineOptions {
  to: string;
  from: string;
  /** Wait this long after answer before starting (engine ms; default 0: fax machines start at once). */
  startAfterMs?: number;
  /**
   * Start only once this settles: the person at the machine presses start when the bank asks
   * (e.g. when its "press start" prompt plays). On a free-running card the bank's preparation
   * (drawing a statement) takes many engine seconds, longer than T.30 lets a machine wait.
   */
  startWhen?: Promise<unknown>;
}

export interface FaxCallResult {
  record: SimFaxRecord | undefined;
  /** Q.850 cause the call ended with. */
  cause: number;
  /** The simulated call, for its events. */
  call: SimCall;
}

/**
 * A simulated fax machine dials the bank: it sends `send` (a fax to the bank) or, with
 * `receiveInto`, receives (the caller pressed start to receive a statement). It hangs up when
 * its fax is over.
 */
export async function placeFaxCall(card: Card, network: SimCallPlacer, options: FaxCallOptions): Promise<FaxCallResult> {
  const sim = await network.placeCall({ to: options.to, from: options.from });
  if (!sim.call) return { record: undefined, cause: await sim.ended, call: sim };
  try {
    await sim.answered();
  } catch {
    return { record: undefined, cause: await sim.ended, call: sim };
  }
  if (options.startWhen) await Promise.race([options.startWhen, sim.ended]);
  if (options.startAfterMs) await card.clock.sleep(options.startAfterMs).catch(() => undefined);
  const record = await runMachine(card, sim.channel!, options, {
    role: 'caller',
    to: options.to,
    from: options.from,
    calling: true,
    hangUp: () => sim.hangUp(),
  });
  await sim.hangUp();
  return { record, cause: await sim.ended, call: sim };
}
