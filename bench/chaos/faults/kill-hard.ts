/** `kill -9` of a process, and waiting until it is really gone. */
import { readFileSync } from 'node:fs';

export async function killHard(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw err;
  }
  while (isRunning(pid)) await new Promise((r) => setTimeout(r, 20));
}

/** Whether a process with that pid runs (a zombie not yet reaped by its parent counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
