/** The core-banking system answers, but slowly (its admin API's latency fault). */
import type { CoreSimProcess } from '../../soak/core-sim-process.js';
import type { Fault } from './fault.js';

export function coreSlowFault(core: CoreSimProcess, latencyMs: number): Fault {
  return {
    name: 'core-slow',
    what: `every core-banking answer ${latencyMs} ms late`,
    inject: () => core.setFaults({ latencyMs }),
    remove: () => core.setFaults({ latencyMs: 0 }),
  };
}
