/**
 * Engine benchmark: N channels live through the virtual cable, both ends
 * running their DSP chain, in real time, for S seconds. Reports missed tick
 * deadlines and CPU use. Prints, last:
 *   engine: channels=<N> seconds=<S> missed_ticks=<K> cpu_pct=<P>
 * for the largest N tried with K = 0.
 *
 * Env: BENCH_ENGINE_SECONDS (default 60), BENCH_ENGINE_CHANNELS (comma list,
 * default "960,1440,1920").
 */
import { openCard, B_CHANNELS, type Card } from '../bindings/index.js';

const seconds = Number(process.env.BENCH_ENGINE_SECONDS ?? 60);
const sizes = (process.env.BENCH_ENGINE_CHANNELS ?? '960,1440,1920').split(',').map(Number);

function tone(freq: number, ms: number): Int16Array {
  const out = new Int16Array(ms * 8);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(6000 * Math.sin((2 * Math.PI * freq * i) / 8000));
  return out;
}

async function run(channels: number): Promise<{ missed: number; overruns: number; cpuPct: number; maxTickMs: number }> {
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
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
    const after = card.stats();
    stop = true;
    await card.close();
    await Promise.allSettled(loops);
    return {
      missed: after.missedDeadlines - before.missedDeadlines,
      overruns: after.overruns - before.overruns,
      cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
      maxTickMs: after.maxTickNs / 1e6,
    };
  } finally {
    await card.close();
  }
}

let best: { channels: number; missed: number; cpuPct: number } | undefined;
for (const n of sizes) {
  const r = await run(n);
  console.log(`engine-run: channels=${n} seconds=${seconds} missed_ticks=${r.missed} overruns=${r.overruns} cpu_pct=${r.cpuPct.toFixed(1)} max_tick_ms=${r.maxTickMs.toFixed(2)}`);
  if (r.missed === 0) best = { channels: n, missed: 0, cpuPct: r.cpuPct };
  else break;
}
const b = best ?? { channels: 0, missed: -1, cpuPct: 0 };
console.log(`engine: channels=${b.channels} seconds=${seconds} missed_ticks=${b.missed} cpu_pct=${b.cpuPct.toFixed(1)}`);
