/**
 * Migrations on both databases: they apply and roll back, they keep schema and data changes
 * apart, a stale lock is reported with the way out, and the connection settings hold
 * (SQLite: WAL, synchronous=FULL, foreign keys; MySQL: utf8mb4, UTC).
 */
import test from 'ava';
import { useBackends } from '../helpers/backends.js';
import { createStore, openStore } from '../../src/store/store.js';
import { migrateLatest, migrationStatus, releaseMigrationLock, rollbackAll } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { StaleMigrationLockError } from '../../src/store/errors.js';
import { tenantsRepo } from '../../src/tenants/store/tenants-repo.js';
import type { Knex } from 'knex';

const backends = useBackends(test);

async function tables(knex: Knex, client: string): Promise<string[]> {
  if (client === 'sqlite') {
    const rows = (await knex.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")) as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }
  const [rows] = (await knex.raw('select table_name as name from information_schema.tables where table_schema = database() order by table_name')) as [Array<{ name: string }>];
  return rows.map((r) => r.name);
}

async function schemaFingerprint(knex: Knex, client: string): Promise<string> {
  const out: Record<string, unknown> = {};
  for (const table of await tables(knex, client)) out[table] = Object.keys(await knex(table).columnInfo()).sort();
  return JSON.stringify(out);
}

async function rowCounts(knex: Knex, client: string): Promise<string> {
  const out: Record<string, number> = {};
  for (const table of await tables(knex, client)) {
    const row = (await knex(table).count({ n: '*' }).first()) as { n: number | string };
    out[table] = Number(row.n);
  }
  return JSON.stringify(out);
}

backends.each('all migrations apply in order, then roll back and apply again', async (t, { database }) => {
  const store = createStore(database);
  try {
    t.deepEqual((await migrationStatus(store.knex)).pending, migrations.map((m) => m.name));
    t.deepEqual(await migrateLatest(store.knex, store.target), migrations.map((m) => m.name));
    const status = await migrationStatus(store.knex);
    t.deepEqual(status.pending, []);
    t.false(status.locked);
    t.deepEqual(await migrateLatest(store.knex, store.target), [], 'a second run has nothing to do');
    await rollbackAll(store.knex);
    t.deepEqual((await migrationStatus(store.knex)).applied, []);
    await migrateLatest(store.knex, store.target);
    t.truthy(await tenantsRepo.getByCode(store.knex, 'platform'));
  } finally {
    await store.close();
  }
});

backends.each('each migration is either schema or data, never both', async (t, { database }) => {
  const store = createStore(database);
  const client = database.client;
  try {
    for (const m of migrations) {
      const schemaBefore = await schemaFingerprint(store.knex, client);
      const rowsBefore = await rowCounts(store.knex, client);
      await m.up(store.knex);
      const schemaAfter = await schemaFingerprint(store.knex, client);
      const rowsAfter = await rowCounts(store.knex, client);
      if (m.kind === 'schema') {
        t.not(schemaAfter, schemaBefore, `${m.name} changes the schema`);
        // New tables start empty; existing ones keep their rows.
        const before = JSON.parse(rowsBefore) as Record<string, number>;
        const after = JSON.parse(rowsAfter) as Record<string, number>;
        for (const [table, n] of Object.entries(after)) t.is(n, before[table] ?? 0, `${m.name} leaves the data of ${table} alone`);
      } else {
        t.is(schemaAfter, schemaBefore, `${m.name} changes no schema`);
        t.not(rowsAfter, rowsBefore, `${m.name} changes data`);
      }
    }
  } finally {
    await store.close();
  }
});

backends.each('a stale migration lock is reported with the way out, and --unlock clears it', async (t, { database }) => {
  const store = createStore(database);
  try {
    await migrateLatest(store.knex, store.target);
    // What a process killed in the middle of a migration leaves behind:
    await store.knex('knex_migrations_lock').update({ is_locked: 1 });
    const err = await t.throwsAsync(migrateLatest(store.knex, store.target), { instanceOf: StaleMigrationLockError });
    t.regex(err!.message, /tellerline migrate --unlock/);
    t.regex(err!.message, new RegExp(store.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await t.throwsAsync(openStore(database), { instanceOf: StaleMigrationLockError }, 'the server refuses to start over it too');
    t.true((await migrationStatus(store.knex)).locked);
    t.true(await releaseMigrationLock(store.knex));
    t.false((await migrationStatus(store.knex)).locked);
    t.deepEqual(await migrateLatest(store.knex, store.target), []);
  } finally {
    await store.close();
  }
});

backends.each('timestamps come back as ISO strings in UTC, to the millisecond, on both databases', async (t, { database }) => {
  const store = await openStore(database);
  try {
    const tenant = await tenantsRepo.insert(store.knex, { id: '6b7c2b55-7d3e-4c9a-9a53-0d9bb2b2f001', code: 'tz', name: '招商银行 🏦', kind: 'bank', status: 'active' });
    t.regex(tenant.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    t.true(Math.abs(Date.parse(tenant.createdAt) - Date.now()) < 60_000);
    t.is((await tenantsRepo.get(store.knex, tenant.id))!.name, '招商银行 🏦', 'utf8mb4 round trip');
  } finally {
    await store.close();
  }
});

backends.each(
  'SQLite connections use WAL, synchronous=FULL and foreign keys',
  async (t, { database }) => {
    const store = await openStore(database);
    try {
      const journal = (await store.knex.raw('pragma journal_mode')) as Array<{ journal_mode: string }>;
      const sync = (await store.knex.raw('pragma synchronous')) as Array<{ synchronous: number }>;
      const fk = (await store.knex.raw('pragma foreign_keys')) as Array<{ foreign_keys: number }>;
      t.is(journal[0]!.journal_mode, 'wal');
      t.is(sync[0]!.synchronous, 2);
      t.is(fk[0]!.foreign_keys, 1);
    } finally {
      await store.close();
    }
  },
  { only: ['sqlite'] },
);

backends.each(
  'MySQL tables are utf8mb4',
  async (t, { database }) => {
    const store = await openStore(database);
    try {
      const [rows] = (await store.knex.raw("select table_name as name, table_collation as collation from information_schema.tables where table_schema = database() and table_name not like 'knex%'")) as [Array<{ name: string; collation: string }>];
      t.true(rows.length >= 9);
      for (const r of rows) t.regex(r.collation, /^utf8mb4/, r.name);
    } finally {
      await store.close();
    }
  },
  { only: ['mariadb'] },
);
