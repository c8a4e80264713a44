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
  // --- fax (issue 7): received and sent faxes, fax jobs (read); fax-on-demand documents, jobs (write) ---
  'fax:read',
  'fax:write',
  // --- end fax ---
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RECORD_READS: Permission[] = ['cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'transactions:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  platform_admin: PERMISSIONS,
  bank_admin: ['operators:read', 'operators:write', 'tokens:read', 'tokens:write', 'audit:read', ...RECORD_READS, 'events:read',
    // --- fax (issue 7) ---
    'fax:read', 'fax:write',
    // --- end fax ---
  ],
  supervisor: ['operators:read', 'cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'events:read',
    // --- fax (issue 7): supervisors read the faxes customers send in (complaints, signed forms) ---
    'fax:read',
    // --- end fax ---
  ],
  agent: ['events:read'],
  auditor: ['audit:read', ...RECORD_READS],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles an operator of `role` may hand out (to operators or API tokens). */
export function assignableRoles(role: Role): readonly Role[] {
  if (role === 'platform_admin') return ROLES;
  if (role === 'bank_admin') return ['bank_admin', 'supervisor', 'agent', 'auditor'];
  return [];
}
