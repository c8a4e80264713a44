/** A trunk cable pulled and plugged back, through the simulator's control API. */
import type { Fault } from './fault.js';

/** Where the simulator's control API is and the token it wants. */
export interface SimApi {
  url: string;
  token: string;
}

export async function cableAction(sim: SimApi, cable: number, action: 'pull' | 'restore'): Promise<void> {
  const res = await fetch(`${sim.url}/sim/cables/${cable}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${sim.token}` } });
  if (!res.ok) throw new Error(`cable ${cable} ${action}: HTTP ${res.status} ${await res.text()}`);
}

/** `sim` is asked each time: the server's control API and its token change when the server restarts. */
export function cablePullFault(sim: () => SimApi, cable = 0): Fault {
  return {
    name: 'cable-pull',
    what: `trunk cable ${cable} pulled (red alarm, its calls cleared), then restored`,
    inject: () => cableAction(sim(), cable, 'pull'),
    remove: () => cableAction(sim(), cable, 'restore'),
  };
}
