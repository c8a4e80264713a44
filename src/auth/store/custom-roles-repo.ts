/**
 * Tables: `custom_roles`.
 * Written by: auth only (role routes); read per request to resolve a custom role's access.
 */
import type { Knex } from 'knex';
import { fromDbTimeRequired, nowDb } from '../../store/time.js';

/** A tenant's own role as stored; permissions are names checked by the auth layer. */
export interface CustomRole {
  id: string;
  tenantId: string;
  key: string;
  name: string;
  description: string;
  permissions: string[];
  eventScope: 'tenant' | 'own_agent';
  recordingScope: 'tenant' | 'own_teams';
  createdAt: string;
  updatedAt: string;
}

export type CustomRoleInput = Omit<CustomRole, 'createdAt' | 'updatedAt'>;
export type CustomRolePatch = Partial<Pick<CustomRole, 'name' | 'description' | 'permissions' | 'eventScope' | 'recordingScope'>>;

interface Row {
  id: string;
  tenant_id: string;
  role_key: string;
  name: string;
  description: string;
  permissions: string;
  event_scope: string;
  recording_scope: string;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: Row): CustomRole {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.role_key,
    name: row.name,
    description: row.description,
    permissions: JSON.parse(row.permissions) as string[],
    eventScope: row.event_scope === 'tenant' ? 'tenant' : 'own_agent',
    recordingScope: row.recording_scope === 'tenant' ? 'tenant' : 'own_teams',
    createdAt: fromDbTimeRequired(row.created_at),
    updatedAt: fromDbTimeRequired(row.updated_at),
  };
}

export const customRolesRepo = {
  async get(db: Knex, tenantId: string, key: string): Promise<CustomRole | undefined> {
    const row = (await db('custom_roles').where({ tenant_id: tenantId, role_key: key }).first()) as Row | undefined;
    return row ? fromRow(row) : undefined;
  },
  async count(db: Knex, tenantId: string): Promise<number> {
    const row = (await db('custom_roles').where({ tenant_id: tenantId }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  },
  async all(db: Knex, tenantId: string): Promise<CustomRole[]> {
    const rows = (await db('custom_roles').where({ tenant_id: tenantId }).orderBy('role_key')) as Row[];
    return rows.map(fromRow);
  },
  async insert(db: Knex, role: CustomRoleInput): Promise<CustomRole> {
    const now = nowDb();
    await db('custom_roles').insert({
      id: role.id,
      tenant_id: role.tenantId,
      role_key: role.key,
      name: role.name,
      description: role.description,
      permissions: JSON.stringify(role.permissions),
      event_scope: role.eventScope,
      recording_scope: role.recordingScope,
      created_at: now,
      updated_at: now,
    });
    return (await customRolesRepo.get(db, role.tenantId, role.key))!;
  },
  async update(db: Knex, tenantId: string, key: string, patch: CustomRolePatch): Promise<CustomRole | undefined> {
    const changes: Record<string, unknown> = { updated_at: nowDb() };
    if (patch.name !== undefined) changes['name'] = patch.name;
    if (patch.description !== undefined) changes['description'] = patch.description;
    if (patch.permissions !== undefined) changes['permissions'] = JSON.stringify(patch.permissions);
    if (patch.eventScope !== undefined) changes['event_scope'] = patch.eventScope;
    if (patch.recordingScope !== undefined) changes['recording_scope'] = patch.recordingScope;
    await db('custom_roles').where({ tenant_id: tenantId, role_key: key }).update(changes);
    return customRolesRepo.get(db, tenantId, key);
  },
  async delete(db: Knex, tenantId: string, key: string): Promise<boolean> {
    return (await db('custom_roles').where({ tenant_id: tenantId, role_key: key }).delete()) > 0;
  },
  /** Operators and live API tokens that hold the role (a role in use cannot be deleted). */
  async holders(db: Knex, tenantId: string, key: string): Promise<number> {
    const ops = (await db('operators').where({ tenant_id: tenantId, role: key }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    const tokens = (await db('api_tokens').where({ tenant_id: tenantId, role: key }).whereNull('revoked_at').count({ n: '*' }).first()) as { n: number | string } | undefined;
    return Number(ops?.n ?? 0) + Number(tokens?.n ?? 0);
  },
};
