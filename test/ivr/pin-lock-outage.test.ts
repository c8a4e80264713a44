/**
 * The PIN lockout while the database is away (src/ivr/banking/pin-lock-outage.ts), on a store
 * that fails as an unreachable database on demand: a card locked before the server started is
 * locked from memory; a wrong PIN holds its card and no other; the outcomes are written in
 * order when the database answers; at the bound no PIN is taken; a stop with the database still
 * away says what is lost.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pino from 'pino';
import { Writable } from 'node:stream';
import { openStore, type Store } from '../../src/store/store.js';
import { loadSubjectKey, PinLockService } from '../../src/ivr/banking/pin-lock-service.js';
import { DEFAULT_BANK_TENANT_ID as tenant } from '../../src/tenants/default-bank.js';
import { sqliteConfig } from '../helpers/backends.js';
import { quietLogger } from '../helpers/server.js';
import { switchableStore } from '../helpers/switchable-store.js';

const root = mkdtempSync(join(tmpdir(), 'tl-pin-outage-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** A knex that is the switchable store's at each use (the service keeps the one it is given). */
function following(store: Store & { down: boolean }): Knex {
  return new Proxy(function () {} as unknown as Knex, {
    apply: (_t, _this, args: unknown[]) => (store.knex as unknown as (...a: unknown[]) => unknown)(...args),
    get: (_t, prop) => {
      const value = (store.knex as unknown as Record<PropertyKey, unknown>)[prop];
      return typeof value === 'function' ? value.bind(store.knex) : value;
    },
  });
}

async function world(options: { maxPending?: number; logger?: pino.Logger } = {}) {
  const dir = join(root, `d${++dirs}`);
  const store = switchableStore(await openStore(sqliteConfig(join(dir, 'db.sqlite'))));
  const key = loadSubjectKey(join(dir, 'subject.key'));
  const service = new PinLockService(following(store), key, options.logger ?? quietLogger(), { retryMs: 20, ...options });
  return { store, key, service, close: () => store.close() };
}

const LOCKED = '6222020000000003';
const OTHER = '6222020000000001';
const THIRD = '6222020000000002';

test('a card locked before the server started stays locked while the database is away; others are open', async (t) => {
  const w = await world();
  try {
    // Locked by an earlier run of the server (another service on the same database and key).
    const earlier = new PinLockService(w.store.knex, w.key, quietLogger());
    for (let i = 0; i < 3; i++) await earlier.failure(tenant, 'card', LOCKED, 3);
    await w.service.start();
    w.store.down = true;
    t.is(await w.service.state(tenant, 'card', LOCKED), 'locked');
    t.is(await w.service.state(tenant, 'card', OTHER), 'open');
    t.is(await w.service.state(tenant, 'passbook', LOCKED), 'open', 'kinds apart');

    // Control: without the start-up read, memory does not know the lock.
    const unread = new PinLockService(following(w.store), w.key, quietLogger());
    t.is(await unread.state(tenant, 'card', LOCKED), 'open');
    await w.service.stop();
  } finally {
    await w.close();
  }
});

test('a wrong PIN while away holds its card only; the outcomes are written in order when the database answers, and the hold lifts', async (t) => {
  const w = await world();
  try {
    await w.service.start();
    await w.service.failure(tenant, 'card', OTHER, 3); // before: one wrong PIN counted
    w.store.down = true;
    await w.service.success(tenant, 'card', OTHER); // a right PIN: starts the count again
    t.like(await w.service.failure(tenant, 'card', OTHER, 3), { held: true, locked: false });
    t.is(await w.service.state(tenant, 'card', OTHER), 'held');
    t.is(await w.service.state(tenant, 'card', THIRD), 'open', 'another card is not held');
    t.is(w.service.waitingForDatabase, 2);

    w.store.down = false;
    // The next read writes what was kept first, so it sees the count the usual rule gives.
    t.is(await w.service.state(tenant, 'card', OTHER), 'open');
    t.is(w.service.waitingForDatabase, 0);
    t.is((await w.service.find(tenant, 'card', OTHER))!.failedCount, 1, 'success cleared the 1 before, then the wrong one counted');
    await w.service.stop();
  } finally {
    await w.close();
  }
});

test('kept wrong PINs that reach the limit lock the card when written; a lock the core reported while away locks at once', async (t) => {
  const w = await world();
  try {
    await w.service.start();
    await w.service.failure(tenant, 'card', OTHER, 3);
    await w.service.failure(tenant, 'card', OTHER, 3);
    w.store.down = true;
    await w.service.failure(tenant, 'card', OTHER, 3);
    await w.service.coreLocked(tenant, 'card', THIRD);
    t.is(await w.service.state(tenant, 'card', THIRD), 'locked');
    w.store.down = false;
    // Written by the retry timer, with nobody asking.
    for (let i = 0; i < 200 && w.service.waitingForDatabase > 0; i++) await new Promise((r) => setTimeout(r, 10));
    t.is(w.service.waitingForDatabase, 0);
    t.truthy((await w.service.find(tenant, 'card', OTHER))!.lockedAt, 'the third wrong PIN locked it');
    t.is((await w.service.find(tenant, 'card', THIRD))!.lockSource, 'core');
    t.is(await w.service.state(tenant, 'card', OTHER), 'locked');
    await w.service.stop();
  } finally {
    await w.close();
  }
});

test('repeated right PINs are kept once; at the bound no PIN is taken until the database answers; a stop while it is still away logs what is lost, without the card number', async (t) => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
  const w = await world({ maxPending: 2, logger });
  try {
    await w.service.start();
    w.store.down = true;
    await w.service.success(tenant, 'card', OTHER);
    await w.service.success(tenant, 'card', OTHER);
    t.is(w.service.waitingForDatabase, 1, 'a card\'s repeated right PINs are kept once');
    t.is(await w.service.state(tenant, 'card', THIRD), 'open');
    await w.service.success(tenant, 'card', THIRD);
    t.is(await w.service.state(tenant, 'card', '6222020000000009'), 'held', 'two kept: the bound');
    await w.service.stop();
    const lost = lines.map((l) => JSON.parse(l) as { msg: string; lost?: Record<string, number> }).find((l) => l.lost);
    t.deepEqual(lost?.lost, { success: 2 });
    t.false(lines.join('').includes(OTHER) || lines.join('').includes(THIRD), 'no card number in the log');
  } finally {
    await w.close();
  }
});
