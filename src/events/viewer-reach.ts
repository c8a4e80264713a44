/**
 * How far into a tenant a viewer of the live events reaches: every agent, or only some (a
 * supervisor limited to their teams). The ACD knows teams, so it sets `services.eventReach`;
 * without it every viewer reaches the whole tenant.
 *
 * With a limited reach, events about an agent (state, calls) show only for agents within it;
 * calls no reached agent is on, and what callers do in the IVR (session events), do not show;
 * queue summaries and span events (no customer data) still do.
 */
import type { Principal } from '../auth/principal.js';
import type { TellerlineEvent } from './types.js';

export type AgentReach = 'all' | ReadonlySet<string>;

export interface EventReachPort {
  /** The agents `viewer` reaches now (re-asked at every heartbeat of a stream). */
  reachOf(viewer: Principal): Promise<AgentReach>;
}

declare module '../services.js' {
  interface AppServices {
    /** Who reaches which agents in the live events (set by the ACD). */
    eventReach?: EventReachPort;
  }
}

export function withinReach(reach: AgentReach, event: TellerlineEvent): boolean {
  if (reach === 'all') return true;
  const agentId = (event as { agentId?: unknown }).agentId;
  if (typeof agentId === 'string') return reach.has(agentId);
  if (event.type.startsWith('call.') || event.type === 'session.event') return false;
  return true;
}
