/**
 * Lets a child process end with the process that started it. Linux's PR_SET_PDEATHSIG is not
 * reachable from Node, and `kill -9` of the parent runs none of its clean-up, so the child
 * watches for itself: the parent's end of the stdin pipe closing (immediate: the kernel closes
 * it when the parent dies, however it dies) and, as a backstop when stdin is not a pipe, the
 * child being handed to another parent (process.ppid changes).
 */
import { fstatSync } from 'node:fs';

/** A pipe or socket from the parent; not a terminal, and not /dev/null (which ends at once). */
function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

export interface ParentWatch {
  stop(): void;
}

const PPID_POLL_MS = 500;

export function watchParent(parentPid: number, onParentGone: () => void): ParentWatch {
  let done = false;
  const gone = () => {
    if (done) return;
    done = true;
    watch.stop();
    onParentGone();
  };
  const timer = setInterval(() => {
    if (process.ppid !== parentPid) gone();
  }, PPID_POLL_MS);
  timer.unref();
  const stdin = process.stdin;
  const readsPipe = stdinIsPipe();
  if (readsPipe) {
    stdin.on('end', gone);
    stdin.on('close', gone);
    stdin.on('error', gone);
    // Nothing is ever sent; reading only lets the end of the pipe be noticed.
    stdin.on('data', () => {});
  }
  const watch: ParentWatch = {
    stop() {
      clearInterval(timer);
      if (readsPipe) {
        stdin.off('end', gone);
        stdin.off('close', gone);
        stdin.off('error', gone);
        stdin.pause();
        stdin.destroy();
      }
    },
  };
  // The parent may already be gone by the time the watch starts.
  if (process.ppid !== parentPid) queueMicrotask(gone);
  return watch;
}
