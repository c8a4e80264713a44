/**
 * PRI benchmark: complete calls (SETUP -> CONNECT -> RELEASE) per second of
 * wall time through the virtual card, libpri on both ends, with C channels
 * churning: every channel places a call, the bank answers, the caller hangs
 * up, and the channel calls again. Prints, last:
 *   pri: call_attempts_per_s=<N> channels=<C>
 */
import { filter, firstValueFrom } from 'rxjs';
import { openCard } from '../bindings/index.js';

const seconds = Number(process.env.BENCH_PRI_SECONDS ?? 20);
const spans = Number(process.env.BENCH_PRI_SPANS ?? 2);

const cables: Array<[number, number]> = [];
const signaling: Array<'pri-cpe' | 'pri-net'> = [];
for (let i = 0; i < spans; i++) cables.push([i, i + spans]);
for (let i = 0; i < spans * 2; i++) signaling.push(i < spans ? 'pri-cpe' : 'pri-net');
const card = openCard({ spans: spans * 2, cables, signaling, clock: 'freerun' });
await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));
for (const span of card.spans.slice(0, spans)) span.calls$.subscribe((call) => void call.answer().catch(() => undefined));

let completed = 0;
let stop = false;
const workers = card.spans.slice(spans).flatMap((span) =>
  Array.from({ length: 30 }, async (_, i) => {
    while (!stop) {
      try {
        const call = await span.dial({ called: '95588', calling: `139${i}` });
        await call.connected();
        await call.hangUp();
        await call.released;
        completed++;
      } catch {
        if (stop) break;
        await card.clock.sleep(20).catch(() => undefined);  // no circuit right now: try again
      }
    }
  }));
const wall0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
const done = completed;
stop = true;
await card.close();
await Promise.allSettled(workers);
console.log(`pri: call_attempts_per_s=${Math.round(done / wall)} channels=${spans * 30}`);
