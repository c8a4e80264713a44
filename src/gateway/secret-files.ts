/**
 * Reading the files the bank gives the gateway (its CA, the client certificate and key, the
 * PIN-block key), refusing at start with a message that names the setting and the path when
 * one is missing, unreadable, or (a key) open to other users.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export class GatewayFileError extends Error {
  override readonly name = 'GatewayFileError';
}

export interface SecretFileRules {
  /**
   * Who else may read or write it: `anyone` (certificates, the CA: public), `group` (a TLS key:
   * no access for other users), `owner` (the PIN-block key). Default `anyone`.
   */
  access?: 'anyone' | 'group' | 'owner';
  /** Refuse a file inside this directory (the data directory: a copy of the data must carry no key). */
  outside?: string;
}

function inside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Reads `path` for the setting `setting`, or throws a GatewayFileError saying what to fix. */
export function readGatewayFile(setting: string, path: string, rules: SecretFileRules = {}): Buffer {
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new GatewayFileError(`${setting}: ${path} is not a file`);
    mode = stat.mode & 0o777;
  } catch (error) {
    if (error instanceof GatewayFileError) throw error;
    throw new GatewayFileError(`${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (rules.outside !== undefined && inside(path, rules.outside)) {
    throw new GatewayFileError(`${setting}: ${path} is inside the data directory; keep keys outside it (a copy of the data must carry no key)`);
  }
  const access = rules.access ?? 'anyone';
  const open = access === 'owner' ? mode & 0o077 : access === 'group' ? mode & 0o007 : 0;
  if (open !== 0) {
    const who = access === 'owner' ? 'users other than its owner' : 'other users';
    throw new GatewayFileError(`${setting}: ${path} is open to ${who} (mode ${mode.toString(8)}): chmod ${access === 'owner' ? '600' : 'o-rwx'}`);
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new GatewayFileError(`${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
