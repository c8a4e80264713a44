/**
 * IVR under load: N simultaneous callers on the virtual card in REAL TIME, each dialling the
 * shipped banking flow and moving through its menus -- language, main menu, information,
 * interest rates (read from the core-banking simulator through the gateway), back, again --
 * keying as soon as each prompt starts (barge-in), as regular callers do. The whole server
 * runs: gateway, telephony (ceil(N/30) trunk spans), IVR, SQLite records.
 *
 * Measured once every caller is up and for the steady window: the engine's missed tick
 * deadlines (card.stats().missedDeadlines), menu steps taken, and CPU use of this process.
 * The steady window ends at its first missed tick (the size has failed).
 *
 *   node --import=tsx bench/ivr.ts [--callers 960] [--seconds 30] [--ramp-seconds 20] [--max 3840]
 *
 * Ramps to find the limit: starting at --callers, doubles while a size holds every caller up
 * and misses no tick, then bisects (to 30 callers, one E1) between the last size that held and
 * the first that did not; each size runs in a fresh server. The last line is:
 *   ivr: concurrent_callers=<N> missed_ticks=<K> max_callers=<N> cpu_per_caller_us=<x> cpu_pct=<P> first_failed=<M> cap=<max> load=<1-min load>
 * for the largest size that held (CPU-µs per caller per second, to predict a bigger server);
 * first_failed=none means every size up to the cap (--max) held. The cap is the most a server
 * takes: the virtual card is configured with at most 128 trunk spans (card.trunks), 3,840
 * channels, one caller each; a ramp that holds it says the machine is not the limit.
 * Exits 1 below the target of 1,920 callers (--target).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { filter, firstValueFrom } from 'rxjs';
import { spawn } from 'node:child_process';
import { gatewayModule } from '../src/gateway/module.js';
import { ivrModule } from '../src/ivr/module.js';
import { createServer } from '../src/server.js';
import type { CallSession, TimedSessionEvent } from '../src/telephony/call-session.js';
import { telephonyModule } from '../src/telephony/module.js';
import { rampToLimit } from './ramp.js';
import type { SimCall } from '../src/telephony/simnet/sim-call.js';

const { values } = parseArgs({
  options: {
    callers: { type: 'string', default: process.env.BENCH_IVR_CALLERS ?? '960' },
    seconds: { type: 'string', default: process.env.BENCH_IVR_SECONDS ?? '30' },
    'ramp-seconds': { type: 'string', default: '20' },
    max: { type: 'string', default: process.env.BENCH_IVR_MAX ?? '3840' },
    target: { type: 'string', default: process.env.BENCH_IVR_TARGET ?? '1920' },
  },
});
const startCallers = Number(values.callers);
const steadySeconds = Number(values.seconds);
const rampSeconds = Number(values['ramp-seconds']);
const promptsDir = fileURLToPath(new URL('../var/prompts', import.meta.url));

/** What a caller keys when it hears each prompt: a walk through the information menus. */
const script: Record<string, string> = {
  'lang.choose.zh': '1',
  'menu.main': '6',
  'menu.info': '1',
  'menu.info.rates': '1',
};
/** After hearing the rates, go back up and round again. */
const afterRates = ['*', '*'];

/** The core-banking simulator in its own process (as a bank's core is), on free ports. */
async function startCore(): Promise<{ host: string; tcpPort: number; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL('../src/coresim/core-sim.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import=tsx', '-e', `import(${JSON.stringify(entry)}).then((m) => m.runCoreSim(process.argv.slice(1)))`, '--', '--http-port', '0', '--tcp-port', '0', '--admin-port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(out.slice(0, newline));
    });
    child.once('exit', (code) => reject(new Error(`the core-banking simulator exited with ${code}`)));
  });
  const ready = JSON.parse(line) as { host: string; tcpPort: number };
  return {
    host: ready.host,
    tcpPort: ready.tcpPort,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

interface SizeResult {
  callers: number;
  minUp: number;
  missed: number;
  cpuPct: number;
}

async function run(callers: number): Promise<SizeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-bench-ivr-'));
  const core = await startCore();
  const server = await createServer({
    config: {
      server: { host: '127.0.0.1', port: 0, nodeId: 'bench' },
      database: { client: 'sqlite', sqlite: { filename: join(dir, 'tellerline.sqlite') } },
      data: { dir: join(dir, 'data') },
      log: { level: 'warn' },
      card: { clock: 'realtime', trunks: Math.ceil(callers / 30), stations: 0, dspThreads: 1, realtimePriority: Number(process.env.BENCH_RT_PRIORITY ?? 50) },
      sim: { enabled: false },
      coreSim: { enabled: false },
      gateway: { adapter: 'tcp', host: core.host, port: core.tcpPort, maxConnections: 8 },
      telephony: { promptsDir },
    },
    logger: pino({ level: 'warn' }),
    modules: [gatewayModule(), telephonyModule(), ivrModule()],
  });
  await server.services.lifecycle.start();
  const telephony = server.services.telephony!;
  const world = server.services.sim!;
  await Promise.all(telephony.trunks.map((s) => (s.dchannelUp ? undefined : firstValueFrom(s.dchannel$.pipe(filter(Boolean))))));

  // The bank's session of each call, by span/channel, to react to its prompts.
  const sessions = new Map<string, CallSession>();
  telephony.sessions$.subscribe((a) => sessions.set(`${a.session.call.span}/${a.session.call.channel}`, a.session));

  let steps = 0;
  let connected = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  const fail = (why: string) => {
    failed++;
    failures.set(why, (failures.get(why) ?? 0) + 1);
  };
  let stopping = false;
  const live: SimCall[] = [];

  const runCaller = async (): Promise<void> => {
    const sim = await world.network.placeCall({ to: '95588', from: `138${String(10_000_000 + live.length).slice(-8)}` });
    if (!sim.call) {
      fail(`not placed (cause ${await sim.ended})`);
      return;
    }
    live.push(sim);
    const key = `${world.trunkFacing(sim.call.span)}/${sim.call.channel}`;
    try {
      await sim.answered();
    } catch {
      fail(`not answered (cause ${await sim.ended})`);
      return;
    }
    connected++;
    let session = sessions.get(key);
    for (let i = 0; !session && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 10));
      session = sessions.get(key);
    }
    if (!session) {
      fail('no bank session');
      return;
    }
    const pending: string[] = [];
    const press = (keys: string) => {
      if (stopping) return;
      steps++;
      void sim.sendDtmf(keys).catch(() => undefined);
    };
    session.events$.subscribe((e: TimedSessionEvent) => {
      if (e.type !== 'prompt') return;
      const ids = e.prompts.map((p) => p.id);
      if (ids.includes('rate.intro')) {
        pending.push(...afterRates);
        return;
      }
      for (const id of ids) {
        if (id === 'menu.info.rates' || id === 'menu.info') {
          const back = pending.shift();
          if (back) return press(back);
        }
        const keys = script[id];
        if (keys) return press(keys);
      }
    });
  };

  const card = telephony.card;
  console.log(`ivr bench: ${callers} callers, ${Math.ceil(callers / 30)} trunk spans, ramp ${rampSeconds} s, steady ${steadySeconds} s; ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const rampStart = Date.now();
  const starts: Promise<void>[] = [];
  for (let i = 0; i < callers; i++) {
    const due = rampStart + (i * rampSeconds * 1000) / callers;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    starts.push(runCaller());
  }
  await Promise.all(starts);
  const up = telephony.activeCalls().length;
  console.log(`ramp done in ${((Date.now() - rampStart) / 1000).toFixed(1)} s: ${connected} connected, ${failed} failed ${JSON.stringify(Object.fromEntries(failures))}, ${up} calls up at the bank, missed ticks so far ${card.stats().missedDeadlines}`);

  const before = card.stats();
  const stepsBefore = steps;
  const cpu0 = process.cpuUsage();
  const wall0 = Date.now();
  let minUp = up;
  const sampler = setInterval(() => {
    minUp = Math.min(minUp, telephony.activeCalls().length);
  }, 500);
  // A missed tick fails the size: stop the window there, as the engine benchmark does (past
  // capacity the engine backs off, so this thread gets the CPU to see it).
  const end = Date.now() + steadySeconds * 1000;
  while (Date.now() < end && card.stats().missedDeadlines === before.missedDeadlines) {
    await new Promise((r) => setTimeout(r, Math.min(250, Math.max(1, end - Date.now()))));
  }
  clearInterval(sampler);
  const after = card.stats();
  const cpu = process.cpuUsage(cpu0);
  const wall = (Date.now() - wall0) / 1000;
  const missed = after.missedDeadlines - before.missedDeadlines;
  const stepsPerSecond = (steps - stepsBefore) / wall;
  console.log(
    `steady ${wall.toFixed(1)} s: calls up min ${minUp}, menu steps ${(steps - stepsBefore)} (${stepsPerSecond.toFixed(0)}/s), ` +
      `missed ticks ${missed}, overruns ${after.overruns - before.overruns}, max tick ${(after.maxTickNs / 1e6).toFixed(2)} ms, ` +
      `process cpu ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}%, events dropped ${after.eventsDropped + after.channelEventsDropped}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );

  stopping = true;
  await Promise.all(live.map((c) => c.hangUp().catch(() => undefined)));
  await server.stop(5000);
  await core.close();
  rmSync(dir, { recursive: true, force: true });
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / wall) * 100;
  console.log(`ivr-run: callers=${callers} concurrent_callers=${minUp} missed_ticks=${missed} cpu_pct=${cpuPct.toFixed(1)} load=${loadavg()[0]!.toFixed(2)}`);
  return { callers, minUp, missed, cpuPct };
}

const ramp = await rampToLimit({
  start: startCallers,
  step: 30,
  max: Number(values.max),
  run,
  // A size holds when every caller stayed up through the steady window and no tick was missed.
  passed: (r) => r.missed === 0 && r.minUp >= r.callers,
});
const b = ramp.bestResult;
const perCallerUs = b && b.callers > 0 ? (b.cpuPct / 100) * 1e6 / b.callers : 0;
console.log(
  `ivr: concurrent_callers=${b?.minUp ?? 0} missed_ticks=${b ? b.missed : -1} max_callers=${ramp.best} cpu_per_caller_us=${perCallerUs.toFixed(1)} ` +
    `cpu_pct=${(b?.cpuPct ?? 0).toFixed(1)} first_failed=${ramp.firstFailed ?? 'none'} cap=${values.max} load=${loadavg()[0]!.toFixed(2)}`,
);
if (ramp.best < Number(values.target)) {
  console.error(`ivr: below the target of ${values.target} callers`);
  process.exit(1);
}
