/**
 * The records service on both databases: write-ahead CDRs through every stage, idempotent
 * replays, the operational logs, closing legs left open by a crash, and no secret stored.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { useBackends, type BackendContext } from '../helpers/backends.js';
import { openStore, type Store } from '../../src/store/store.js';
import { RecordsService, UnknownLegError } from '../../src/records/service.js';
import { applyRecordOp } from '../../src/records/ops.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { trunkAccessRepo, agentServiceRepo, allBusyRepo, transactionRepo } from '../../src/records/store/logs-repo.js';
import { quietLogger } from '../helpers/server.js';

const backends = useBackends(test);

interface Rig {
  store: Store;
  records: RecordsService;
  tenantId: string;
  startup: { replayed: number; closedOnRestart: number };
  close(): Promise<void>;
}

async function rig(ctx: BackendContext, nodeId = 'node-1'): Promise<Rig> {
  const store = await openStore(ctx.database);
  const tenantId = randomUUID();
  if (!(await tenantsRepo.getByCode(store.knex, 'rec-bank'))) {
    await tenantsRepo.insert(store.knex, { id: tenantId, code: 'rec-bank', name: 'Records Bank', kind: 'bank', status: 'active' });
  }
  const tenant = (await tenantsRepo.getByCode(store.knex, 'rec-bank'))!;
  const records = new RecordsService({ store, journalDir: join(ctx.dir, 'journal'), nodeId, logger: quietLogger() });
  const startup = await records.start();
  return {
    store,
    records,
    tenantId: tenant.id,
    startup,
    async close() {
      await records.stop();
      await store.close();
    },
  };
}

backends.each('a CDR is inserted when offered and updated at every stage until released', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const t0 = Date.parse('2026-03-01T08:00:00.000Z');
    const legId = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', span: 1, channel: 5, calling: '13800138000', called: '95566', at: t0 });
    const offered = await cdrRepo.get(r.store.knex, legId);
    t.truthy(offered, 'the row exists as soon as offered() resolves (write-ahead)');
    t.is(offered!.releasedAt, null);
    t.is(offered!.offeredAt, '2026-03-01T08:00:00.000Z');
    await r.records.cdr.answered(legId, t0 + 1000);
    await r.records.cdr.queued(legId, { queue: 'retail', at: t0 + 20_000 });
    await r.records.cdr.connected(legId, { agentId: '8001', at: t0 + 35_000 });
    await r.records.cdr.transferred(legId, { target: '8002', at: t0 + 90_000 });
    t.is(r.records.cdr.openLegs(), 1);
    await r.records.cdr.released(legId, { disposition: 'TRANSFERRED', cause: 16, at: t0 + 95_000 });
    t.is(r.records.cdr.openLegs(), 0);
    const leg = (await cdrRepo.get(r.store.knex, legId))!;
    t.like(leg, {
      tenantId: r.tenantId,
      nodeId: 'node-1',
      callId: legId,
      seq: 6,
      direction: 'inbound',
      span: 1,
      channel: 5,
      calling: '13800138000',
      called: '95566',
      answeredAt: '2026-03-01T08:00:01.000Z',
      queue: 'retail',
      queuedAt: '2026-03-01T08:00:20.000Z',
      agentId: '8001',
      connectedAt: '2026-03-01T08:00:35.000Z',
      transferTarget: '8002',
      transferredAt: '2026-03-01T08:01:30.000Z',
      releasedAt: '2026-03-01T08:01:35.000Z',
      disposition: 'TRANSFERRED',
      cause: 16,
    });
    await t.throwsAsync(r.records.cdr.answered(legId), { instanceOf: UnknownLegError }, 'a released leg takes no more stages');
    await t.throwsAsync(r.records.cdr.released(randomUUID(), { disposition: 'NORMAL', cause: 500 }));
  } finally {
    await r.close();
  }
});

backends.each('replayed operations change nothing: inserts are ignored, older stages too', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const legId = randomUUID();
    const offered = { kind: 'cdr.offered' as const, id: legId, record: { legId, tenantId: r.tenantId, nodeId: 'node-1', callId: legId, direction: 'inbound' as const, span: 1, channel: 1, calling: '1', called: '2', offeredAt: new Date().toISOString() } };
    const answered = { kind: 'cdr.stage' as const, id: legId, seq: 2, stage: 'answered', fields: { answeredAt: '2026-01-01T00:00:01.000Z' } };
    const released = { kind: 'cdr.stage' as const, id: legId, seq: 3, stage: 'released', fields: { releasedAt: '2026-01-01T00:00:09.000Z', disposition: 'NORMAL' as const, cause: 16 } };
    const logId = randomUUID();
    const log = { kind: 'agentLog' as const, id: logId, record: { id: logId, tenantId: r.tenantId, at: new Date().toISOString(), agentId: '8001', event: 'pause', queue: null, reason: null, legId: null } };
    for (const op of [offered, answered, released, log]) await applyRecordOp(r.store.knex, op);
    const once = await cdrRepo.get(r.store.knex, legId);
    // Everything again, in order and out of order.
    for (const op of [offered, answered, released, log, answered, offered]) await applyRecordOp(r.store.knex, op);
    t.deepEqual(await cdrRepo.get(r.store.knex, legId), once);
    const agentRows = await r.store.knex('agent_service_log').where({ id: logId });
    t.is(agentRows.length, 1);
  } finally {
    await r.close();
  }
});

backends.each('trunk access, agent service, all-busy and transaction logs are written and queried', async (t, ctx) => {
  const r = await rig(ctx);
  try {
    const page = { limit: 10, offset: 0 };
    await r.records.trunkAccess.write({ tenantId: r.tenantId, span: 2, channel: 7, direction: 'outbound', event: 'seized', calling: '95566', called: '13800138000', cause: null });
    await r.records.agentLog.write({ tenantId: r.tenantId, agentId: '8001', event: 'sign_in', queue: 'retail' });
    await r.records.agentLog.write({ tenantId: r.tenantId, agentId: '8001', event: 'lock', reason: 'rang 20 s without answer' });
    const entered = new Date(Date.now() - 42_000);
    await r.records.allBusy.write({ tenantId: r.tenantId, queue: 'retail', calling: '13800138000', enteredAt: entered, leftAt: entered.getTime() + 42_000, outcome: 'abandoned' });
    await r.records.transactions.write({ tenantId: r.tenantId, operation: 'balance', adapter: 'tcp', latencyMs: 87, result: 'ok', keyFields: { account: '6222021234561234' } });
    t.is((await trunkAccessRepo.query(r.store.knex, r.tenantId, { span: 2 }, page)).items[0]!.called, '13800138000');
    const agent = await agentServiceRepo.query(r.store.knex, r.tenantId, { agentId: '8001' }, page);
    t.deepEqual(agent.items.map((i) => i.event).sort(), ['lock', 'sign_in']);
    const busy = (await allBusyRepo.query(r.store.knex, r.tenantId, {}, page)).items[0]!;
    t.is(busy.waitMs, 42_000);
    t.is(busy.outcome, 'abandoned');
    const tx = (await transactionRepo.query(r.store.knex, r.tenantId, { operation: 'balance' }, page)).items[0]!;
    t.deepEqual(tx.keyFields, { account: '6222 **** **** 1234' });
    t.is(tx.latencyMs, 87);
  } finally {
    await r.close();
  }
});

backends.each('start-up closes legs left open by a crash as SYSTEM_RESTART, only this node\'s', async (t, ctx) => {
  const first = await rig(ctx, 'node-1');
  const open = await first.records.cdr.offered({ tenantId: first.tenantId, direction: 'inbound', calling: '1001', called: '95566' });
  const done = await first.records.cdr.offered({ tenantId: first.tenantId, direction: 'inbound', calling: '1002', called: '95566' });
  await first.records.cdr.released(done, { disposition: 'NORMAL', cause: 16 });
  const other = new RecordsService({ store: first.store, journalDir: join(ctx.dir, 'journal-2'), nodeId: 'node-2', logger: quietLogger() });
  await other.start();
  const otherNodes = await other.cdr.offered({ tenantId: first.tenantId, direction: 'inbound', calling: '1003', called: '95566' });
  await other.stop();
  await first.close(); // as if the process died: nothing closes the open legs

  const second = await rig(ctx, 'node-1');
  try {
    t.is(second.startup.closedOnRestart, 1);
    const knex = second.store.knex;
    t.like(await cdrRepo.get(knex, open), { disposition: 'SYSTEM_RESTART', cause: null });
    t.truthy((await cdrRepo.get(knex, open))!.releasedAt);
    t.like(await cdrRepo.get(knex, done), { disposition: 'NORMAL', cause: 16 });
    t.like(await cdrRepo.get(knex, otherNodes), { disposition: null, releasedAt: null }, 'another node\'s live call is not closed');
  } finally {
    await second.close();
  }
});

async function dumpAll(knex: Knex): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['cdr', 'trunk_access_log', 'agent_service_log', 'all_busy_log', 'transaction_log', 'audit_log']) parts.push(await knex(table).select());
  return JSON.stringify(parts);
}

backends.each('no PIN, password or full card number is stored, whatever the callers pass (canary)', async (t, ctx) => {
  const r = await rig(ctx);
  const CARD = '6222021234561234';
  const PIN = '918273';
  const PASSWORD = 'Canary-Password-5150';
  try {
    const legId = await r.records.cdr.offered({ tenantId: r.tenantId, direction: 'inbound', calling: '13800138000', called: CARD });
    await r.records.cdr.transferred(legId, { target: CARD });
    await r.records.cdr.released(legId, { disposition: 'NORMAL', cause: 16 });
    await r.records.transactions.write({
      tenantId: r.tenantId,
      operation: 'transfer',
      latencyMs: 5,
      result: 'ok',
      keyFields: { cardNumber: CARD, pin: PIN, password: PASSWORD, nested: { toCard: `${CARD}`, pinBlock: PIN, memo: `from ${CARD}` }, list: [{ pan: CARD }] },
    });
    await r.records.agentLog.write({ tenantId: r.tenantId, agentId: '8001', event: 'pause', reason: `caller read card ${CARD} aloud` });
    await r.records.allBusy.write({ tenantId: r.tenantId, queue: 'retail', calling: CARD, enteredAt: new Date(), outcome: 'answered' });
    await r.records.trunkAccess.write({ tenantId: r.tenantId, span: 1, direction: 'inbound', event: 'seized', called: CARD });
    await r.records.audit.write({ tenantId: r.tenantId, actorKind: 'system', action: 'test', before: { password: PASSWORD }, after: { pin: PIN, card: CARD } });
    await r.records.flush();
    const dump = await dumpAll(r.store.knex);
    for (const secret of [CARD, PIN, PASSWORD]) t.false(dump.includes(secret), `the database holds ${secret}`);
    t.true(dump.includes('6222 **** **** 1234'), 'masked numbers are kept for the record');
    const journal = join(ctx.dir, 'journal', 'records.jsonl');
    if (existsSync(journal)) t.false(readFileSync(journal, 'utf8').includes(CARD));
  } finally {
    await r.close();
  }
});
