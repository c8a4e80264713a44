/**
 * Calls through the engine alone, on a free-running virtual card with PRI on both ends of one
 * cable: every native feature a call of the product uses, with nothing above the bindings. Each
 * round places one call of every kind; calls run a few at a time so the DSP and I/O threads
 * allocate and free on their own arenas as they do under load. Used to tell a per-call native
 * leak from the allocator's caches (`bench/leak.ts`, `test/engine/native-leak.test.ts`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { filter, firstValueFrom } from 'rxjs';
import type { Call, Card, Channel, Span } from '../../bindings/index.js';

export interface ChurnRig {
  card: Card;
  /** The bank's span (CPE) and the network's (NET), cabled together. */
  bank: Span;
  net: Span;
  /** Two prompt files the bank side plays. */
  prompts: string[];
  /** Where recordings and received faxes are written (overwritten call after call). */
  dir: string;
  /** A TIFF/F the bank side sends (calls of kind 'fax'). */
  faxDocument?: string;
}

export type CallKind = 'ivr' | 'bridge' | 'outbound' | 'conference' | 'fax';
export const CALL_KINDS: readonly CallKind[] = ['ivr', 'bridge', 'outbound', 'conference', 'fax'];

/** A tone the far end sends (engine-generated, so nothing JS-side stays alive). */
const SPEECH_LIKE = '440/300,0/200,523/400,0/300';

async function inbound(rig: ChurnRig, calling: string): Promise<{ call: Call; out: Call; bankCh: Channel; netCh: Channel }> {
  // Calls run side by side: each takes the offer with its own calling number.
  const offered = firstValueFrom(rig.bank.calls$.pipe(filter((c) => c.calling === calling)));
  const out = await rig.net.dial({ called: '95588', calling });
  const call = await offered;
  await call.answer();
  await out.connected();
  return { call, out, bankCh: rig.bank.channel(call.channel), netCh: rig.net.channel(out.channel) };
}

async function hangUp(caller: Call, callee: Call): Promise<void> {
  await caller.hangUp();
  await Promise.all([caller.released, callee.released]);
}

/** Answer, a prompt file and a generated buffer, the caller keys digits, a short recording. */
async function ivrCall(rig: ChurnRig, i: number): Promise<void> {
  const { call, out, bankCh, netCh } = await inbound(rig, `138${String(i).padStart(8, '0')}`);
  const digits: string[] = [];
  const sub = bankCh.digits$.subscribe((d) => digits.push(d));
  const beep = new Int16Array(800).map((_, k) => Math.round(3000 * Math.sin(k / 3)));
  const played = bankCh.play([rig.prompts[i % rig.prompts.length]!, beep], { stopOnDtmf: false });
  await netCh.sendDtmf('12#', { onMs: 60, offMs: 60 });
  await played;
  const recording = await bankCh.record(join(rig.dir, `ivr-${i % 8}.wav`), { direction: 'rx' });
  await netCh.sendDtmf('9', { onMs: 60, offMs: 60 });
  await recording.stop();
  sub.unsubscribe();
  if (digits.join('') !== '12#9') throw new Error(`ivr call ${i}: heard ${digits.join('')}`);
  await hangUp(out, call);
}

/** Two callers bridged (an agent call), talk, part, hang up. */
async function bridgeCall(rig: ChurnRig, i: number): Promise<void> {
  const a = await inbound(rig, `139${String(i).padStart(8, '0')}`);
  const b = await inbound(rig, `137${String(i).padStart(8, '0')}`);
  const bridge = await rig.card.bridge(a.bankCh, b.bankCh);
  const heard = firstValueFrom(b.netCh.digits$);
  await a.netCh.sendDtmf('5', { onMs: 60, offMs: 60 });
  if ((await heard) !== '5') throw new Error(`bridge call ${i}: the digit did not cross`);
  await bridge.destroy();
  await hangUp(a.out, a.call);
  await hangUp(b.out, b.call);
}

/** The bank dials out with call-progress and answering-machine detection; a person answers. */
async function outboundCall(rig: ChurnRig, i: number): Promise<void> {
  const called = `136${String(i).padStart(8, '0')}`;
  const offered = firstValueFrom(rig.net.calls$.pipe(filter((c) => c.called === called)));
  const out = await rig.bank.dial({ called, calling: '95588' });
  const bankCh = rig.bank.channel(out.channel);
  await bankCh.setOptions({ progressDetect: true });
  const call = await offered;
  await call.alerting(true);
  const netCh = rig.net.channel(call.channel);
  await netCh.playTone('ringback');
  await firstValueFrom(bankCh.events$.pipe(filter((e) => e.type === 'tone' && e.phase === 'start')));
  await netCh.stopTone();
  await call.answer();
  await out.connected();
  const verdict = bankCh.detectAnswer({ initialSilenceMs: 1500, maxAnalysisMs: 2500 });
  await netCh.playTone(SPEECH_LIKE);
  await verdict;
  await netCh.stopTone();
  await bankCh.setOptions({ progressDetect: false });
  await hangUp(out, call);
}

/** Three callers in one conference, one leaves, then all hang up. */
async function conferenceCall(rig: ChurnRig, i: number): Promise<void> {
  const legs = [];
  for (let k = 0; k < 3; k++) legs.push(await inbound(rig, `135${k}${String(i).padStart(7, '0')}`));
  const conf = await rig.card.createConference();
  for (const leg of legs) await conf.add(leg.bankCh);
  await legs[0]!.netCh.sendDtmf('7', { onMs: 60, offMs: 60 });
  await conf.remove(legs[2]!.bankCh);
  await conf.destroy();
  for (const leg of legs) await hangUp(leg.out, leg.call);
}

/** The bank sends a fax to the caller (a statement), spandsp on both ends. */
async function faxCall(rig: ChurnRig, i: number): Promise<void> {
  if (!rig.faxDocument) throw new Error('fax calls need a document');
  const { call, out, bankCh, netCh } = await inbound(rig, `134${String(i).padStart(8, '0')}`);
  const [sent, got] = await Promise.all([
    bankCh.fax({ mode: 'send', file: rig.faxDocument, calling: false, maxBitRate: 9600 }),
    netCh.fax({ mode: 'receive', file: join(rig.dir, `fax-${i % 8}.tiff`), calling: true }),
  ]);
  if (!sent.success || !got.success) throw new Error(`fax call ${i}: ${JSON.stringify({ sent, got })}`);
  await hangUp(out, call);
}

const runners: Record<CallKind, (rig: ChurnRig, i: number) => Promise<void>> = {
  ivr: ivrCall,
  bridge: bridgeCall,
  outbound: outboundCall,
  conference: conferenceCall,
  fax: faxCall,
};

/**
 * Places `rounds` calls of each kind, `parallel` at a time, and waits until every one has ended.
 * Returns the number of calls placed.
 */
export async function churnCalls(rig: ChurnRig, rounds: number, kinds: readonly CallKind[] = CALL_KINDS, parallel = 6): Promise<number> {
  mkdirSync(rig.dir, { recursive: true });
  const jobs: Array<() => Promise<void>> = [];
  for (let i = 0; i < rounds; i++) for (const kind of kinds) jobs.push(() => runners[kind](rig, i));
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return jobs.length;
}
