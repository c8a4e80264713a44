/**
 * The pid file of the core-banking simulator a server started (`<data.dir>/core-sim.pid`).
 * Its child watches the server and ends with it, but a simulator that did outlive its server
 * (an older build, a hung process) would hold ports 7701-7703 and stop the next start. So the
 * server writes the child's pid here, removes it on a clean stop, and on start stops a leftover
 * one — only after checking that the process really is a Tellerline core-sim, since a pid can
 * be reused by an unrelated process after a reboot.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LeftoverOutcome {
  /** What was found and done, for the log. */
  outcome: 'none' | 'stale-file' | 'not-a-core-sim' | 'stopped' | 'killed';
  pid?: number;
}

const STOP_WAIT_MS = 5000;
const POLL_MS = 50;

export function writeCoreSimPidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`, { mode: 0o644 });
}

export function removeCoreSimPidFile(file: string): void {
  rmSync(file, { force: true });
}

/** True if `pid` runs `tellerline core-sim` (Linux: from /proc; elsewhere nothing is trusted). */
export function isCoreSimProcess(pid: number): boolean {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false;
  }
  const command = args.indexOf('core-sim');
  return command > 0 && args.slice(0, command).some((a) => /(^|\/)tellerline(\.js)?$|cli\/main\.ts$/.test(a));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += POLL_MS) {
    if (!isAlive(pid)) return true;
    await sleep(POLL_MS);
  }
  return !isAlive(pid);
}

/** Stops the simulator named in `file` if it still runs, and removes the file. */
export async function stopLeftoverCoreSim(file: string): Promise<LeftoverOutcome> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { outcome: 'none' };
  }
  const pid = Number(text.trim());
  try {
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid) return { outcome: 'stale-file' };
    if (!isAlive(pid)) return { outcome: 'stale-file', pid };
    if (!isCoreSimProcess(pid)) return { outcome: 'not-a-core-sim', pid };
    process.kill(pid, 'SIGTERM');
    if (await waitForExit(pid, STOP_WAIT_MS)) return { outcome: 'stopped', pid };
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, STOP_WAIT_MS);
    return { outcome: 'killed', pid };
  } finally {
    removeCoreSimPidFile(file);
  }
}
