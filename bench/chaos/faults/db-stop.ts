/** MariaDB goes away (killed), then starts again on the same port and data. */
import type { Fault } from './fault.js';

export interface StoppableDatabase {
  kill(): Promise<void>;
  resume(): Promise<void>;
}

export function dbStopFault(db: StoppableDatabase): Fault {
  return {
    name: 'db-stop',
    what: 'MariaDB killed, then started again',
    inject: () => db.kill(),
    remove: () => db.resume(),
  };
}
