import { join } from 'node:path';
import type { Config } from './schema.js';

/** Where things live under the data directory. */
export interface DataPaths {
  root: string;
  journal: string;
  recordings: string;
  prompts: string;
  faxes: string;
}

/** The directory of keys: data.keysDir, or (older installs) <data.dir>/secrets. */
export function keysDir(config: Config): string {
  return config.data.keysDir ?? join(config.data.dir, 'secrets');
}

export function dataPaths(config: Config): DataPaths {
  const root = config.data.dir;
  return { root, journal: join(root, 'journal'), recordings: join(root, 'recordings'), prompts: join(root, 'prompts'), faxes: join(root, 'faxes') };
}
