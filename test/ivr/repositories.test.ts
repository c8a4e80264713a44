/**
 * The IVR's repositories on both databases: flow versions and activation, settings, wrong-PIN
 * counts and locks (by keyed hash, counted atomically), voice messages; and the PIN-lock key.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { useBackends } from '../helpers/backends.js';
import { quietLogger } from '../helpers/server.js';
import { openStore } from '../../src/store/store.js';
import { flowsRepo } from '../../src/ivr/store/flows-repo.js';
import { ivrSettingsRepo } from '../../src/ivr/store/settings-repo.js';
import { pinLocksRepo } from '../../src/ivr/store/pin-locks-repo.js';
import { voicemailRepo } from '../../src/ivr/store/voicemail-repo.js';
import { loadSubjectKey, PinLockService } from '../../src/ivr/banking/pin-lock-service.js';
import { DEFAULT_BANK_TENANT_ID } from '../../src/tenants/default-bank.js';
import { parseFlow } from '../../src/ivr/engine/flow-validation.js';

const backends = useBackends(test);
const page = { limit: 50, offset: 0 };
const tenant = DEFAULT_BANK_TENANT_ID;

backends.each('flows: the shipped flow is version 1; saves add versions; any version can be activated', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const knex = store.knex;
    const main = await flowsRepo.getByName(knex, tenant, 'main');
    t.like(main, { activeVersion: 1, latestVersion: 1 });
    const shipped = await flowsRepo.versionByNumber(knex, tenant, main!.id, 1);
    t.notThrows(() => parseFlow(shipped!.definition), 'the stored shipped flow is valid');
    t.true(JSON.stringify(shipped!.definition).length > 20_000, 'stored whole (a MEDIUMTEXT column on MySQL)');

    const def = (n: number) => ({ start: 'bye', nodes: { bye: { type: 'hangup', prompts: [n % 2 ? 'goodbye' : 'welcome'] } } });
    const one = await knex.transaction((trx) => flowsRepo.saveVersion(trx, { tenantId: tenant, name: 'test', definition: def(1), comment: 'one', createdBy: 'alice', activate: true }));
    const two = await knex.transaction((trx) => flowsRepo.saveVersion(trx, { tenantId: tenant, name: 'test', definition: def(2), createdBy: 'bob', activate: false }));
    t.is(one.version.version, 1);
    t.is(two.version.version, 2);
    t.is(two.flow.id, one.flow.id);
    t.like(two.flow, { activeVersion: 1, latestVersion: 2 });
    t.deepEqual(await flowsRepo.activeVersion(knex, tenant, 'test'), { version: 1, versionId: one.version.id });
    await flowsRepo.activate(knex, tenant, one.flow.id, 2);
    t.deepEqual(await flowsRepo.activeVersion(knex, tenant, 'test'), { version: 2, versionId: two.version.id });
    const versions = await flowsRepo.versions(knex, tenant, one.flow.id, page);
    t.deepEqual(versions.items.map((v) => [v.version, v.comment, v.createdBy]), [[2, null, 'bob'], [1, 'one', 'alice']]);
    t.deepEqual((await flowsRepo.version(knex, tenant, two.version.id))!.definition, def(2));
    t.is(await flowsRepo.version(knex, randomUUID(), two.version.id), undefined, 'another tenant sees nothing');
    t.deepEqual((await flowsRepo.list(knex, tenant, page)).items.map((f) => f.name), ['main', 'test']);
    t.is(await flowsRepo.activeVersion(knex, tenant, 'nothing'), undefined);
  } finally {
    await store.close();
  }
});

backends.each('settings: stored as given, replaced on put', async (t, { database }) => {
  const store = await openStore(database);
  try {
    t.is(await ivrSettingsRepo.get(store.knex, tenant), undefined);
    await ivrSettingsRepo.put(store.knex, tenant, { passwordChange: false }, 'alice');
    await ivrSettingsRepo.put(store.knex, tenant, { pinMaxAttempts: 5 }, 'bob');
    t.like(await ivrSettingsRepo.get(store.knex, tenant), { settings: { pinMaxAttempts: 5 }, updatedBy: 'bob' });
  } finally {
    await store.close();
  }
});

backends.each('PIN locks: counted per card by keyed hash, locked at the limit, cleared by a right PIN or an unlock', async (t, { database, dir }) => {
  const store = await openStore(database);
  try {
    const service = new PinLockService(store.knex, loadSubjectKey(join(dir, `key-${randomUUID()}`)), quietLogger());
    const card = '6222020000000003';
    t.false(await service.isLocked(tenant, 'card', card));
    t.like(await service.failure(tenant, 'card', card, 3), { failedCount: 1, attemptsLeft: 2, locked: false });
    await service.success(tenant, 'card', card);
    // Concurrent wrong PINs from two calls both count.
    const both = await Promise.all([service.failure(tenant, 'card', card, 3), service.failure(tenant, 'card', card, 3)]);
    t.is(Math.max(...both.map((o) => o.failedCount)), 2);
    t.is((await service.find(tenant, 'card', card))!.failedCount, 2);
    t.like(await service.failure(tenant, 'card', card, 3), { failedCount: 3, attemptsLeft: 0, locked: true });
    t.true(await service.isLocked(tenant, 'card', card));
    await service.success(tenant, 'card', card);
    t.true(await service.isLocked(tenant, 'card', card), 'a right PIN does not lift a lock');
    t.false(await service.isLocked(tenant, 'passbook', card), 'kinds are counted apart');
    t.false(await service.isLocked(randomUUID(), 'card', card), 'tenants are counted apart');

    await service.coreLocked(tenant, 'passbook', '1001200030004001');
    const locked = await pinLocksRepo.list(store.knex, tenant, page, { locked: true });
    t.deepEqual(locked.items.map((l) => [l.subjectKind, l.subjectMasked, l.lockSource]).sort(), [
      ['card', '6222 **** **** 0003', 'ivr'],
      ['passbook', '1001 **** **** 4001', 'core'],
    ]);
    const rows = JSON.stringify(await store.knex('ivr_pin_locks').select());
    t.false(rows.includes(card) || rows.includes('1001200030004001'), 'no number in clear');

    const lock = (await service.find(tenant, 'card', card))!;
    const after = await pinLocksRepo.unlock(store.knex, tenant, lock.id, 'carol');
    t.like(after, { lockedAt: null, failedCount: 0, unlockedBy: 'carol' });
    t.false(await service.isLocked(tenant, 'card', card));
  } finally {
    await store.close();
  }
});

backends.each('voice messages: stored, listed newest first, marked handled', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const ids = [randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      await voicemailRepo.insert(store.knex, {
        id,
        tenantId: tenant,
        legId: null,
        calling: `1380013800${i}`,
        called: '95588',
        queue: null,
        reason: 'caller-choice',
        lang: 'zh',
        durationMs: 3000 + i,
        file: `${tenant}/2026-03-02/${id}.wav`,
        createdAt: new Date(Date.UTC(2026, 2, 2, 2, i)),
      });
    }
    const list = await voicemailRepo.list(store.knex, tenant, page);
    t.deepEqual(list.items.map((m) => m.id), [ids[1], ids[0]]);
    await voicemailRepo.setStatus(store.knex, tenant, ids[0]!, 'handled', 'dave');
    t.deepEqual((await voicemailRepo.list(store.knex, tenant, page, { status: 'new' })).items.map((m) => m.id), [ids[1]]);
    t.like(await voicemailRepo.get(store.knex, tenant, ids[0]!), { status: 'handled', handledBy: 'dave' });
  } finally {
    await store.close();
  }
});

test('the PIN-lock key is created once, private, and reused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tellerline-key-'));
  const file = join(dir, 'secrets', 'ivr-subject.key');
  const key = loadSubjectKey(file);
  t.true(existsSync(file));
  t.is(statSync(file).mode & 0o777, 0o600);
  t.is(key.length, 32);
  t.deepEqual(loadSubjectKey(file), key);
  t.is(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').length, 32);
});
