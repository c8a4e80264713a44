/**
 * The chaos run's server: the soak's world and callers in a child process, so that it can be
 * killed with -9 and started again on the same database and data directory. Every call is
 * written to <dir>/calls.jsonl as it is placed, answered and over, so the checks after a
 * restart know the calls the killed process had placed.
 *
 * Commands over the IPC channel (each answered with { id, ok, result | error }):
 *   load { on }   start or stop placing calls
 *   probe {limitMs}  one "interest rates" call (IVR + core banking), hung up after limitMs; result: the call
 *   stuck         what is in progress now (calls and what they heard last, channels, agents, queue, records)
 *   heard         what callers heard since the last time: journeys done and failed, why
 *   check         stops the load, drains, checks the soak's invariants over every call so far
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallerPool, type PlacedCall } from '../soak/caller-pool.js';
import { journeys } from '../soak/journeys.js';
import { failureKind } from '../soak/failure-kind.js';
import { checkInvariants, drain } from '../soak/soak-invariants.js';
import { startSoakWorld, QUEUE, TENANT } from '../soak/soak-world.js';
import { channelStates } from '../soak/resource-sampler.js';
import type { CoreSimPorts } from '../soak/core-sim-process.js';

export interface WorkerSetup {
  dir: string;
  core: CoreSimPorts;
  instance: number;
  callers: number;
  agents: number;
  database?: Record<string, unknown>;
}

export type WorkerCommand = { id: number; cmd: 'load'; on: boolean } | { id: number; cmd: 'probe'; limitMs: number } | { id: number; cmd: 'heard' | 'check' | 'stuck' };

type CallLine = { event: 'placed' | 'answered' | 'ended'; call: PlacedCall };

const FIRST_NUMBER = 10_000_000;
const setup = JSON.parse(process.env['CHAOS_WORKER'] ?? '{}') as WorkerSetup;
const callsFile = join(setup.dir, 'calls.jsonl');
mkdirSync(join(setup.dir, 'scratch'), { recursive: true });

const say = (what: string) => process.stderr.write(`chaos-server[${setup.instance}]: ${what}\n`);
say('starting');
const world = await startSoakWorld({
  dir: setup.dir,
  clock: 'realtime',
  core: setup.core,
  agents: setup.agents,
  restart: setup.instance > 0,
  config: { sim: { enabled: true, port: 0 }, ...(setup.database ? { database: setup.database } : {}) },
});
const services = world.services;
services.sim!.network.setDefault({ kind: 'answer', ringMs: 2000, hangupAfterMs: 12_000 });
let sinceHeard: PlacedCall[] = [];
const pool = new CallerPool({
  services,
  callers: setup.callers,
  scratchDir: join(setup.dir, 'scratch'),
  seed: 1000 + setup.instance,
  firstNumber: FIRST_NUMBER + setup.instance * 1_000_000,
  onCall: (event, call) => {
    appendFileSync(callsFile, `${JSON.stringify({ event, call } satisfies CallLine)}\n`);
    if (event === 'ended') sinceHeard.push(call);
  },
});
const probeJourney = journeys.find((j) => j.name === 'rates')!;

/** Each server process dials from numbers of its own: 139 + FIRST_NUMBER + instance * 10^6 + n. */
function instanceOf(from: string): number {
  return Math.floor((Number(from.slice(3)) - FIRST_NUMBER) / 1_000_000);
}

/** Every call of every instance so far, with what its record must show. */
function allCalls(): PlacedCall[] {
  const byFrom = new Map<string, { call: PlacedCall; answered: boolean; ended: boolean }>();
  for (const line of readFileSync(callsFile, 'utf8').split('\n')) {
    if (!line) continue;
    let parsed: CallLine;
    try {
      parsed = JSON.parse(line) as CallLine;
    } catch {
      continue; // the last line of a killed process may be cut
    }
    const entry = byFrom.get(parsed.call.from) ?? { call: parsed.call, answered: false, ended: false };
    entry.call = parsed.call;
    if (parsed.event === 'answered') entry.answered = true;
    if (parsed.event === 'ended') entry.ended = true;
    byFrom.set(parsed.call.from, entry);
  }
  return [...byFrom.values()].map(({ call, answered, ended }) => {
    // Cut by a crash: the record is closed at the next start (SYSTEM_RESTART), or, when the
    // bank had not answered yet, may never have been written.
    if (!ended) return { ...call, placed: true, expected: 'any', cdrOptional: !answered };
    // A fault decides how a call that went wrong ends; one that went as scripted ends as usual,
    // or, if its process was killed before the record's last stage was written, SYSTEM_RESTART.
    // Refused because no record could be written (database and journal both away): none exists.
    // A wrong number refused this way is no exception (its journey expected a refusal anyway).
    if (!call.answered && call.cause === 41) return { ...call, expected: 'any', cdrOptional: true };
    if (!call.done) return { ...call, expected: 'any' };
    return instanceOf(call.from) < setup.instance ? { ...call, alsoAllowed: ['SYSTEM_RESTART'] } : call;
  });
}

function heard(): Record<string, unknown> {
  const calls = sinceHeard;
  sinceHeard = [];
  const failures: Record<string, number> = {};
  const lastPrompts: Record<string, number> = {};
  for (const c of calls) {
    if (!c.failure) continue;
    const why = `${c.journey}: ${failureKind(c.failure)}`.slice(0, 90);
    failures[why] = (failures[why] ?? 0) + 1;
    const last = c.heard.slice(-2).join('>') || 'nothing';
    lastPrompts[last] = (lastPrompts[last] ?? 0) + 1;
  }
  return { calls: calls.length, done: calls.filter((c) => c.done).length, failed: calls.filter((c) => c.failure).length, failures, lastPrompts };
}

/** What is going on now, for a report when something did not finish in time. */
function stuck(): Record<string, unknown> {
  const calls = pool.inProgress().sort((a, b) => b.ageMs - a.ageMs);
  const byWhere: Record<string, number> = {};
  for (const c of calls) {
    const where = `${c.journey} ${c.answered ? `after ${c.lastHeard.join('>') || 'nothing'}` : c.placed ? 'ringing' : 'not placed yet'}`;
    byWhere[where] = (byWhere[where] ?? 0) + 1;
  }
  const acd = services.acd!.tenant(TENANT)?.acd;
  const agents: Record<string, number> = {};
  if (acd) for (const id of world.agentIds) agents[acd.queues.agent(id).state] = (agents[acd.queues.agent(id).state] ?? 0) + 1;
  const queue = acd?.queues.queue(QUEUE);
  return {
    callsInProgress: calls.length,
    oldestS: calls[0] ? Math.round(calls[0].ageMs / 1000) : 0,
    byWhere,
    bankCalls: services.telephony!.activeCalls().length,
    channels: channelStates(services),
    agents,
    queue: queue ? { waiting: queue.waiting, callbacks: queue.callbacks } : undefined,
    records: { mode: services.records.mode, journal: services.records.journalBacklog, heldInMemory: services.records.heldInMemory },
  };
}

async function handle(msg: WorkerCommand): Promise<unknown> {
  switch (msg.cmd) {
    case 'load':
      if (msg.on) pool.start();
      else await pool.stop();
      return { on: msg.on };
    case 'probe':
      return pool.placeOne(probeJourney, { maxCallMs: msg.limitMs });
    case 'stuck':
      return stuck();
    case 'heard':
      return heard();
    case 'check': {
      await pool.stop();
      await drain(services);
      return checkInvariants(services, allCalls(), world.agentIds);
    }
  }
}

process.on('message', (msg: WorkerCommand) => {
  handle(msg).then(
    (result) => process.send?.({ id: msg.id, ok: true, result }),
    (err: unknown) => process.send?.({ id: msg.id, ok: false, error: String((err as Error)?.stack ?? err) }),
  );
});
process.on('disconnect', () => {
  // A caller that never finishes must not keep the process: give the stop a few seconds.
  setTimeout(() => process.exit(0), 5000).unref();
  void world.close().finally(() => process.exit(0));
});
say(`ready at ${world.url}`);
process.send?.({ type: 'ready', url: world.url, simUrl: services.sim!.apiUrl, simToken: services.sim!.apiToken, pid: process.pid });
