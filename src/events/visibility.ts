/**
 * Who sees which live event.
 *
 * - Only events of the viewer's own tenant; a platform administrator sees every tenant.
 * - Agents: call and agent events of their own agent id, and queue summaries; no span events.
 * - Supervisors, bank and platform administrators: everything of the tenant.
 * - Auditors have no live view (they read records); the route refuses them.
 */
import type { Principal } from '../auth/principal.js';
import type { TellerlineEvent } from './types.js';

export function canSee(viewer: Principal, event: TellerlineEvent): boolean {
  if (viewer.role !== 'platform_admin' && event.tenantId !== viewer.tenantId) return false;
  switch (viewer.role) {
    case 'platform_admin':
    case 'bank_admin':
    case 'supervisor':
      return true;
    case 'agent':
      if (event.type === 'queue.summary') return true;
      if (event.type === 'agent.state') return viewer.agentId !== null && event.agentId === viewer.agentId;
      if (event.type.startsWith('call.')) return viewer.agentId !== null && 'agentId' in event && event.agentId === viewer.agentId;
      return false;
    default:
      return false;
  }
}
