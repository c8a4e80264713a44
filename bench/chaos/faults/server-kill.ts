/**
 * `kill -9` of the server in the middle of its calls, then a start on the same database and
 * data directory (as a supervisor such as systemd would restart it).
 */
import type { Fault } from './fault.js';
import { killHard } from './kill-hard.js';

export interface Restartable {
  readonly pid: number | undefined;
  /** Starts the server again after it died. */
  restart(attempts?: number): Promise<void>;
}

export function serverKillFault(server: Restartable): Fault {
  return {
    name: 'server-kill',
    what: 'kill -9 of the server with calls up, then a restart',
    async inject() {
      const pid = server.pid;
      if (pid === undefined) throw new Error('server-kill: the server is not running');
      await killHard(pid);
    },
    remove: () => server.restart(3),
  };
}
