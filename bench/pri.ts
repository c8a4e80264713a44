/**
 * PRI benchmark: complete calls (SETUP -> CONNECT -> RELEASE) per second of
 * wall time through the virtual card, libpri on both ends, with C channels
 * churning: every channel places a call, the bank answers, the caller hangs
 * up, and the channel calls again. A call counts only if it connected and both
 * ends saw it released with cause 16 (normal clearing); anything else is a
 * failure, listed by cause. Dial refusals for want of a free B-channel (the
 * previous call's channel not yet idle at the far end) are retried and counted
 * apart. Prints, last:
 *   pri: call_attempts_per_s=<N> channels=<C> failed=<F> no_circuit=<R>
 */
import { filter, firstValueFrom } from 'rxjs';
import { Cause, openCard } from '../bindings/index.js';

const seconds = Number(process.env.BENCH_PRI_SECONDS ?? 20);
const spans = Number(process.env.BENCH_PRI_SPANS ?? 2);

const cables: Array<[number, number]> = [];
const signaling: Array<'pri-cpe' | 'pri-net'> = [];
for (let i = 0; i < spans; i++) cables.push([i, i + spans]);
for (let i = 0; i < spans * 2; i++) signaling.push(i < spans ? 'pri-cpe' : 'pri-net');
const card = openCard({ spans: spans * 2, cables, signaling, clock: 'freerun' });
await Promise.all(card.spans.map((s) => firstValueFrom(s.dchannel$.pipe(filter(Boolean)))));

let measuring = false;
let stop = false;
let completed = 0;
let noCircuit = 0;
const failures = new Map<string, number>();
const fail = (why: string) => {
  if (measuring) failures.set(why, (failures.get(why) ?? 0) + 1);
};

// The bank's side answers and checks how each call ended there.
for (const span of card.spans.slice(0, spans)) {
  span.calls$.subscribe((call) => {
    void call.answer().catch(() => undefined);
    void call.released.then((cause) => {
      if (cause !== Cause.NORMAL_CLEARING && !stop) fail(`bank_side_cause_${cause}`);
    });
  });
}

const workers = card.spans.slice(spans).flatMap((span) =>
  Array.from({ length: 30 }, async (_, i) => {
    while (!stop) {
      let call;
      try {
        call = await span.dial({ called: '95588', calling: `139${i}` });
      } catch {
        if (stop) break;
        if (measuring) noCircuit++;
        await card.clock.sleep(20).catch(() => undefined);  // no circuit right now: try again
        continue;
      }
      try {
        await call.connected();
        await call.hangUp();
      } catch (err) {
        if (stop) break;
        fail(`not_connected_cause_${(err as { cause?: number }).cause ?? 'unknown'}`);
      }
      const cause = await call.released;
      if (stop) break;
      if (cause === Cause.NORMAL_CLEARING) {
        if (measuring) completed++;
      } else {
        fail(`caller_side_cause_${cause}`);
      }
    }
  }));
// One second of warm-up, then the measured stretch.
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
const wall0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
const done = completed;
stop = true;
await card.close();
await Promise.allSettled(workers);
const failed = [...failures.values()].reduce((a, b) => a + b, 0);
if (failed > 0) console.log(`pri-failures: ${[...failures].map(([why, n]) => `${why}=${n}`).join(' ')}`);
console.log(`pri: call_attempts_per_s=${Math.round(done / wall)} channels=${spans * 30} failed=${failed} no_circuit=${noCircuit}`);
