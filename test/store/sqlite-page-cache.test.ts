/**
 * The SQLite connection's page cache is bounded at SQLITE_CACHE_KIB: writing a database many
 * times that size leaves the native memory in use grown by about the cache, not by the data.
 * The control raises the cache to better-sqlite3's build default (16,000 KiB) on the same
 * connection and writes as much again: the same measure sees the larger cache fill.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { nativeInUse } from '../../bench/leak/native-memory.js';
import { createKnex, SQLITE_CACHE_KIB } from '../../src/store/knex.js';
import { sqliteConfig } from '../helpers/backends.js';

const MB = 2 ** 20;

/** Writes `mb` MB of 1 KiB rows, a thousand to a transaction. */
async function write(knex: Knex, mb: number, from: number): Promise<void> {
  const row = (i: number) => ({ id: from + i, body: `${i}:`.padEnd(1024, String.fromCharCode(97 + (i % 26))) });
  for (let b = 0; b < mb; b++) {
    await knex.transaction(async (trx) => {
      await trx.batchInsert('blobs', Array.from({ length: 1024 }, (_, i) => row(b * 1024 + i)), 256);
    });
  }
}

test('writing 24 MB grows the native memory by about the 4 MB page cache, not by the data', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-sqlite-cache-'));
  const knex = createKnex(sqliteConfig(join(dir, 'db.sqlite')));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  try {
    await knex.schema.createTable('blobs', (table) => {
      table.integer('id').primary();
      table.text('body');
    });
    const pragma = (await knex.raw('PRAGMA cache_size')) as Array<{ cache_size: number }>;
    t.is(pragma[0]!.cache_size, -SQLITE_CACHE_KIB);

    const before = await nativeInUse();
    await write(knex, 24, 0);
    const grown = (await nativeInUse()) - before;
    t.log(`24 MB written, cache ${SQLITE_CACHE_KIB} KiB: native in-use +${(grown / MB).toFixed(1)} MB`);
    t.true(grown < SQLITE_CACHE_KIB * 1024 * 1.5 + MB, `grew ${(grown / MB).toFixed(1)} MB`);

    // Control: the build default on the same connection; the measure must see it fill.
    await knex.raw('PRAGMA cache_size = -16000');
    const atDefault = await nativeInUse();
    await write(knex, 24, 24 * 1024);
    const grownDefault = (await nativeInUse()) - atDefault;
    t.log(`24 MB more, cache 16,000 KiB: native in-use +${(grownDefault / MB).toFixed(1)} MB`);
    t.true(grownDefault > 8 * MB, `grew ${(grownDefault / MB).toFixed(1)} MB`);
  } finally {
    await knex.destroy();
  }
});
