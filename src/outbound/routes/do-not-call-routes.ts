/**
 * The tenant's do-not-call list over HTTP: list (paged, q searches the number), add, remove.
 * Imports refuse the numbers on it and the dialler never dials them (see dial-guard.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../http/routes.js';
import { idParams, pageOf, pageQueryShape, tenantQueryShape } from '../../http/schemas.js';
import { NotFoundError, platformErrors } from '../../http/errors.js';
import { OutboundError, outboundErrors } from '../outbound-errors.js';
import { normalisePhone } from '../phone-number.js';
import { doNotCallRepo } from '../store/do-not-call-repo.js';
import { doNotCallSchema } from './outbound-schemas.js';

export const doNotCallRoutes: AnyRoute[] = [
  defineRoute({
    id: 'outboundDoNotCall.list',
    method: 'GET',
    path: '/outbound/do-not-call',
    resource: 'outboundDoNotCall',
    summary: 'The tenant\'s do-not-call list (paged, by number)',
    access: 'outbound:read',
    query: z.object({ ...pageQueryShape, ...tenantQueryShape, q: z.string().trim().max(32).optional() }).strict(),
    response: pageOf(doNotCallSchema),
    handler: async ({ db, query, scopeTenant }) => doNotCallRepo.list(db, scopeTenant(query.tenantId), query, query.q ? { search: query.q } : {}),
  }),
  defineRoute({
    id: 'outboundDoNotCall.create',
    method: 'POST',
    path: '/outbound/do-not-call',
    resource: 'outboundDoNotCall',
    summary: 'Put a number on the do-not-call list: no campaign of the tenant dials it from now on',
    access: 'outbound:write',
    body: z.object({ phone: z.string().max(40), note: z.string().trim().max(200).optional() }).strict(),
    response: doNotCallSchema,
    successStatus: 201,
    errors: [outboundErrors.outbound_bad_number, outboundErrors.outbound_dnc_exists],
    example: { body: { phone: '138 0013 8000', note: 'asked not to be called' } },
    handler: async ({ db, body, principal, scopeTenant, audit }) => {
      const tenantId = scopeTenant();
      const phone = normalisePhone(body.phone);
      if (phone === null) throw new OutboundError('outbound_bad_number', 'not a phone number: 3 to 20 digits, an optional leading "+"');
      if (await doNotCallRepo.findByPhone(db, tenantId, phone)) throw new OutboundError('outbound_dnc_exists', `${phone} is on the do-not-call list already`);
      const entry = await doNotCallRepo.insert(db, { id: randomUUID(), tenantId, phone, note: body.note ?? null, createdBy: principal?.name ?? null });
      await audit({ targetType: 'outboundDoNotCall', targetId: entry.id, after: entry });
      return entry;
    },
  }),
  defineRoute({
    id: 'outboundDoNotCall.delete',
    method: 'DELETE',
    path: '/outbound/do-not-call/:id',
    resource: 'outboundDoNotCall',
    summary: 'Take a number off the do-not-call list',
    access: 'outbound:write',
    params: idParams,
    response: null,
    successStatus: 204,
    errors: [platformErrors.not_found],
    handler: async ({ db, params, scopeTenant, audit }) => {
      const tenantId = scopeTenant();
      const before = await doNotCallRepo.get(db, tenantId, params.id);
      if (!before || !(await doNotCallRepo.remove(db, tenantId, params.id))) throw new NotFoundError('do-not-call entry');
      await audit({ targetType: 'outboundDoNotCall', targetId: params.id, before });
    },
  }),
];
