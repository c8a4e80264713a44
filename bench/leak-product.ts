/**
 * The whole product's native memory per call: the soak's journeys on a free-running card
 * (bench/soak/), and at each sample the C allocator's in-use bytes once JavaScript's garbage is
 * collected, beside the soak's own reading (taken without a collection). A per-call leak shows
 * as settled in-use rising with the calls; caches and garbage level off.
 * LEAK_MINUTES (engine minutes, default 20), LEAK_SAMPLE_S (default 60), LEAK_KILL_AT (stop the
 * process dead after that many samples: under heaptrack, what is still allocated then shows as
 * "leaked", and two such runs of different lengths diff into what grew), LEAK_TRIM=1 (after each
 * reading, time one malloc_trim(0) and print the resident memory it gave back).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mallocStats, mallocTrim } from '../bindings/index.js';
import { nativeInUse } from './leak/native-memory.js';
import { runSoak } from './soak/soak-run.js';

const minutes = Number(process.env.LEAK_MINUTES ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'tl-leak-product-'));
const mb = (b: number) => (b / 1048576).toFixed(2);
const killAt = Number(process.env.LEAK_KILL_AT ?? 0);
let samples = 0;
let pending = Promise.resolve();
try {
  const result = await runSoak({
    dir,
    minutes,
    clock: 'freerun',
    sampleEveryMs: Number(process.env.LEAK_SAMPLE_S ?? 60) * 1000,
    onSample: (_line, s) => {
      // The soak's sampler awaits nothing after this: read once the collection has run.
      pending = pending.then(async () => {
        const settled = await nativeInUse();
        const m = mallocStats();
        console.log(`leak-product: t=${(s.at / 60_000).toFixed(1)}min calls_up=${s.callsUp} cdr_rows=${s.cdrRows} conferences=${s.conferences} ` +
          `in_use_mb=${s.mallocInUseMb.toFixed(2)} settled_in_use_mb=${mb(settled)} free_mb=${mb(m.freeBytes)} ` +
          `sys_mb=${mb(m.arenaBytes + m.mmapBytes)} arenas=${m.arenas} heap_mb=${s.heapUsedMb.toFixed(1)} rss_mb=${s.rssMb.toFixed(1)}`);
        if (process.env.LEAK_TRIM === '1') {
          const rss = process.memoryUsage.rss();
          const t0 = process.hrtime.bigint();
          mallocTrim();
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          console.log(`leak-trim: t=${(s.at / 60_000).toFixed(1)}min trim_ms=${ms.toFixed(2)} rss_released_mb=${((rss - process.memoryUsage.rss()) / 1048576).toFixed(1)}`);
        }
        if (++samples === killAt) process.kill(process.pid, 'SIGKILL');
      });
    },
  });
  await pending;
  console.log(result.line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
