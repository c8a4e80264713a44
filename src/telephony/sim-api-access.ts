/**
 * Who may use the simulator control API, and which files it may touch.
 *
 * - A token: `sim.token` from the configuration, or a new random one at every start written to
 *   `<data.dir>/sim-api.token` (mode 0600) for `tellerline sim` and tests to read. Requests send
 *   it as `Authorization: Bearer <token>`; it is compared in constant time.
 * - One directory (`sim.filesDir`, default `<data.dir>/sim-files`): every path the API takes
 *   (play, record, fax send and receive, the audio socket) must resolve inside it, `..` is
 *   refused, and a symbolic link may not lead out of it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../config/schema.js';

export const SIM_TOKEN_FILE = 'sim-api.token';

export function simTokenFile(config: Config): string {
  return join(config.data.dir, SIM_TOKEN_FILE);
}

export function simFilesDir(config: Config): string {
  return resolve(config.sim.filesDir ?? join(config.data.dir, 'sim-files'));
}

/** The token for this run: the configured one, or a new one written for local clients to read. */
export function issueSimToken(config: Config): string {
  if (config.sim.token) return config.sim.token;
  const token = randomBytes(32).toString('base64url');
  const file = simTokenFile(config);
  mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header carries `token` (constant time whatever the input). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

export class SimPathError extends Error {
  override readonly name = 'SimPathError';
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' ? false : !rel.startsWith('..') && !isAbsolute(rel);
}

/** Paths the control API takes, kept inside one directory. */
export class SimFiles {
  readonly root: string;
  /** The directory as configured, which may differ from `root` when it lies behind a link. */
  readonly #named: string;

  constructor(root: string) {
    mkdirSync(root, { recursive: true, mode: 0o750 });
    this.#named = resolve(root);
    this.root = realpathSync(root);
  }

  /**
   * The absolute path for `given` (relative paths are taken from the directory), or a
   * SimPathError: `..`, a path elsewhere, or a link out. `existing`: the file must be there
   * (played or sent); otherwise it may be created (recorded, received, a socket).
   */
  path(field: string, given: string, existing: boolean): string {
    if (given.includes('\0')) throw new SimPathError(`${field}: not a path`);
    if (given.split(/[\\/]/).includes('..')) throw new SimPathError(`${field}: ".." is not allowed; give a path inside ${this.root}`);
    const wanted = isAbsolute(given) ? resolve(given) : resolve(this.root, given);
    if (!inside(wanted, this.root) && !inside(wanted, this.#named)) throw new SimPathError(`${field}: ${given} is outside ${this.root}, the only directory the simulator uses`);
    let parent: string;
    try {
      parent = realpathSync(dirname(wanted));
    } catch {
      throw new SimPathError(`${field}: the directory of ${given} does not exist`);
    }
    if (parent !== this.root && !inside(parent, this.root)) throw new SimPathError(`${field}: ${given} leads outside ${this.root}`);
    const target = join(parent, basename(wanted));
    let link = false;
    let exists = true;
    try {
      link = lstatSync(target).isSymbolicLink();
    } catch {
      exists = false;
    }
    if (existing && !exists) throw new SimPathError(`${field}: ${given} does not exist`);
    if (link) {
      let real: string;
      try {
        real = realpathSync(target);
      } catch {
        throw new SimPathError(`${field}: ${given} is a broken link`);
      }
      if (!inside(real, this.root)) throw new SimPathError(`${field}: ${given} leads outside ${this.root}`);
      // A link is never written through: what it points at could change under us.
      if (!existing) throw new SimPathError(`${field}: ${given} is a link; name a plain file`);
      return real;
    }
    return target;
  }
}
