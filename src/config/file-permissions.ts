/**
 * Files at rest: the server runs with umask 027 (what it creates is readable by its own group
 * at most, never by other users), and at start it refuses data, database or keys that other
 * users of the machine can read or write (left by an older install or a careless copy), and
 * warns when the keys sit inside the data directory.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { Config } from './schema.js';
import { keysDir } from './paths.js';

export const SERVER_UMASK = 0o027;

export interface PermissionReport {
  /** Paths other users may read or write: the server refuses to start. */
  problems: string[];
  warnings: string[];
}

/** Entries checked below a directory at most (a recordings tree can be large). */
const MAX_ENTRIES = 10_000;

function inside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function checkFilePermissions(config: Config): PermissionReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  let seen = 0;
  const check = (path: string, recurse: boolean): void => {
    if (seen++ > MAX_ENTRIES || !existsSync(path)) return;
    const stat = statSync(path);
    if ((stat.mode & 0o007) !== 0) problems.push(`${path} is open to other users (mode ${(stat.mode & 0o777).toString(8)}): chmod o-rwx`);
    if (recurse && stat.isDirectory()) for (const entry of readdirSync(path)) check(join(path, entry), true);
  };
  check(config.data.dir, true);
  if (config.database.client === 'sqlite' && config.database.sqlite.filename !== ':memory:') {
    for (const suffix of ['', '-wal', '-shm']) check(config.database.sqlite.filename + suffix, false);
  }
  const keys = keysDir(config);
  if (!inside(keys, config.data.dir)) check(keys, true);
  else warnings.push(`keys are kept in ${keys}, inside the data directory: set data.keysDir to a directory outside it, so a copy of the data carries no key`);
  return { problems, warnings };
}
