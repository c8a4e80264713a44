/**
 * Cards and accounts locked for telephone service after wrong PINs, and lifting a lock (an
 * audited administrator action: the customer has proved who they are at a counter).
 */
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { pinLocksRepo } from '../store/pin-locks-repo.js';

const pinLockSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    subjectKind: z.enum(['card', 'passbook', 'corporate', 'signed']),
    subjectMasked: z.string().describe('6222 **** **** 0003: the number itself is never stored'),
    failedCount: z.number().int(),
    lastFailedAt: isoTime.nullable(),
    lockedAt: isoTime.nullable(),
    lockSource: z.enum(['ivr', 'core']).nullable(),
    unlockedAt: isoTime.nullable(),
    unlockedBy: z.string().nullable(),
    updatedAt: isoTime,
  })
  .strict();

export const pinLockRoutes: AnyRoute[] = [
  defineRoute({
    id: 'ivrPinLocks.list',
    method: 'GET',
    path: '/ivr/pin-locks',
    resource: 'ivrPinLocks',
    summary: 'Wrong-PIN counts and telephone-service locks, most recent first',
    access: 'ivr:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, locked: z.enum(['true', 'false']).optional() }).strict(),
    response: pageOf(pinLockSchema),
    handler: async ({ db, query, scopeTenant }) =>
      pinLocksRepo.list(db, scopeTenant(query.tenantId), query, query.locked === undefined ? {} : { locked: query.locked === 'true' }),
  }),
  defineRoute({
    id: 'ivrPinLocks.unlock',
    method: 'POST',
    path: '/ivr/pin-locks/:id/unlock',
    resource: 'ivrPinLocks',
    summary: 'Lift a telephone-service lock (and clear the wrong-PIN count)',
    access: 'pinlock:write',
    params: idParams,
    query: z.object({ ...tenantQueryShape }).strict(),
    response: pinLockSchema,
    handler: async ({ db, params, query, scopeTenant, principal, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      const before = await pinLocksRepo.get(db, tenantId, params.id);
      if (!before) throw new NotFoundError('PIN lock');
      const after = (await pinLocksRepo.unlock(db, tenantId, params.id, principal?.name ?? null))!;
      await audit({
        targetType: 'ivrPinLock',
        targetId: params.id,
        tenantId,
        before: { subject: before.subjectMasked, kind: before.subjectKind, failedCount: before.failedCount, lockedAt: before.lockedAt },
        after: { subject: after.subjectMasked, kind: after.subjectKind, failedCount: after.failedCount, lockedAt: after.lockedAt },
      });
      return after;
    },
  }),
];
