/**
 * Roles and the permissions table: which role may do what. Routes declare one permission; the
 * route helper checks it; a test walks every route against every role.
 */

export const ROLES = ['platform_admin', 'bank_admin', 'supervisor', 'agent', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'tenants:read',
  'tenants:write',
  'operators:read',
  'operators:write',
  'tokens:read',
  'tokens:write',
  'audit:read',
  'cdr:read',
  'trunklog:read',
  'agentlog:read',
  'allbusy:read',
  'transactions:read',
  'events:read',
  // ACD and recordings (h/acdint): configuration, agent desk, supervisor, recordings
  'acd:read',
  'acd:write',
  'agent:self',
  'supervise',
  'recordings:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RECORD_READS: Permission[] = ['cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'transactions:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  platform_admin: PERMISSIONS,
  bank_admin: ['operators:read', 'operators:write', 'tokens:read', 'tokens:write', 'audit:read', ...RECORD_READS, 'events:read'],
  supervisor: ['operators:read', 'cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'events:read'],
  agent: ['events:read'],
  auditor: ['audit:read', ...RECORD_READS],
};

// ACD and recordings (h/acdint): agents act at their own seat (agent:self); supervisors at any
// seat of their tenant, listen/whisper/barge/release (supervise) and hear their own teams'
// recordings; administrators also configure queues and agents (acd:write).
const ACD_ROLE_PERMISSIONS: Readonly<Record<Exclude<Role, 'platform_admin'>, readonly Permission[]>> = {
  bank_admin: ['acd:read', 'acd:write', 'agent:self', 'supervise', 'recordings:read'],
  supervisor: ['acd:read', 'agent:self', 'supervise', 'recordings:read'],
  agent: ['agent:self'],
  auditor: ['acd:read', 'recordings:read'],
};
for (const [role, extra] of Object.entries(ACD_ROLE_PERMISSIONS)) (ROLE_PERMISSIONS[role as Role] as Permission[]).push(...extra);

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles an operator of `role` may hand out (to operators or API tokens). */
export function assignableRoles(role: Role): readonly Role[] {
  if (role === 'platform_admin') return ROLES;
  if (role === 'bank_admin') return ['bank_admin', 'supervisor', 'agent', 'auditor'];
  return [];
}
