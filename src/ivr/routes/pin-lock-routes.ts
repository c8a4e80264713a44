/**
 * Cards and accounts locked for telephone service after wrong PINs, and lifting locks (an
 * audited administrator action: the customer has proved who they are at a counter), chosen
 * from the list or by the card/account number the customer shows.
 */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { isoTime, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { pinLocksRepo, type PinLockRecord } from '../store/pin-locks-repo.js';

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
    path: '/ivr/pin-locks/unlock',
    resource: 'ivrPinLocks',
    summary: 'Lift telephone-service locks (and clear the wrong-PIN counts): by lock id, or by the number the customer shows at the counter',
    description: 'Answers the locks lifted (none when nothing matched). The number is hashed as the IVR does; it is never stored.',
    access: 'pinlock:write',
    query: z.object({ ...tenantQueryShape }).strict(),
    body: z
      .object({
        ids: z.array(z.uuid()).min(1).max(100).optional().describe('locks from the list'),
        kind: z.enum(['card', 'passbook', 'corporate', 'signed']).optional(),
        number: z.string().regex(/^\d{5,32}$/).optional().describe('the card/account number the customer shows'),
      })
      .strict()
      .refine((b) => (b.ids !== undefined) !== (b.kind !== undefined && b.number !== undefined) && (b.kind === undefined) === (b.number === undefined), {
        message: 'give ids, or kind and number',
      }),
    response: z.object({ unlocked: z.array(pinLockSchema) }).strict(),
    example: { body: { kind: 'card', number: '6222020000000009' } },
    handler: async ({ db, body, query, scopeTenant, principal, services, audit }) => {
      const tenantId = scopeTenant(query.tenantId);
      let ids: string[];
      if (body.ids) ids = body.ids;
      else {
        const found = services.ivr && body.kind && body.number ? await services.ivr.pinLocks.find(tenantId, body.kind, body.number, db) : undefined;
        ids = found ? [found.id] : [];
      }
      const unlocked: PinLockRecord[] = [];
      const before: PinLockRecord[] = [];
      for (const id of ids) {
        const lock = await pinLocksRepo.get(db, tenantId, id);
        if (!lock) continue;
        before.push(lock);
        unlocked.push((await pinLocksRepo.unlock(db, tenantId, id, principal?.name ?? null))!);
      }
      const summary = (l: PinLockRecord) => ({ subject: l.subjectMasked, kind: l.subjectKind, failedCount: l.failedCount, lockedAt: l.lockedAt });
      await audit({
        targetType: 'ivrPinLock',
        targetId: unlocked.length === 1 ? unlocked[0]!.id : null,
        tenantId,
        before: before.map(summary),
        after: unlocked.map(summary),
      });
      return { unlocked };
    },
  }),
];
