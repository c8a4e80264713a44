/**
 * Group commit in the records writer: a burst of concurrent record operations is written in a
 * few transactions (counted in tellerline_records_commits_total), every one durable and applied
 * in the order it was submitted; one the database refuses in a batch is dead-lettered alone,
 * the rest of its batch written. On both databases.
 */
import test, { type ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { useBackends, type BackendContext } from '../helpers/backends.js';
import { openStore, type Store } from '../../src/store/store.js';
import { RecordsService } from '../../src/records/service.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { quietLogger } from '../helpers/server.js';

const backends = useBackends(test);

interface Rig {
  store: Store;
  records: RecordsService;
  registry: Registry;
  tenantId: string;
  journalDir: string;
  close(): Promise<void>;
}

async function rig(ctx: BackendContext, maxBatch: number): Promise<Rig> {
  const store = await openStore(ctx.database);
  const tenantId = randomUUID();
  await tenantsRepo.insert(store.knex, { id: tenantId, code: `gc-${tenantId.slice(0, 8)}`, name: 'Group Commit Bank', kind: 'bank', status: 'active' });
  const registry = new Registry();
  const journalDir = join(ctx.dir, 'journal');
  const records = new RecordsService({ store, journalDir, nodeId: 'gc-node', logger: quietLogger(), registry, maxBatch });
  await records.start();
  return {
    store,
    records,
    registry,
    tenantId,
    journalDir,
    async close() {
      await records.stop();
      await store.close();
    },
  };
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = found?.values.find((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want));
  return value?.value ?? 0;
}

const LEGS = 60;
const STAGES_PER_LEG = 5; // offered, answered, queued, connected, released
const LOGS = 100;
const OPS = LEGS * STAGES_PER_LEG + LOGS;

/**
 * Every stage of 60 calls and 100 agent log entries submitted at once, nothing awaited in
 * between; resolves with the order in which their promises resolved (submission order numbers).
 */
async function burst(r: Rig): Promise<{ legIds: string[]; logIds: string[]; resolved: number[] }> {
  const legIds: string[] = [];
  const promises: Array<Promise<unknown>> = [];
  const at = (leg: number, s: number) => new Date(Date.UTC(2026, 5, 1, 9, 0, 0) + leg * 60_000 + s * 1000);
  for (let leg = 0; leg < LEGS; leg++) {
    const legId = randomUUID();
    legIds.push(legId);
    promises.push(r.records.cdr.offered({ legId, tenantId: r.tenantId, direction: 'inbound', span: 1, channel: (leg % 30) + 1, calling: `1390000${leg}`, called: '95588', at: at(leg, 0) }));
    promises.push(r.records.cdr.answered(legId, at(leg, 1)));
    promises.push(r.records.cdr.queued(legId, { queue: 'general', at: at(leg, 2) }));
    promises.push(r.records.cdr.connected(legId, { agentId: `agent-${leg % 7}`, at: at(leg, 3) }));
    promises.push(r.records.cdr.released(legId, { disposition: 'NORMAL', cause: 16, at: at(leg, 9) }));
  }
  const logs: Array<Promise<string>> = [];
  for (let i = 0; i < LOGS; i++) logs.push(r.records.agentLog.write({ tenantId: r.tenantId, agentId: `agent-${i % 7}`, event: i % 2 ? 'pause' : 'resume' }));
  promises.push(...logs);
  const resolved: number[] = [];
  await Promise.all(promises.map((p, n) => p.then(() => resolved.push(n))));
  return { legIds, logIds: await Promise.all(logs), resolved };
}

/** Every operation of the burst is in the database, each stage applied over the one before it. */
async function assertBurstDurable(t: ExecutionContext, r: Rig, legIds: string[], logIds: string[]): Promise<void> {
  for (const legId of legIds) {
    const leg = await cdrRepo.get(r.store.knex, legId);
    // A stage applied out of order would be ignored as older than the row's (seq), leaving its field empty.
    t.truthy(leg?.answeredAt, `leg ${legId} answered`);
    t.truthy(leg?.queuedAt, `leg ${legId} queued`);
    t.truthy(leg?.connectedAt, `leg ${legId} connected`);
    t.like(leg, { queue: 'general', disposition: 'NORMAL', cause: 16 });
  }
  const rows = (await r.store.knex('cdr').where({ tenant_id: r.tenantId }).select('leg_id', 'seq')) as Array<{ leg_id: string; seq: number }>;
  t.is(rows.length, LEGS, 'one row per leg');
  t.true(rows.every((row) => Number(row.seq) === STAGES_PER_LEG), 'every leg at its last stage');
  const logs = (await r.store.knex('agent_service_log').where({ tenant_id: r.tenantId }).select('id')) as Array<{ id: string }>;
  t.deepEqual(logs.map((l) => l.id).sort(), [...logIds].sort(), 'every log entry once');
}

backends.each('a burst of concurrent records is written in a few commits, each durable and in submission order', async (t, ctx) => {
  const maxBatch = 64;
  const r = await rig(ctx, maxBatch);
  try {
    const before = r.records.commits;
    const { legIds, logIds, resolved } = await burst(r);
    const commits = r.records.commits - before;
    t.log(`${OPS} operations in ${commits} commits (at most ${maxBatch} a transaction)`);
    // Everything was waiting when the writer took its first turn: full batches, one commit each.
    t.is(commits, Math.ceil(OPS / maxBatch));
    t.true(commits * 10 < OPS, 'far fewer commits than operations');
    t.is(await metric(r.registry, 'tellerline_records_commits_total'), r.records.commits, 'the metric counts the same commits');
    t.is(await metric(r.registry, 'tellerline_records_writes_total', { path: 'db', kind: 'cdr.stage' }), LEGS * (STAGES_PER_LEG - 1));
    t.deepEqual(
      resolved,
      resolved.map((_, i) => i),
      'each caller is answered in the order the operations were submitted',
    );
    await assertBurstDurable(t, r, legIds, logIds);
    t.false(existsSync(join(r.journalDir, 'dead-letter.jsonl')), 'nothing refused');
    t.is(r.records.journalBacklog, 0);
  } finally {
    await r.close();
  }
});

backends.each('control: with batches of one the same burst takes one commit per operation', async (t, ctx) => {
  const r = await rig(ctx, 1);
  try {
    const before = r.records.commits;
    const { legIds, logIds } = await burst(r);
    t.is(r.records.commits - before, OPS);
    await assertBurstDurable(t, r, legIds, logIds);
  } finally {
    await r.close();
  }
});

/** Twenty agent log entries submitted at once; the one at `refusedAt` (if any) names a tenant that does not exist. */
async function batchWithOneRefused(r: Rig, refusedAt: number | undefined): Promise<{ ids: string[]; ghost: string }> {
  const ghost = randomUUID(); // no such tenant: the foreign key refuses the entry
  const ids = await Promise.all(
    Array.from({ length: 20 }, (_, i) => r.records.agentLog.write({ tenantId: i === refusedAt ? ghost : r.tenantId, agentId: `agent-${i}`, event: 'pause', reason: `entry ${i}` })),
  );
  return { ids, ghost };
}

function deadLetters(r: Rig): Array<{ op: { kind: string; id: string } }> {
  const file = join(r.journalDir, 'dead-letter.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { op: { kind: string; id: string } });
}

backends.each('control: a batch the database takes whole is one commit and dead-letters nothing', async (t, ctx) => {
  const r = await rig(ctx, 64);
  try {
    const before = r.records.commits;
    const { ids } = await batchWithOneRefused(r, undefined);
    t.is(r.records.commits - before, 1);
    t.deepEqual(deadLetters(r), []);
    const rows = (await r.store.knex('agent_service_log').whereIn('id', ids).select('id')) as Array<{ id: string }>;
    t.is(rows.length, 20);
  } finally {
    await r.close();
  }
});

backends.each('a record the database refuses in a batch is dead-lettered alone; the others of its batch are written', async (t, ctx) => {
  const r = await rig(ctx, 64);
  try {
    const before = r.records.commits;
    const { ids } = await batchWithOneRefused(r, 7);
    const refused = ids[7]!;
    // The batch was rolled back and written one by one: nineteen commits, the refused one none.
    t.is(r.records.commits - before, 19);
    t.deepEqual(
      deadLetters(r).map((d) => [d.op.kind, d.op.id]),
      [['agentLog', refused]],
    );
    t.is(await metric(r.registry, 'tellerline_records_writes_total', { path: 'dead_letter', kind: 'agentLog' }), 1);
    const rows = (await r.store.knex('agent_service_log').whereIn('id', ids).select('id', 'reason')) as Array<{ id: string; reason: string }>;
    t.deepEqual(
      rows.map((row) => row.id).sort(),
      ids.filter((id) => id !== refused).sort(),
      'the other nineteen are written, once each',
    );
    // The writer goes on in batches afterwards.
    const after = r.records.commits;
    await batchWithOneRefused(r, undefined);
    t.is(r.records.commits - after, 1);
  } finally {
    await r.close();
  }
});

backends.each(
  'a writer kept busy leaves the event loop its turns: a timer fires while calls write back to back',
  async (t, ctx) => {
    const r = await rig(ctx, 64);
    try {
      // SQLite answers synchronously: without a turn of the loop between batches these writers
      // would run in microtasks for ever and the timer below would never fire.
      let timerFired = false;
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          timerFired = true;
          resolve();
        }, 1),
      );
      let written = 0;
      const writers = Array.from({ length: 20 }, async (_, i) => {
        while (!timerFired) {
          await r.records.agentLog.write({ tenantId: r.tenantId, agentId: `agent-${i}`, event: 'pause' });
          written++;
        }
      });
      await timer;
      await Promise.all(writers);
      t.true(timerFired);
      const rows = (await r.store.knex('agent_service_log').where({ tenant_id: r.tenantId }).count({ n: '*' }).first()) as { n: number | string };
      t.is(Number(rows.n), written, 'every acknowledged entry is in the database');
    } finally {
      await r.close();
    }
  },
  { only: ['sqlite'] },
);
