/**
 * The SQLite driver follows the running Node: better-sqlite3 13 (installed as the optional
 * better-sqlite3-node22) where Node is 22 or newer, better-sqlite3 12 on Node 20. Either way
 * the store works through knex.
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnex } from '../../src/store/knex.js';
import { sqliteDriver } from '../../src/store/sqlite-driver.js';
import { sqliteConfig } from '../helpers/backends.js';

const major = Number(process.versions.node.split('.')[0]);
/** Whether Node finds the optional package the way the driver looks for it (node_modules or NODE_PATH). */
function node22Installed(): boolean {
  try {
    createRequire(import.meta.url).resolve('better-sqlite3-node22');
    return true;
  } catch {
    return false;
  }
}

test('the driver is the one the running Node can use', (t) => {
  const { name } = sqliteDriver();
  if (major < 22) t.is(name, 'better-sqlite3');
  else if (node22Installed()) t.is(name, 'better-sqlite3-node22');
  else t.is(name, 'better-sqlite3', 'falls back when the optional package is not installed');
  t.log(`Node ${process.version}: ${name}`);
});

test('knex runs statements through the chosen driver, many of them garbage-collected', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-sqlite-driver-'));
  const knex = createKnex(sqliteConfig(join(dir, 'db.sqlite')));
  try {
    await knex.schema.createTable('t', (table) => {
      table.integer('a');
    });
    // Thousands of prepared statements, none kept: what made better-sqlite3 12 abort on Node 24.
    await knex.transaction(async (trx) => {
      for (let i = 0; i < 2000; i++) await trx('t').insert({ a: i });
    });
    const [row] = (await knex('t').count({ n: '*' })) as Array<{ n: number }>;
    t.is(Number(row!.n), 2000);
  } finally {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
