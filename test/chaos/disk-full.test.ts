/**
 * The chaos run's disk-full injector on a small file system: a write fails for want of space
 * (EACCES when not root: no small file system, the directory is made read-only), then works.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskFullFault } from '../../bench/chaos/faults/disk-full.js';
import { mountSmallFs } from '../../bench/chaos/faults/small-fs.js';

test('the data directory fills up, then is freed', async (t) => {
  const base = mkdtempSync(join(tmpdir(), 'tl-disk-full-'));
  const fs = mountSmallFs(join(base, 'data'), 2);
  t.teardown(() => {
    fs.unmount();
    rmSync(base, { recursive: true, force: true });
  });
  if (process.getuid?.() === 0) t.is(fs.kind, 'tmpfs', fs.reason);
  writeFileSync(join(fs.dir, 'before'), 'written before');
  const fault = diskFullFault(fs);
  await fault.inject();
  const err = t.throws(() => writeFileSync(join(fs.dir, 'during'), Buffer.alloc(64 * 1024)));
  t.is((err as NodeJS.ErrnoException).code, fs.kind === 'tmpfs' ? 'ENOSPC' : 'EACCES');
  await fault.remove();
  t.notThrows(() => writeFileSync(join(fs.dir, 'after'), Buffer.alloc(64 * 1024)));
});
