/** A trunk cable pulled and plugged back, through the simulator's control API. */
import type { Fault } from './fault.js';

export async function cableAction(simUrl: string, cable: number, action: 'pull' | 'restore'): Promise<void> {
  const res = await fetch(`${simUrl}/sim/cables/${cable}/${action}`, { method: 'POST' });
  if (!res.ok) throw new Error(`cable ${cable} ${action}: HTTP ${res.status} ${await res.text()}`);
}

/** `simUrl` is asked each time: the server's control API moves when the server restarts. */
export function cablePullFault(simUrl: () => string, cable = 0): Fault {
  return {
    name: 'cable-pull',
    what: `trunk cable ${cable} pulled (red alarm, its calls cleared), then restored`,
    inject: () => cableAction(simUrl(), cable, 'pull'),
    remove: () => cableAction(simUrl(), cable, 'restore'),
  };
}
