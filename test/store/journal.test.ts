/**
 * The local journal: a line cut short by a crash is set aside (never glued to the next one),
 * and a journal left by a previous run is replayed at start-up, in order, on both databases.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackends } from '../helpers/backends.js';
import { Journal } from '../../src/records/journal.js';
import type { RecordOp } from '../../src/records/ops.js';
import { openStore } from '../../src/store/store.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { RecordsService } from '../../src/records/service.js';
import { quietLogger } from '../helpers/server.js';

const backends = useBackends(test);

function agentOp(tenantId: string, n: number): RecordOp {
  const id = randomUUID();
  return { kind: 'agentLog', id, record: { id, tenantId, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), agentId: `a${n}`, event: 'pause', queue: null, reason: null, legId: null } };
}

backends.each(
  'a torn last line is set aside and later appends stay whole',
  async (t, { dir }) => {
    const jdir = join(dir, 'journal');
    mkdirSync(jdir, { recursive: true });
    const first = agentOp('t', 1);
    writeFileSync(join(jdir, 'records.jsonl'), `${JSON.stringify(first)}\n{"kind":"agentLog","id":"tor`);
    const journal = new Journal(jdir);
    await journal.open();
    t.is(journal.backlog, 1);
    const second = agentOp('t', 2);
    await journal.append(second);
    t.deepEqual(await journal.readAll(), [first, second]);
    t.regex(readFileSync(join(jdir, 'records.jsonl.torn'), 'utf8'), /"id":"tor/);
    await journal.clear();
    t.deepEqual(await journal.readAll(), []);
    await journal.close();
  },
  { only: ['sqlite'] },
);

backends.each('a journal left by a previous run is replayed at start-up, in order, before open legs are closed', async (t, { database, dir }) => {
  const store = await openStore(database);
  const tenantId = randomUUID();
  await tenantsRepo.insert(store.knex, { id: tenantId, code: 'jr', name: 'Jr', kind: 'bank', status: 'active' });
  const jdir = join(dir, 'journal');
  mkdirSync(jdir, { recursive: true });
  const legId = randomUUID();
  // The previous run journalled a whole call while the database was away, then died.
  const ops: RecordOp[] = [
    { kind: 'cdr.offered', id: legId, record: { legId, tenantId, nodeId: 'jn', callId: legId, direction: 'inbound', span: 1, channel: 1, calling: '1', called: '2', offeredAt: '2026-01-01T00:00:00.000Z' } },
    { kind: 'cdr.stage', id: legId, seq: 2, stage: 'answered', fields: { answeredAt: '2026-01-01T00:00:02.000Z' } },
    { kind: 'cdr.stage', id: legId, seq: 3, stage: 'released', fields: { releasedAt: '2026-01-01T00:01:00.000Z', disposition: 'NORMAL', cause: 16 } },
    agentOp(tenantId, 1),
    agentOp(tenantId, 2),
  ];
  for (const op of ops) appendFileSync(join(jdir, 'records.jsonl'), `${JSON.stringify(op)}\n`);
  const records = new RecordsService({ store, journalDir: jdir, nodeId: 'jn', logger: quietLogger() });
  try {
    const startup = await records.start();
    t.is(startup.replayed, 5);
    t.is(startup.closedOnRestart, 0, 'the replayed release counts: the leg was not left open');
    t.like(await cdrRepo.get(store.knex, legId), { disposition: 'NORMAL', cause: 16, answeredAt: '2026-01-01T00:00:02.000Z' });
    t.is((await store.knex('agent_service_log').where({ tenant_id: tenantId })).length, 2);
    t.is(readFileSync(join(jdir, 'records.jsonl'), 'utf8'), '');
  } finally {
    await records.stop();
    await store.close();
  }
});
