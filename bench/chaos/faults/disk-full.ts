/**
 * The disk of the data directory (journal, recordings, voice messages, faxes) fills up, then is
 * freed. On a size-limited file system (small-fs.ts) a file takes every free byte; without one
 * (not root) the directories lose their write permission instead.
 */
import { chmodSync, closeSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Fault } from './fault.js';
import type { SmallFs } from './small-fs.js';

const FILLER = '.chaos-disk-filler';

/** Writes zeros into `path` until the file system says ENOSPC; returns the bytes written. */
export function fillUp(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1 << 20);
  let written = 0;
  try {
    for (;;) {
      try {
        written += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return written;
        throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function directories(dir: string): string[] {
  const out = [dir];
  for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) out.push(...directories(join(dir, e.name)));
  return out;
}

export function diskFullFault(fs: SmallFs): Fault {
  const saved = new Map<string, number>();
  return {
    name: 'disk-full',
    what: fs.kind === 'tmpfs' ? 'the data directory\'s file system filled to the last byte, then freed' : `the data directory made read-only, then writable (${fs.reason ?? 'no small file system'})`,
    async inject() {
      if (fs.kind === 'tmpfs') {
        fillUp(join(fs.dir, FILLER));
        return;
      }
      for (const d of directories(fs.dir)) {
        saved.set(d, statSync(d).mode & 0o7777);
        chmodSync(d, 0o555);
      }
    },
    async remove() {
      if (fs.kind === 'tmpfs') {
        rmSync(join(fs.dir, FILLER), { force: true });
        return;
      }
      for (const [d, mode] of saved) chmodSync(d, mode);
      saved.clear();
    },
  };
}
