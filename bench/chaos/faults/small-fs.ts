/**
 * A size-limited file system for the data directory, so that it can be filled: a tmpfs with
 * size= (needs root). Without root there is none, and the disk-full fault falls back to taking
 * write permission away (the server then meets EACCES instead of ENOSPC).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export interface SmallFs {
  /** 'tmpfs' when mounted; 'none' when the directory is an ordinary one. */
  kind: 'tmpfs' | 'none';
  dir: string;
  /** Why there is none (when kind is 'none'). */
  reason?: string;
  unmount(): void;
}

export function mountSmallFs(dir: string, megabytes: number): SmallFs {
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() !== 0) return { kind: 'none', dir, reason: 'not root', unmount() {} };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    return { kind: 'none', dir, reason: `mount failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`, unmount() {} };
  }
  return {
    kind: 'tmpfs',
    dir,
    unmount() {
      // Lazy: a server killed a moment ago may still hold a file open here.
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    },
  };
}
