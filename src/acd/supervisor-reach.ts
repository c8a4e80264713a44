/**
 * Which agents an operator reaches for everything team-bound: monitoring (listen, whisper,
 * barge-in), force release, the real-time view and the live events.
 *
 * It follows the role's team scope (`recordingScope`, the same one that limits recordings),
 * for built-in and custom roles alike:
 * - `tenant` (administrators, and custom roles so defined): every agent of the tenant;
 * - `own_teams` (supervisors): the agents of the teams set for them
 *   (`PUT /acd/supervisors/:id/teams`), plus their own seat. Without any team, no agent.
 */
import type { Knex } from 'knex';
import type { Principal } from '../auth/principal.js';
import { accessOf } from '../auth/role-access.js';
import type { AgentReach } from '../events/viewer-reach.js';
import type { TenantRuntime } from './live/acd-service.js';
import { acdConfigRepo } from './store/config-repo.js';

export async function supervisorReach(db: Knex, runtime: TenantRuntime | undefined, principal: Principal): Promise<AgentReach> {
  if (accessOf(principal).recordingScope === 'tenant') return 'all';
  const teams = new Set(await acdConfigRepo.supervisorTeams(db, principal.tenantId, principal.id));
  const agents = new Set<string>();
  for (const agent of runtime?.acd.config.listAgentRecords() ?? []) if (teams.has(agent.team)) agents.add(agent.id);
  if (principal.agentId) agents.add(principal.agentId);
  return agents;
}

export function reaches(reach: AgentReach, agentId: string | null | undefined): boolean {
  return reach === 'all' || (agentId != null && reach.has(agentId));
}
