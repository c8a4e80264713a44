/**
 * The database away AND the journal's disk full: the record stages of calls already up are held
 * in memory (counted, in a metric, said in the log), a new call's first record is refused, and
 * nothing is lost when either comes back — the disk first (memory goes to the journal, then the
 * journal to the database) or the database first (journal, then memory, straight in). Past the
 * memory bound an operation is refused and the log says exactly which.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { useBackends, type BackendContext } from '../helpers/backends.js';
import { openStore, type Store } from '../../src/store/store.js';
import { switchableStore } from '../helpers/switchable-store.js';
import { RecordsService } from '../../src/records/service.js';
import { Journal } from '../../src/records/journal.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { toDbTime } from '../../src/store/time.js';

const backends = useBackends(test);

/** A journal on a disk that can be filled: a full disk takes half a line, then says ENOSPC. */
class FillableJournal extends Journal {
  full = false;
  failedWrites = 0;

  protected override async writeDurably(handle: FileHandle, line: Buffer): Promise<void> {
    if (!this.full) return super.writeDurably(handle, line);
    this.failedWrites++;
    await handle.write(line, 0, Math.floor(line.length / 2));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }
}

interface Rig {
  store: Store;
  db: Store & { down: boolean };
  journal: FillableJournal;
  records: RecordsService;
  registry: Registry;
  logLines: Array<Record<string, unknown>>;
  tenantId: string;
  journalDir: string;
  close(): Promise<void>;
}

async function rig(ctx: BackendContext, maxHeld?: number): Promise<Rig> {
  const store = await openStore(ctx.database);
  const tenantId = randomUUID();
  await tenantsRepo.insert(store.knex, { id: tenantId, code: `full-${tenantId.slice(0, 8)}`, name: 'Full Disk Bank', kind: 'bank', status: 'active' });
  const logLines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'warn' }, sink);
  const registry = new Registry();
  const journalDir = join(ctx.dir, 'journal');
  const journal = new FillableJournal(journalDir);
  const db = switchableStore(store);
  const records = new RecordsService({ store: db, journalDir, nodeId: 'full-node', logger, registry, retryMs: 40, journal, ...(maxHeld ? { maxHeld } : {}) });
  await records.start();
  return {
    store,
    db,
    journal,
    records,
    registry,
    logLines,
    tenantId,
    journalDir,
    async close() {
      db.down = false;
      journal.full = false;
      await records.stop();
      await store.close();
    },
  };
}

const waitFor = async (what: string, cond: () => boolean, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function metric(registry: Registry, name: string): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return Number(found?.values[0]?.value ?? Number.NaN);
}

function agentEventRow(tenantId: string, n: number): { kind: 'row.insert'; id: string; table: string; row: Record<string, string | null> } {
  const id = randomUUID();
  return {
    kind: 'row.insert',
    id,
    table: 'acd_agent_events',
    row: { id, tenant_id: tenantId, at: toDbTime(new Date(Date.UTC(2026, 2, 2, 9, 0, n))), agent_id: `agent-${n}`, action: 'pause', from_state: 'available', to_state: 'paused', reason: null, actor: 'agent', call_id: null, queue_id: null },
  };
}

/**
 * Three calls up; the database goes (their next stages go to the journal); the disk fills
 * (their last stages, agent log entries and ACD rows are held in memory, a new call is refused).
 */
async function outageWithCallsUp(t: import('ava').ExecutionContext, r: Rig) {
  const legs: string[] = [];
  for (let i = 0; i < 3; i++) {
    const legId = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', span: 0, channel: i + 1, calling: `1390000000${i}`, called: '95588' });
    await r.records.cdr.answered(legId);
    legs.push(legId);
  }
  r.db.down = true;
  for (const legId of legs) await r.records.cdr.queued(legId, { queue: 'general' });
  t.is(r.records.mode, 'journal');
  t.is(r.records.journalBacklog, 3, 'with the disk fine, the stages went to the journal');

  r.journal.full = true;
  const logIds: string[] = [];
  for (const [i, legId] of legs.entries()) {
    await r.records.cdr.connected(legId, { agentId: `agent-${i}` });
    logIds.push(await r.records.agentLog.write({ tenantId: r.tenantId, agentId: `agent-${i}`, event: 'call_start', legId }));
    await r.records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
  }
  const rows = [agentEventRow(r.tenantId, 1), agentEventRow(r.tenantId, 2)];
  for (const row of rows) t.is(await r.records.activity.submit(row), 'memory');
  t.true(r.journal.failedWrites > 0, 'the journal was tried and its disk refused');
  const held = 3 * 3 + rows.length;
  t.is(r.records.heldInMemory, held, 'every stage, log entry and row is held in memory');
  t.is(await metric(r.registry, 'tellerline_records_held_in_memory'), held);
  t.true(r.logLines.some((l) => /keeping records in memory/.test(String(l['msg'])) && l['code'] === 'ENOSPC'), 'the log says records are kept in memory, and why');

  const refused = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', span: 0, channel: 9, calling: '13900000009', called: '95588' }).then(
    () => undefined,
    (err: Error & { code?: string }) => err,
  );
  t.is(refused?.code, 'RECORD_NOT_KEPT', 'a new call is refused rather than taken with its record in memory only');
  t.is(r.records.cdr.openLegs(), 0, 'the refused call left no open leg behind');
  return { legs, logIds, rows };
}

async function assertNothingLost(t: import('ava').ExecutionContext, r: Rig, { legs, logIds, rows }: Awaited<ReturnType<typeof outageWithCallsUp>>) {
  for (const [i, legId] of legs.entries()) {
    const leg = await cdrRepo.get(r.store.knex, legId);
    t.like(leg, { queue: 'general', agentId: `agent-${i}`, disposition: 'NORMAL', cause: 16 }, `leg ${i} has every stage`);
  }
  const cdrs = (await r.store.knex('cdr').where({ tenant_id: r.tenantId }).count({ n: '*' }).first()) as { n: number | string };
  t.is(Number(cdrs.n), legs.length, 'no record for the refused call, none twice');
  const logged = (await r.store.knex('agent_service_log').whereIn('id', logIds).select('id')) as Array<{ id: string }>;
  t.is(logged.length, logIds.length, 'every agent log entry');
  const events = (await r.store.knex('acd_agent_events').whereIn('id', rows.map((row) => row.id)).select('id')) as Array<{ id: string }>;
  t.is(events.length, rows.length, 'every ACD activity row');
  t.is(r.records.heldInMemory, 0);
  t.is(r.records.journalBacklog, 0);
  t.is(r.records.mode, 'direct');
  t.is(readFileSync(join(r.journalDir, 'records.jsonl'), 'utf8'), '', 'the journal is empty again');
  t.false(existsSync(join(r.journalDir, 'records.jsonl.torn')), 'no half-written line was left for the next start to set aside');
  t.false(existsSync(join(r.journalDir, 'dead-letter.jsonl')), 'nothing was refused');
}

backends.each('the disk comes back first: what memory held goes to the journal behind what was there, then all to the database', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const written = await outageWithCallsUp(t, r);
    r.journal.full = false;
    await waitFor('memory to move to the journal', () => r.records.heldInMemory === 0);
    t.is(r.records.journalBacklog, 3 + 11, 'the journal holds everything, in one piece');
    const journalled = readFileSync(join(r.journalDir, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    t.is(journalled.length, 14, 'every line whole (the half lines of the full disk were cut off)');
    t.deepEqual(journalled.slice(0, 3).map((op) => op.kind), ['cdr.stage', 'cdr.stage', 'cdr.stage'], 'in order: what was journalled before the disk filled comes first');
    t.like(r.logLines.find((l) => /records held in memory are in the journal now/.test(String(l['msg']))), { held: 11, newCallsRefused: 1, dropped: 0 }, 'the log says they are safe, and how many');
    r.db.down = false;
    await r.records.flush();
    await assertNothingLost(t, r, written);
  } finally {
    await r.close();
  }
});

backends.each('the database comes back first, the disk still full: the journal, then what memory held, reach the database', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const written = await outageWithCallsUp(t, r);
    r.db.down = false;
    await waitFor('the writer to be back on the database', () => r.records.mode === 'direct');
    t.true(r.journal.full, 'the disk is still full');
    t.true(r.logLines.some((l) => /records held in memory are in the database now/.test(String(l['msg']))));
    // Writing goes on straight to the database.
    const after = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', span: 0, channel: 5, calling: '13900000005', called: '95588' });
    await r.records.cdr.released(after, { disposition: 'ABANDONED', cause: 16 });
    t.like(await cdrRepo.get(r.store.knex, after), { disposition: 'ABANDONED' });
    await r.store.knex('cdr').where({ leg_id: after }).delete();
    await assertNothingLost(t, r, written);
  } finally {
    await r.close();
  }
});

backends.each(
  'past the memory bound an operation is refused, counted, and the log names it',
  async (t, ctx) => {
    const r = await rig(ctx, 2);
    try {
      const legId = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', span: 0, channel: 1, calling: '13900000001', called: '95588' });
      r.db.down = true;
      r.journal.full = true;
      await r.records.cdr.answered(legId);
      await r.records.cdr.queued(legId, { queue: 'general' });
      const refused = await r.records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 }).then(
        () => undefined,
        (err: Error & { code?: string }) => err,
      );
      t.is(refused?.code, 'RECORD_NOT_KEPT');
      t.regex(refused?.message ?? '', new RegExp(`cdr\\.stage ${legId} dropped`));
      t.is(await metric(r.registry, 'tellerline_records_dropped_total'), 1);
      const line = r.logLines.find((l) => /record dropped/.test(String(l['msg'])));
      t.like(line, { kind: 'cdr.stage', id: legId, stage: 'released', held: 2, dropped: 1 }, 'the log says exactly what was dropped');
      // What was held still arrives.
      r.journal.full = false;
      r.db.down = false;
      await r.records.flush();
      t.like(await cdrRepo.get(r.store.knex, legId), { queue: 'general', releasedAt: null });
      t.is(r.records.heldInMemory, 0);
    } finally {
      await r.close();
    }
  },
  { only: ['sqlite'] },
);
