/**
 * Engine benchmark: N channels live through the virtual cable, both ends
 * running their DSP chain, in real time, for S seconds. Reports missed tick
 * deadlines and CPU use. Ramps to find the limit: doubles N from the start
 * while no tick is missed, then bisects (to 30 channels, one E1) between the
 * last size with none and the first that missed one. Prints, last:
 *   engine: channels=<N> seconds=<S> missed_ticks=<K> cpu_pct=<P> max_channels=<N> cpu_per_channel_us=<x> first_failed=<M> cap=<max> load=<1-min load>
 * for the largest N with K = 0 (channels and max_channels are the same; the
 * CPU per channel is CPU-µs per channel per second of audio, to predict a
 * bigger server). first_failed=none means every size up to the cap held.
 * Exits 1 below the target of 3,840 channels (128 E1). A size ends as soon as
 * it misses a tick. Past capacity the engine backs off (it drops its backlog
 * and leaves real-time scheduling, see native/engine/overload_guard.h), so
 * this thread keeps getting the CPU to see the missed tick and end the size.
 *
 * Env: BENCH_ENGINE_SECONDS (default 60), BENCH_ENGINE_START (960),
 * BENCH_ENGINE_MAX (30720), BENCH_ENGINE_TARGET (3840).
 */
import { loadavg } from 'node:os';
import { openCard, B_CHANNELS, type Card } from '../bindings/index.js';
import { rampToLimit } from './ramp.js';

const seconds = Number(process.env.BENCH_ENGINE_SECONDS ?? 60);
const start = Number(process.env.BENCH_ENGINE_START ?? 960);
const max = Number(process.env.BENCH_ENGINE_MAX ?? 30_720);
const target = Number(process.env.BENCH_ENGINE_TARGET ?? 3840);

function tone(freq: number, ms: number): Int16Array {
  const out = new Int16Array(ms * 8);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(6000 * Math.sin((2 * Math.PI * freq * i) / 8000));
  return out;
}

async function run(channels: number): Promise<{ missed: number; overruns: number; dropped: number; backOffs: number; cpuPct: number; maxTickMs: number; wall: number }> {
  const pairs = Math.ceil(channels / 30);
  const cables: Array<[number, number]> = [];
  for (let i = 0; i < pairs; i++) cables.push([i, i + pairs]);
  const card: Card = openCard({ spans: pairs * 2, cables, clock: 'realtime', dspThreads: 1, realtimePriority: Number(process.env.BENCH_RT_PRIORITY ?? 50) });
  try {
    const list: Array<[number, number]> = [];
    for (let s = 0; s < pairs; s++) for (const ts of B_CHANNELS) if (list.length < channels) list.push([s, ts]);
    await Promise.all(list.flatMap(([s, ts]) => [card.channel(s, ts).open(), card.channel(s + pairs, ts).open()]));
    const prompt = tone(440, 5000);
    // Bank side: a prompt loop and DTMF detection; far side: DTMF sending,
    // DTMF and call-progress detection.
    await Promise.all(list.map(([s, ts]) => card.channel(s + pairs, ts).setOptions({ progressDetect: true })));
    let stop = false;
    const loops = list.map(async ([s, ts], i) => {
      const near = card.channel(s, ts);
      const far = card.channel(s + pairs, ts);
      while (!stop) {
        await Promise.all([near.play(prompt), far.sendDtmf(String(i % 10) + '#', { onMs: 80, offMs: 80 })]);
      }
    });
    const before = card.stats();
    const cpu0 = process.cpuUsage();
    const wall0 = process.hrtime.bigint();
    // A size that misses a tick has failed: stop it there. Past the
    // machine's capacity the engine's real-time threads take every core until
    // the engine backs off (half a second behind), and the tick it dropped
    // counts as missed, so this loop sees it soon after.
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end && card.stats().missedDeadlines === before.missedDeadlines) {
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(1, end - Date.now()))));
    }
    const cpu = process.cpuUsage(cpu0);
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const after = card.stats();
    stop = true;
    await card.close();
    await Promise.allSettled(loops);
    return {
      missed: after.missedDeadlines - before.missedDeadlines,
      overruns: after.overruns - before.overruns,
      dropped: after.droppedTicks - before.droppedTicks,
      backOffs: after.backOffs - before.backOffs,
      cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
      maxTickMs: after.maxTickNs / 1e6,
      wall,
    };
  } finally {
    await card.close();
  }
}

const ramp = await rampToLimit({
  start,
  step: 30,
  max,
  run: async (n) => {
    const r = await run(n);
    console.log(`engine-run: channels=${n} seconds=${r.wall.toFixed(1)} missed_ticks=${r.missed} overruns=${r.overruns} dropped_ticks=${r.dropped} backoffs=${r.backOffs} cpu_pct=${r.cpuPct.toFixed(1)} max_tick_ms=${r.maxTickMs.toFixed(2)} load=${loadavg()[0]!.toFixed(2)}`);
    return r;
  },
  passed: (r) => r.missed === 0,
});
const b = ramp.bestResult;
const cpuPerChannelUs = b && ramp.best > 0 ? (b.cpuPct / 100) * 1e6 / ramp.best : 0;
console.log(
  `engine: channels=${ramp.best} seconds=${seconds} missed_ticks=${b ? b.missed : -1} cpu_pct=${(b?.cpuPct ?? 0).toFixed(1)} ` +
    `max_channels=${ramp.best} cpu_per_channel_us=${cpuPerChannelUs.toFixed(1)} first_failed=${ramp.firstFailed ?? 'none'} cap=${max} load=${loadavg()[0]!.toFixed(2)}`,
);
if (ramp.best < target) {
  console.error(`engine: below the target of ${target} channels`);
  process.exit(1);
}
