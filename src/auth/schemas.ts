import { z } from 'zod';
import { isoTime } from '../http/schemas.js';
import { ROLES } from './permissions.js';
import type { Operator } from './store/operators-repo.js';
import type { ApiToken } from './store/api-tokens-repo.js';

/** A built-in role, or the key of one of the tenant's custom roles (lower_snake_case). */
export const roleKeySchema = z.string().regex(/^[a-z][a-z0-9_]{2,31}$/, '3 to 32 lower-case letters, digits or _, starting with a letter');
export const roleSchema = roleKeySchema.describe(`a built-in role (${ROLES.join(', ')}) or a custom role's key`);

/** An operator as the API shows it: never the password hash. */
export const operatorSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: roleSchema,
    agentId: z.string().nullable(),
    disabled: z.boolean(),
    locked: z.boolean(),
    lockedUntil: isoTime.nullable(),
    failedLogins: z.number().int(),
    passwordChangedAt: isoTime,
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .strict();
export type OperatorView = z.output<typeof operatorSchema>;

export function operatorView(o: Operator): OperatorView {
  const locked = o.lockedUntil !== null && Date.parse(o.lockedUntil) > Date.now();
  return {
    id: o.id,
    tenantId: o.tenantId,
    username: o.username,
    displayName: o.displayName,
    role: o.role,
    agentId: o.agentId,
    disabled: o.disabled,
    locked,
    lockedUntil: locked ? o.lockedUntil : null,
    failedLogins: o.failedLogins,
    passwordChangedAt: o.passwordChangedAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    name: z.string(),
    role: roleSchema,
    prefix: z.string().describe('first characters of the token, to recognise it'),
    createdBy: z.string().nullable(),
    createdAt: isoTime,
    expiresAt: isoTime.nullable(),
    revokedAt: isoTime.nullable(),
    lastUsedAt: isoTime.nullable(),
  })
  .strict();

export function apiTokenView(t: ApiToken): z.output<typeof apiTokenSchema> {
  return { ...t };
}

export const usernameSchema = z.string().regex(/^[A-Za-z0-9._@-]{3,64}$/, '3 to 64 letters, digits, or . _ @ -');
export const passwordInput = z.string().min(1).max(256);
