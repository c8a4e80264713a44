/**
 * `npm run chaos`: faults in turn and overlapping, under the soak's load (bench/soak/), with the
 * server in a child process (bench/chaos/soak-worker.ts) so that it can be killed with -9.
 * Steps: the core banking system slow; the core stopped while a trunk cable is pulled; kill -9
 * of the server; the data directory's disk full while the core is slow; kill -9 while the disk is
 * full; with CHAOS_DB=mariadb, MariaDB stopped for a minute and MariaDB stopped with the disk full.
 * After each step: the time back to service (a probe call through the IVR to the core banking
 * system succeeds again), what callers heard meanwhile, and the soak's invariants (the load
 * paused and drained: every call has one record, none open, nothing stuck, journal empty).
 *
 * Prints a chaos-step line per step and last:
 *   chaos: steps=<N> failed_steps=<F> calls=<C> cdr_missing=<X> stuck_channels=<S> stuck=<K>
 * Exits 1 when a step's invariants do not hold, or something did not finish in time.
 *
 * Time-bounded: a probe call is hung up after CHAOS_PROBE_S; service not back within
 * CHAOS_BACK_S, a check not done within CHAOS_CHECK_S, a fault not put on or taken away within
 * CHAOS_FAULT_OP_S fail the step with a `chaos-stuck:` line saying what was in progress (calls
 * and what they heard last, channels, agents, queue, records) — never a hang. A check or a
 * fault that did not finish ends the run (the server's state is unknown after it).
 *
 * Env: CHAOS_STEPS (a comma list of step names: only those), CHAOS_FAULT_S (60: how long each fault lasts), CHAOS_DB (sqlite | mariadb),
 * CHAOS_CALLERS (54), CHAOS_AGENTS (10), CHAOS_DATA_MB (256: the data directory's file system),
 * CHAOS_PROBE_S (90), CHAOS_BACK_S (300), CHAOS_CHECK_S (240), CHAOS_FAULT_OP_S (180).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCoreSimProcess } from './soak/core-sim-process.js';
import type { PlacedCall } from './soak/caller-pool.js';
import type { SoakChecks } from './soak/soak-invariants.js';
import { CommandTimeout, SoakWorkerProcess } from './chaos/soak-worker-process.js';
import { withTimeout } from './chaos/with-timeout.js';
import type { Fault } from './chaos/faults/fault.js';
import { serverKillFault } from './chaos/faults/server-kill.js';
import { coreStopFault } from './chaos/faults/core-stop.js';
import { coreSlowFault } from './chaos/faults/core-slow.js';
import { cablePullFault } from './chaos/faults/cable-pull.js';
import { diskFullFault } from './chaos/faults/disk-full.js';
import { dbStopFault } from './chaos/faults/db-stop.js';
import { mountSmallFs } from './chaos/faults/small-fs.js';
import { MariaDbServer } from '../test/helpers/mariadb.js';

const faultMs = Number(process.env.CHAOS_FAULT_S ?? 60) * 1000;
const probeLimitMs = Number(process.env.CHAOS_PROBE_S ?? 90) * 1000;
const backLimitMs = Number(process.env.CHAOS_BACK_S ?? 300) * 1000;
const checkLimitMs = Number(process.env.CHAOS_CHECK_S ?? 240) * 1000;
const faultOpLimitMs = Number(process.env.CHAOS_FAULT_OP_S ?? 180) * 1000;
/** A probe's answer may come this long after its call was hung up (the line released, the record written). */
const REPLY_MARGIN_MS = 30_000;
const useMariaDb = process.env.CHAOS_DB === 'mariadb';
const dir = mkdtempSync(join(tmpdir(), 'tellerline-chaos-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
console.log(`chaos-start: fault_s=${faultMs / 1000} db=${useMariaDb ? 'mariadb' : 'sqlite'} dir=${dir} cores=${cpus().length} load=${load()}`);

const today = '2026-03-02';
const core = await startCoreSimProcess({ today });
const mariadb = useMariaDb ? await MariaDbServer.start() : undefined;
const database = mariadb ? ((await mariadb.createDatabase('chaos')) as unknown as Record<string, unknown>) : undefined;
const dataFs = mountSmallFs(join(dir, 'data'), Number(process.env.CHAOS_DATA_MB ?? 256));
console.log(`chaos: data directory on ${dataFs.kind === 'tmpfs' ? 'a small tmpfs' : `an ordinary directory (${dataFs.reason})`}`);
const server = new SoakWorkerProcess({
  dir,
  core,
  callers: Number(process.env.CHAOS_CALLERS ?? 54),
  agents: Number(process.env.CHAOS_AGENTS ?? 10),
  ...(database ? { database } : {}),
});

interface Step {
  name: string;
  /** Faults with their start (ms after the step starts); each lasts until the step ends. */
  faults: Array<{ fault: Fault; afterMs?: number }>;
}

const kill = serverKillFault(server);
const steps: Step[] = [
  { name: 'core-slow', faults: [{ fault: coreSlowFault(core, 2500) }] },
  { name: 'core-stop+cable-pull', faults: [{ fault: coreStopFault(core) }, { fault: cablePullFault(() => server.sim, 0), afterMs: faultMs / 2 }] },
  { name: 'server-kill', faults: [{ fault: kill, afterMs: faultMs / 2 }] },
  { name: 'disk-full+core-slow', faults: [{ fault: diskFullFault(dataFs) }, { fault: coreSlowFault(core, 2500), afterMs: faultMs / 3 }] },
  { name: 'disk-full+server-kill', faults: [{ fault: diskFullFault(dataFs) }, { fault: kill, afterMs: faultMs / 2 }] },
  ...(mariadb
    ? [
        { name: 'db-stop', faults: [{ fault: dbStopFault(mariadb) }] },
        { name: 'db-stop+disk-full', faults: [{ fault: dbStopFault(mariadb) }, { fault: diskFullFault(dataFs), afterMs: faultMs / 3 }] },
      ]
    : []),
];

/** Prints what the server has in progress, when something did not finish in time. */
async function reportStuck(step: string, what: string): Promise<void> {
  stuckReports++;
  const now = await server.request<Record<string, unknown>>({ cmd: 'stuck' }, 15_000).then(
    (s) => JSON.stringify(s),
    (err: Error) => (err instanceof CommandTimeout ? 'the server does not answer at all (event loop blocked?)' : `no report: ${err.message.split('\n')[0]}`),
  );
  console.log(`chaos-stuck: ${step}: ${what}; in progress: ${now}`);
}

/**
 * Back to service: a probe call through the IVR to the core banking system is started every 2 s
 * until one succeeds; the time is when the first probe that succeeded was started (a probe
 * that fails can take a minute of timeouts to say so, and must not count in the figure).
 * Bounded: each probe is hung up after probeLimitMs (reported as stuck, with what it heard),
 * and no probe is started after backLimitMs (then the service is not back: undefined).
 */
async function backToService(step: string, since: number): Promise<{ seconds: number | undefined; probes: number; stuckProbes: number }> {
  let firstOk: number | undefined;
  let probes = 0;
  let stuckProbes = 0;
  const inFlight = new Set<Promise<void>>();
  const giveUpAt = since + backLimitMs;
  while (firstOk === undefined && Date.now() < giveUpAt) {
    const startedAt = Date.now();
    const n = ++probes;
    const probe = server.request<PlacedCall>({ cmd: 'probe', limitMs: probeLimitMs }, probeLimitMs + REPLY_MARGIN_MS).then(
      async (call) => {
        if (call.done) firstOk = Math.min(firstOk ?? Infinity, startedAt);
        else if (call.failure === 'took too long') {
          stuckProbes++;
          await reportStuck(step, `probe ${n} hung up after ${probeLimitMs / 1000} s, having heard ${call.heard.slice(-3).join('>') || 'nothing'}`);
        } else if (n % 10 === 1) console.log(`chaos: probe ${n} failed: ${call.failure}`);
      },
      async (err: Error) => {
        if (err instanceof CommandTimeout) {
          stuckProbes++;
          await reportStuck(step, `probe ${n} not over ${(probeLimitMs + REPLY_MARGIN_MS) / 1000} s after it was placed (hung up, yet not released)`);
        } else if (n % 10 === 1) console.log(`chaos: probe ${n} failed: ${err.message.split('\n')[0]}`);
      },
    );
    inFlight.add(probe);
    void probe.finally(() => inFlight.delete(probe));
    await sleep(2000);
  }
  // A probe started earlier may still succeed: the figure is the earliest start that did. Each is bounded.
  await Promise.all(inFlight);
  if (firstOk === undefined) await reportStuck(step, `no probe succeeded within ${backLimitMs / 1000} s`);
  return { seconds: firstOk === undefined ? undefined : (firstOk - since) / 1000, probes, stuckProbes };
}

const only = process.env.CHAOS_STEPS?.split(',');
const chosen = only ? steps.filter((s) => only.includes(s.name)) : steps;
// Interrupted: still unmount the small file system and stop the children.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Whatever does not stop in time is left behind rather than holding the terminal.
    setTimeout(() => process.exit(130), 40_000).unref();
    void Promise.allSettled([server.stop(), core.stop('SIGTERM'), mariadb?.stop()]).finally(() => {
      try {
        dataFs.unmount();
      } catch {
        // not mounted
      }
      process.exit(130);
    });
  });
}

let failedSteps = 0;
let stuckReports = 0;
let last: SoakChecks | undefined;
try {
  await withTimeout(server.start(), faultOpLimitMs, 'the server start');
  await server.request({ cmd: 'load', on: true }, 30_000);
  await sleep(Math.min(30_000, faultMs));
  for (const step of chosen) {
    const t0 = Date.now();
    await server.request({ cmd: 'heard' }, 30_000);
    const injected: Fault[] = [];
    const timers = step.faults.map(async ({ fault, afterMs }) => {
      await sleep(afterMs ?? 0);
      await withTimeout(fault.inject(), faultOpLimitMs, `putting on ${fault.name}`);
      injected.push(fault);
      console.log(`chaos: ${((Date.now() - t0) / 1000).toFixed(0)} s: ${fault.what}`);
    });
    const put = await Promise.allSettled(timers);
    await sleep(Math.max(0, faultMs - (Date.now() - t0)));
    // Taken away in reverse order; a killed server is started again here. The time back to
    // service counts from here: a restart is part of it.
    const removing = Date.now();
    const notRemoved: string[] = [];
    for (const fault of injected.reverse()) {
      try {
        await withTimeout(fault.remove(), faultOpLimitMs, `taking away ${fault.name}`);
      } catch (err) {
        // A server that cannot start while another fault is still on (the disk full) tries again below.
        console.log(`chaos: ${fault.name}: could not be taken away yet: ${(err as Error).message.split('\n')[0]}`);
        notRemoved.push(fault.name);
      }
    }
    const removedAt = Date.now();
    if (!server.pid) await withTimeout(server.restart(), faultOpLimitMs, 'the server restart').catch((err: Error) => console.log(`chaos: ${err.message.split('\n')[0]}`));
    console.log(`chaos: ${((Date.now() - t0) / 1000).toFixed(0)} s: faults taken away, server ${server.pid ? 'running' : 'not running'}; probing`);
    const faultFailed = put.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (faultFailed || !server.pid) {
      // Nothing more can be learnt from this run: the fault machinery or the server is not under control.
      failedSteps++;
      await reportStuck(step.name, faultFailed ? String((faultFailed.reason as Error).message) : `the server is not running (${notRemoved.join(', ') || 'restart failed'})`);
      console.log(`chaos-step: ${step.name} ok=false aborted=true`);
      break;
    }
    // A restarted server starts without load.
    if (step.faults.some((f) => f.fault === kill)) await server.request({ cmd: 'load', on: true }, 30_000);
    const back = await backToService(step.name, removing);
    const heard = await server.request<Record<string, unknown>>({ cmd: 'heard' }, 30_000);
    let checks: SoakChecks;
    try {
      checks = await server.request<SoakChecks>({ cmd: 'check' }, checkLimitMs);
    } catch (err) {
      // The load would not drain (a call or a channel never released): say what, and stop here.
      failedSteps++;
      await reportStuck(step.name, `the check (load stopped, calls drained, invariants) ${(err as Error).message.split('\n')[0]}`);
      console.log(`chaos-heard: ${step.name} ${JSON.stringify(heard)}`);
      console.log(`chaos-step: ${step.name} back_to_service_s=${back.seconds?.toFixed(1) ?? 'none'} stuck_probes=${back.stuckProbes} ok=false aborted=true`);
      break;
    }
    last = checks;
    const invariants = checks.cdrMissing === 0 && checks.cdrDuplicate === 0 && checks.wrongDisposition === 0 && checks.cdrOpen === 0 && checks.stuckChannels === 0 && checks.stuckAgents.length === 0 && checks.journalBytes === 0;
    const ok = invariants && back.seconds !== undefined && back.stuckProbes === 0 && notRemoved.length === 0;
    if (!ok) failedSteps++;
    console.log(`chaos-heard: ${step.name} ${JSON.stringify(heard)}`);
    if (checks.wrongExamples.length) console.log(`chaos-wrong: ${checks.wrongExamples.join(' | ')}`);
    if (checks.stuckAgents.length) console.log(`chaos-stuck-agents: ${checks.stuckAgents.join(' ')}`);
    console.log(
      `chaos-step: ${step.name} back_to_service_s=${back.seconds?.toFixed(1) ?? 'none'} restored_s=${((removedAt - removing) / 1000).toFixed(1)} probes=${back.probes} stuck_probes=${back.stuckProbes} calls=${checks.calls} cdr_missing=${checks.cdrMissing} cdr_duplicate=${checks.cdrDuplicate} ` +
        `wrong_disposition=${checks.wrongDisposition} cdr_open=${checks.cdrOpen} stuck_channels=${checks.stuckChannels} stuck_agents=${checks.stuckAgents.length} journal_bytes=${checks.journalBytes} ` +
        `dispositions=${JSON.stringify(checks.dispositions)} ok=${ok} load=${load()}`,
    );
    await server.request({ cmd: 'load', on: true }, 30_000);
  }
} catch (err) {
  // A command that timed out outside a step's own checks (the start, the load switch): reported, not a hang.
  failedSteps++;
  console.log(`chaos: stopped: ${(err as Error).message.split('\n')[0]}`);
} finally {
  // Calls still up are not waited for: the server process is stopped (and killed if it does not stop).
  await server.request({ cmd: 'load', on: false }, 10_000).catch(() => undefined);
  await withTimeout(server.stop(), 30_000, 'the server stop').catch(() => server.kill());
  await withTimeout(core.stop('SIGTERM'), 30_000, 'the simulator stop').catch(() => undefined);
  await withTimeout(mariadb?.stop() ?? Promise.resolve(), 30_000, 'the MariaDB stop').catch(() => undefined);
  try {
    dataFs.unmount();
  } catch (err) {
    console.log(`chaos: could not unmount ${dataFs.dir}: ${(err as Error).message}`);
  }
  if (!process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true });
}
console.log(`chaos: steps=${chosen.length} failed_steps=${failedSteps} calls=${last?.calls ?? 0} cdr_missing=${last?.cdrMissing ?? -1} stuck_channels=${last?.stuckChannels ?? -1} stuck=${stuckReports}`);
process.exit(failedSteps > 0 ? 1 : 0);
