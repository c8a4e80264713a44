/**
 * Which better-sqlite3 the SQLite store loads. Major 12 is the last that runs on Node 20, but on
 * Node 24.19 and later it can abort the process when one of its statements is garbage-collected
 * outside a JavaScript context (its node::ObjectWrap removes an environment cleanup hook, and
 * Node asserts there is an environment). Major 13 is built on node-addon-api instead and needs
 * Node 22. Both are installed where they can be: 12 as `better-sqlite3`, 13 as the optional
 * `better-sqlite3-node22` (npm leaves it out on Node 20, whose engines it does not match).
 * The store takes 13 when the running Node can, 12 otherwise; the two share one API.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface SqliteDriverChoice {
  /** The package the driver was loaded from. */
  name: 'better-sqlite3' | 'better-sqlite3-node22';
  /** The module itself: the Database constructor knex's client calls. */
  driver: unknown;
}

function nodeMajor(): number {
  return Number(process.versions.node.split('.')[0]);
}

let chosen: SqliteDriverChoice | undefined;

export function sqliteDriver(): SqliteDriverChoice {
  if (chosen) return chosen;
  if (nodeMajor() >= 22) {
    try {
      chosen = { name: 'better-sqlite3-node22', driver: require('better-sqlite3-node22') as unknown };
      return chosen;
    } catch (err) {
      // Not installed (a node_modules made by an older lockfile, or on Node 20): fall back.
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  chosen = { name: 'better-sqlite3', driver: require('better-sqlite3') as unknown };
  return chosen;
}
