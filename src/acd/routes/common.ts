/**
 * What the ACD routes share: finding the tenant's ACD, turning ACD refusals into HTTP errors
 * with their stable codes, and who may act on an agent's seat.
 */
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { principalHas } from '../../auth/role-access.js';
import { ForbiddenError, HttpError, ServiceUnavailableError } from '../../http/errors.js';
import type { AppServices } from '../../services.js';
import { isAcdError, type AcdErrorCode } from '../errors.js';
import type { TenantRuntime } from '../live/acd-service.js';
import { LiveAcdError } from '../live/errors.js';
import type { Actor } from '../ports.js';
import type { AcdService } from '../live/acd-service.js';

const STATUS: Record<AcdErrorCode, number> = {
  ACD_UNKNOWN_AGENT: 404,
  ACD_UNKNOWN_QUEUE: 404,
  ACD_UNKNOWN_CALL: 404,
  ACD_ILLEGAL_STATE: 409,
  ACD_DUPLICATE_CALL: 409,
  ACD_QUEUE_IN_USE: 409,
  ACD_NOT_MEMBER: 409,
  ACD_INVALID_CONFIG: 422,
};

const UNKNOWN: Partial<Record<AcdErrorCode, string>> = {
  ACD_UNKNOWN_AGENT: 'unknown agent',
  ACD_UNKNOWN_QUEUE: 'unknown queue or entry point',
  ACD_UNKNOWN_CALL: 'unknown call',
};

/** Runs an ACD action, answering its refusals as `{ error: { code: 'ACD_…', message } }`. */
export async function acdAction<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (err) {
    // An unknown id is not echoed back (it may be another tenant's): the code says what is unknown.
    if (isAcdError(err)) throw new HttpError(STATUS[err.code], err.code, UNKNOWN[err.code] ?? err.message);
    if (err instanceof LiveAcdError) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}

export function acdOf(services: AppServices): AcdService {
  if (!services.acd) throw new ServiceUnavailableError('the ACD is not running');
  return services.acd;
}

/** The tenant's ACD; 404 (as an unknown agent/queue would be) when it has none. */
export function runtimeOf(services: AppServices, tenantId: string, what: AcdErrorCode = 'ACD_UNKNOWN_AGENT'): TenantRuntime {
  const runtime = acdOf(services).tenant(tenantId);
  if (!runtime) throw new HttpError(STATUS[what], what, 'nothing is configured in the ACD of this tenant');
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
  throw new ForbiddenError('agents act on their own seat only', 'not_own_seat');
}

export const agentIdParams = z.object({ id: z.string().min(1).max(64) }).strict();

export function iso(ms: number | undefined | null): string | null {
  return ms === undefined || ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
