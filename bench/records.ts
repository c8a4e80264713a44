/**
 * Records write throughput on SQLite (WAL, synchronous=FULL, as the product runs it), with group
 * commit against one commit per operation, measured in the same run on the same disk.
 *
 * N simulated calls at once each write what a call writes — its CDR offered, answered, an agent
 * log entry, released — awaiting every record as telephony does, for a fixed time; first with
 * batches of one (the baseline: every operation its own transaction and fsync), then with the
 * product's default batch bound. Each mode gets a fresh database file. These runs saturate the
 * writer (a call writes its next record as soon as the last one is durable), so their event-loop
 * figures say how long one turn can be, not how busy a server is. Then both modes run again at
 * the same paced load (each call waits --think-ms between records, as a real call does), where
 * the event-loop utilisation (elu) and delay show what the commits cost the JavaScript thread.
 *
 *   node --import=tsx bench/records.ts [--seconds 10] [--calls 60] [--max-batch 100] [--think-ms 600]
 *
 * The last line is exactly:
 *   records: ops_per_s=<x> commits_per_op=<y> baseline_ops_per_s=<z> ratio=<x/z>
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { configSchema } from '../src/config/schema.js';
import { openStore } from '../src/store/store.js';
import { RecordsService } from '../src/records/service.js';
import { tenantsRepo } from '../src/tenants/store/tenants-repo.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    calls: { type: 'string', default: '60' },
    'max-batch': { type: 'string', default: String(configSchema().parse({}).records.maxBatch) },
    'think-ms': { type: 'string', default: '600' },
  },
});
const seconds = Number(values.seconds);
const calls = Number(values.calls);
const maxBatch = Number(values['max-batch']);
const thinkMs = Number(values['think-ms']);

interface RunResult {
  ops: number;
  commits: number;
  elapsedS: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

async function run(label: string, batch: number, think = 0): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-records-'));
  const database = configSchema().parse({ database: { client: 'sqlite', sqlite: { filename: join(dir, 'tellerline.sqlite') } } }).database;
  const store = await openStore(database);
  const records = new RecordsService({ store, journalDir: join(dir, 'journal'), nodeId: 'bench', logger: pino({ level: 'silent' }), maxBatch: batch });
  try {
    const sync = (await store.knex.raw('PRAGMA synchronous')) as Array<{ synchronous: number }>;
    if (sync[0]?.synchronous !== 2) throw new Error(`SQLite runs with synchronous=${sync[0]?.synchronous}, not FULL (2): the measure would mean nothing`);
    await records.start();
    const tenantId = randomUUID();
    await tenantsRepo.insert(store.knex, { id: tenantId, code: 'bench', name: 'Bench', kind: 'bank', status: 'active' });

    let ops = 0;
    let running = true;
    const pause = () => (think > 0 ? sleep(think * (0.5 + Math.random())) : undefined);
    const oneCall = async (caller: number, n: number) => {
      const legId = await records.cdr.offered({ tenantId, direction: 'inbound', span: 1 + Math.floor(caller / 30), channel: (caller % 30) + 1, calling: `13900${caller}${n}`, called: '95588' });
      await pause();
      await records.cdr.answered(legId);
      await pause();
      await records.agentLog.write({ tenantId, agentId: `agent-${caller % 10}`, event: 'call_start', legId });
      await pause();
      await records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
      ops += 4;
      await pause();
    };
    const caller = async (i: number) => {
      for (let n = 0; running; n++) await oneCall(i, n);
    };

    const commitsBefore = records.commits;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const eluBefore = performance.eventLoopUtilization();
    const started = performance.now();
    const callers = Array.from({ length: calls }, (_, i) => caller(i));
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    running = false;
    await Promise.all(callers);
    const elapsedS = (performance.now() - started) / 1000;
    const elu = performance.eventLoopUtilization(eluBefore).utilization;
    loop.disable();
    const result: RunResult = {
      ops,
      commits: records.commits - commitsBefore,
      elapsedS,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    };
    const written = (await store.knex('cdr').count({ n: '*' }).first()) as { n: number | string };
    if (Number(written.n) * 4 !== ops) throw new Error(`${label}: ${ops / 4} calls acknowledged, ${written.n} CDRs in the database`);
    console.log(
      `records-run: mode=${label} max_batch=${batch} think_ms=${think} calls=${calls} seconds=${elapsedS.toFixed(1)} ops=${ops} commits=${result.commits} ops_per_s=${(ops / elapsedS).toFixed(0)} ` +
        `elu=${elu.toFixed(2)} loop_p99_ms=${result.loopP99Ms.toFixed(1)} loop_max_ms=${result.loopMaxMs.toFixed(1)} load=${loadavg()[0]!.toFixed(2)}`,
    );
    return result;
  } finally {
    await records.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const baseline = await run('one-at-a-time', 1);
const grouped = await run('group-commit', maxBatch);
await run('one-at-a-time', 1, thinkMs);
await run('group-commit', maxBatch, thinkMs);
const opsPerS = grouped.ops / grouped.elapsedS;
const baselineOpsPerS = baseline.ops / baseline.elapsedS;
console.log(
  `records: ops_per_s=${opsPerS.toFixed(0)} commits_per_op=${(grouped.commits / grouped.ops).toFixed(3)} baseline_ops_per_s=${baselineOpsPerS.toFixed(0)} ratio=${(opsPerS / baselineOpsPerS).toFixed(2)}`,
);
