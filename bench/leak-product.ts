/**
 * The whole product's native memory per call: the soak's journeys on a free-running card
 * (bench/soak/), and at each sample the C allocator's in-use bytes once JavaScript's garbage is
 * collected, beside the soak's own reading (taken without a collection). A per-call leak shows
 * as settled in-use rising with the calls; caches and garbage level off.
 * LEAK_MINUTES (engine minutes, default 20), LEAK_SAMPLE_S (default 60).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mallocStats } from '../bindings/index.js';
import { nativeInUse } from './leak/native-memory.js';
import { runSoak } from './soak/soak-run.js';

const minutes = Number(process.env.LEAK_MINUTES ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'tl-leak-product-'));
const mb = (b: number) => (b / 1048576).toFixed(2);
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
        console.log(`leak-product: t=${(s.at / 60_000).toFixed(1)}min calls_up=${s.callsUp} cdr_rows=${s.cdrRows} ` +
          `in_use_mb=${s.mallocInUseMb.toFixed(2)} settled_in_use_mb=${mb(settled)} free_mb=${mb(m.freeBytes)} ` +
          `sys_mb=${mb(m.arenaBytes + m.mmapBytes)} arenas=${m.arenas} heap_mb=${s.heapUsedMb.toFixed(1)} rss_mb=${s.rssMb.toFixed(1)}`);
      });
    },
  });
  await pending;
  console.log(result.line);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
