/**
 * Tenants (banks, business units): platform administrators only.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../http/routes.js';
import { idParams, isoTime, pageOf, pageQueryShape } from '../http/schemas.js';
import { tenantsRepo } from './store/tenants-repo.js';
import { ConflictError, NotFoundError } from '../http/errors.js';
import { PLATFORM_TENANT_ID } from './platform.js';
import { platformErrors } from '../http/errors.js';

export const tenantSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['platform', 'bank']),
    status: z.enum(['active', 'disabled']),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .strict();

const createBody = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'lower-case letters, digits, _ and -, 2 to 64 characters'),
    name: z.string().trim().min(1).max(200),
  })
  .strict();

const updateBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict();

export const tenantRoutes: AnyRoute[] = [
  defineRoute({
    id: 'tenants.list',
    method: 'GET',
    path: '/tenants',
    resource: 'tenants',
    summary: 'List tenants',
    access: 'tenants:read',
    query: z.object(pageQueryShape).strict(),
    response: pageOf(tenantSchema),
    handler: async ({ db, query }) => tenantsRepo.list(db, query),
  }),
  defineRoute({
    id: 'tenants.create',
    method: 'POST',
    path: '/tenants',
    resource: 'tenants',
    summary: 'Create a tenant',
    access: 'tenants:write',
    body: createBody,
    example: { body: { code: 'example-bank', name: 'Example Bank' } },
    response: tenantSchema,
    successStatus: 201,
    handler: async ({ db, body, audit }) => {
      const tenant = await tenantsRepo.insert(db, { id: randomUUID(), code: body.code, name: body.name, kind: 'bank', status: 'active' });
      await audit({ targetId: tenant.id, after: tenant });
      return tenant;
    },
  }),
  defineRoute({
    id: 'tenants.get',
    method: 'GET',
    path: '/tenants/:id',
    resource: 'tenants',
    summary: 'One tenant',
    access: 'tenants:read',
    errors: [platformErrors.not_found],
    params: idParams,
    response: tenantSchema,
    handler: async ({ db, params }) => {
      const tenant = await tenantsRepo.get(db, params.id);
      if (!tenant) throw new NotFoundError('tenant');
      return tenant;
    },
  }),
  defineRoute({
    id: 'tenants.update',
    method: 'PATCH',
    path: '/tenants/:id',
    resource: 'tenants',
    summary: 'Rename, disable or enable a tenant',
    access: 'tenants:write',
    errors: [platformErrors.not_found],
    params: idParams,
    body: updateBody,
    example: { body: { name: 'Example Bank (renamed)' } },
    response: tenantSchema,
    handler: async ({ db, params, body, audit }) => {
      const before = await tenantsRepo.get(db, params.id);
      if (!before) throw new NotFoundError('tenant');
      if (before.id === PLATFORM_TENANT_ID && body.status === 'disabled') throw new ConflictError('the platform tenant cannot be disabled');
      const after = (await tenantsRepo.update(db, params.id, body))!;
      await audit({ targetId: after.id, before, after });
      return after;
    },
  }),
  defineRoute({
    id: 'tenants.delete',
    method: 'DELETE',
    path: '/tenants/:id',
    resource: 'tenants',
    summary: 'Delete a tenant that holds no data (disable it otherwise)',
    access: 'tenants:write',
    errors: [platformErrors.not_found],
    params: idParams,
    response: null,
    handler: async ({ db, params, audit }) => {
      const before = await tenantsRepo.get(db, params.id);
      if (!before) throw new NotFoundError('tenant');
      if (before.id === PLATFORM_TENANT_ID) throw new ConflictError('the platform tenant cannot be deleted');
      await tenantsRepo.delete(db, params.id);
      await audit({ targetId: before.id, before });
    },
  }),
];
