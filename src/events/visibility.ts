/**
 * Who sees which live event.
 *
 * - Only events of the viewer's own tenant; a platform administrator sees every tenant.
 * - A role whose event scope is 'own_agent' (agents): call and agent events of their own agent
 *   id, and queue summaries; no span events.
 * - A role whose event scope is 'tenant' (supervisors, bank and platform administrators, and
 *   custom roles so defined): everything of the tenant.
 * - Roles without events:read (auditors) have no live view; the route refuses them.
 * - Outbound campaign progress: viewers who may read campaigns (outbound:read).
 */
import type { Principal } from '../auth/principal.js';
import { accessOf } from '../auth/role-access.js';
import type { TellerlineEvent } from './types.js';

export function canSee(viewer: Principal, event: TellerlineEvent): boolean {
  if (viewer.role !== 'platform_admin' && event.tenantId !== viewer.tenantId) return false;
  const access = accessOf(viewer);
  if (!access.permissions.has('events:read')) return false;
  // Campaign progress: for whoever may read the tenant's campaigns.
  if (event.type.startsWith('outbound.')) return access.permissions.has('outbound:read');
  if (access.eventScope === 'tenant') return true;
  if (event.type === 'queue.summary') return true;
  if (event.type === 'agent.state') return viewer.agentId !== null && event.agentId === viewer.agentId;
  if (event.type.startsWith('call.')) return viewer.agentId !== null && 'agentId' in event && event.agentId === viewer.agentId;
  return false;
}
