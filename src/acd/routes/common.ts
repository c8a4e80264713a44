/**
 * What the ACD routes share: finding the tenant's ACD, keeping unknown ids out of refusals,
 * and who may act on an agent's seat.
 */
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { principalHas } from '../../auth/role-access.js';
import { ForbiddenError, ServiceUnavailableError } from '../../http/errors.js';
import type { AppServices } from '../../services.js';
import { AcdError, isAcdError, type AcdErrorCode } from '../errors.js';
import type { TenantRuntime } from '../live/acd-service.js';
import type { Actor } from '../ports.js';
import type { AcdService } from '../live/acd-service.js';

const UNKNOWN: Partial<Record<AcdErrorCode, string>> = {
  acd_unknown_agent: 'unknown agent',
  acd_unknown_queue: 'unknown queue or entry point',
  acd_unknown_call: 'unknown call',
};

/** Runs an ACD action; its refusals pass on as they are, with an unknown id left out of the message. */
export async function acdAction<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (err) {
    // An unknown id is not echoed back (it may be another tenant's): the code says what is unknown.
    if (isAcdError(err) && UNKNOWN[err.code]) throw new AcdError(err.code, UNKNOWN[err.code]!, err.context);
    throw err;
  }
}

export function acdOf(services: AppServices): AcdService {
  if (!services.acd) throw new ServiceUnavailableError('the ACD is not running');
  return services.acd;
}

/** The tenant's ACD; 404 (as an unknown agent/queue would be) when it has none. */
export function runtimeOf(services: AppServices, tenantId: string, what: 'acd_unknown_agent' | 'acd_unknown_queue' | 'acd_unknown_call' = 'acd_unknown_agent'): TenantRuntime {
  const runtime = acdOf(services).tenant(tenantId);
  if (!runtime) throw new AcdError(what, 'nothing is configured in the ACD of this tenant');
  return runtime;
}

/**
 * Agents act on their own seat (their operator's agent id); supervisors and administrators
 * (permission `supervise`) on any seat of their tenant, as a supervisor in the service log.
 */
export function actorFor(principal: Principal | undefined, agentId: string): Actor {
  if (!principal) throw new ForbiddenError();
  if (principal.agentId === agentId) return { kind: 'agent' };
  if (principalHas(principal, 'supervise')) return { kind: 'supervisor', id: principal.id };
  throw new AcdError('not_own_seat', 'agents act on their own seat only');
}

export const agentIdParams = z.object({ id: z.string().min(1).max(64) }).strict();

export function iso(ms: number | undefined | null): string | null {
  return ms === undefined || ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
