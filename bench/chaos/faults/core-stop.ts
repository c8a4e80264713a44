/** The core-banking system goes away (its process dies), then comes back on the same ports. */
import type { CoreSimProcess } from '../../soak/core-sim-process.js';
import type { Fault } from './fault.js';

export function coreStopFault(core: CoreSimProcess): Fault {
  return {
    name: 'core-stop',
    what: 'the core-banking simulator killed, then started again',
    inject: () => core.stop('SIGKILL'),
    remove: () => core.start(),
  };
}
