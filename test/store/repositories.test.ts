/**
 * Repositories on both databases: constraint violations are recognised the same way (so the
 * API answers 409), foreign keys hold, paging and filters work, booleans and times normalise.
 */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { useBackends } from '../helpers/backends.js';
import { openStore } from '../../src/store/store.js';
import { isUniqueViolation, isForeignKeyViolation } from '../../src/store/errors.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import { operatorsRepo } from '../../src/auth/store/operators-repo.js';
import { sessionsRepo } from '../../src/auth/store/sessions-repo.js';
import { cdrRepo } from '../../src/records/store/cdr-repo.js';
import { auditRepo } from '../../src/records/store/audit-repo.js';
import { trunkAccessRepo } from '../../src/records/store/logs-repo.js';

const backends = useBackends(test);

/** The rejection reason (database drivers' errors are not always instances of Error here). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

backends.each('unique and foreign-key violations are recognised on both databases', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'dup', name: 'Dup', kind: 'bank', status: 'active' });
    const dup = await rejection(tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'dup', name: 'Dup 2', kind: 'bank', status: 'active' }));
    t.true(isUniqueViolation(dup), String((dup as { code?: string }).code));
    const orphan = await rejection(operatorsRepo.insert(store.knex, { id: randomUUID(), tenantId: randomUUID(), username: 'orphan', displayName: 'o', role: 'agent', agentId: null, passwordHash: 'x' }));
    t.true(isForeignKeyViolation(orphan), String((orphan as { code?: string }).code));
    await operatorsRepo.insert(store.knex, { id: randomUUID(), tenantId: tenant.id, username: 'member', displayName: 'm', role: 'agent', agentId: null, passwordHash: 'x' });
    const referenced = await rejection(tenantsRepo.delete(store.knex, tenant.id));
    t.true(isForeignKeyViolation(referenced), 'a tenant with operators cannot be deleted');
  } finally {
    await store.close();
  }
});

backends.each('operators: booleans, lockout counting and unlock', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'ops', name: 'Ops', kind: 'bank', status: 'active' });
    const op = await operatorsRepo.insert(store.knex, { id: randomUUID(), tenantId: tenant.id, username: 'counter', displayName: 'c', role: 'agent', agentId: '8001', passwordHash: 'x' });
    t.false(op.disabled);
    t.is(op.lockedUntil, null);
    const until = new Date(Date.now() + 60_000);
    t.deepEqual(await operatorsRepo.recordLoginFailure(store.knex, op.id, 2, until), { locked: false });
    t.deepEqual(await operatorsRepo.recordLoginFailure(store.knex, op.id, 2, until), { locked: true });
    t.is((await operatorsRepo.get(store.knex, op.id))!.lockedUntil, until.toISOString());
    await operatorsRepo.unlock(store.knex, op.id);
    t.like(await operatorsRepo.get(store.knex, op.id), { lockedUntil: null, failedLogins: 0 });
    t.true((await operatorsRepo.update(store.knex, op.id, { disabled: true }))!.disabled);
  } finally {
    await store.close();
  }
});

backends.each('sessions expire', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'ses', name: 'Ses', kind: 'bank', status: 'active' });
    const op = await operatorsRepo.insert(store.knex, { id: randomUUID(), tenantId: tenant.id, username: 'sess', displayName: 's', role: 'agent', agentId: null, passwordHash: 'x' });
    await sessionsRepo.insert(store.knex, { idHash: 'a'.repeat(64), operatorId: op.id, tenantId: tenant.id, expiresAt: new Date(Date.now() + 60_000), ip: '127.0.0.1', userAgent: null });
    await sessionsRepo.insert(store.knex, { idHash: 'b'.repeat(64), operatorId: op.id, tenantId: tenant.id, expiresAt: new Date(Date.now() - 1), ip: null, userAgent: null });
    t.truthy(await sessionsRepo.getLive(store.knex, 'a'.repeat(64)));
    t.is(await sessionsRepo.getLive(store.knex, 'b'.repeat(64)), undefined);
    t.is(await sessionsRepo.deleteExpired(store.knex), 1);
  } finally {
    await store.close();
  }
});

backends.each('CDR queries filter by time range, numbers and disposition, and page', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'q', name: 'Q', kind: 'bank', status: 'active' });
    const base = Date.parse('2026-05-01T00:00:00.000Z');
    for (let i = 0; i < 12; i++) {
      const legId = randomUUID();
      await cdrRepo.insertOffered(store.knex, { legId, tenantId: tenant.id, nodeId: 'n', callId: legId, direction: 'inbound', span: 1, channel: i, calling: i % 2 ? '111' : '222', called: '95566', offeredAt: new Date(base + i * 60_000).toISOString() });
      await cdrRepo.applyStage(store.knex, legId, 2, { releasedAt: new Date(base + i * 60_000 + 30_000).toISOString(), disposition: i % 3 ? 'NORMAL' : 'ABANDONED', cause: 16 });
    }
    const page1 = await cdrRepo.query(store.knex, tenant.id, {}, { limit: 5, offset: 0 });
    t.is(page1.items.length, 5);
    t.is(page1.nextOffset, 5);
    t.is(page1.items[0]!.offeredAt, new Date(base + 11 * 60_000).toISOString(), 'newest first');
    const last = await cdrRepo.query(store.knex, tenant.id, {}, { limit: 5, offset: 10 });
    t.is(last.items.length, 2);
    t.is(last.nextOffset, null);
    const ranged = await cdrRepo.query(store.knex, tenant.id, { from: new Date(base + 2 * 60_000).toISOString(), to: new Date(base + 5 * 60_000).toISOString() }, { limit: 50, offset: 0 });
    t.deepEqual(ranged.items.map((c) => c.channel).sort(), [2, 3, 4]);
    t.is((await cdrRepo.query(store.knex, tenant.id, { calling: '111' }, { limit: 50, offset: 0 })).items.length, 6);
    t.is((await cdrRepo.query(store.knex, tenant.id, { disposition: 'ABANDONED' }, { limit: 50, offset: 0 })).items.length, 4);
    t.is((await cdrRepo.query(store.knex, randomUUID(), {}, { limit: 50, offset: 0 })).items.length, 0, 'scoped to the tenant');
  } finally {
    await store.close();
  }
});

backends.each('audit entries keep before/after JSON and are inserted once', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'au', name: 'Au', kind: 'bank', status: 'active' });
    const entry = { id: randomUUID(), tenantId: tenant.id, actorKind: 'operator' as const, actorId: 'x', actorName: 'x', actorTenantId: tenant.id, action: 'operators.update', targetType: 'operators', targetId: 'y', outcome: 'ok' as const, ip: '10.0.0.1', at: new Date().toISOString(), before: { displayName: '旧' }, after: { displayName: '新', nested: [1, 2] } };
    await auditRepo.insert(store.knex, entry);
    await auditRepo.insert(store.knex, entry);
    const got = await auditRepo.query(store.knex, tenant.id, { action: 'operators.update' }, { limit: 10, offset: 0 });
    t.is(got.items.length, 1);
    t.deepEqual(got.items[0]!.after, { displayName: '新', nested: [1, 2] });
    t.is(got.items[0]!.at, entry.at);
  } finally {
    await store.close();
  }
});

backends.each('log inserts: a replayed id is written once, a row the database refuses is an error (never silently dropped)', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: randomUUID(), code: 'logs', name: 'Logs', kind: 'bank', status: 'active' });
    const entry = { id: randomUUID(), tenantId: tenant.id, at: new Date().toISOString(), span: 1, channel: 1, direction: 'inbound' as const, event: 'seize', calling: '13800000000', called: '95588', cause: null, legId: null };
    await trunkAccessRepo.insert(store.knex, entry);
    await trunkAccessRepo.insert(store.knex, entry);
    t.is((await store.knex('trunk_access_log').where({ id: entry.id })).length, 1);
    // A tenant that does not exist: MariaDB's INSERT IGNORE would turn this into a warning.
    const orphan = await rejection(trunkAccessRepo.insert(store.knex, { ...entry, id: randomUUID(), tenantId: randomUUID() }));
    t.true(isForeignKeyViolation(orphan), String((orphan as { code?: string }).code));
    const auditEntry = { id: randomUUID(), tenantId: tenant.id, actorKind: 'system' as const, actorId: null, actorName: null, actorTenantId: null, action: 'replay', targetType: null, targetId: null, outcome: 'ok' as const, ip: null, at: new Date().toISOString(), before: null, after: null };
    await auditRepo.insert(store.knex, auditEntry);
    await auditRepo.insert(store.knex, auditEntry);
    t.is((await store.knex('audit_log').where({ id: auditEntry.id })).length, 1);
  } finally {
    await store.close();
  }
});
