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
  // Fax: received and sent faxes, fax jobs (read); fax-on-demand documents, jobs (write);
  // sending a fax from the back office to any number (send).
  'fax:read',
  'fax:write',
  'fax:send',
  // IVR: flows and settings, PIN locks, voice messages.
  'ivr:read',
  'ivr:write',
  'pinlock:write',
  'voicemail:read',
  'voicemail:write',
  // ACD and recordings: configuration, agent desk, supervisor, recordings.
  'acd:read',
  'acd:write',
  'agent:self',
  'supervise',
  'recordings:read',
  // Roles as data: the tenant's custom roles (the built-in ones are read-only)
  'roles:read',
  'roles:write',
  // Voice prompts: installation-wide (every tenant's callers hear them), platform administrators only
  'prompts:read',
  'prompts:write',
  // The dial plan and the trunks: installation-wide (they serve every tenant), platform administrators only
  'dialplan:read',
  'dialplan:write',
  'trunks:read',
  'trunks:write',
  // Outbound campaigns: campaigns, their number lists, the do-not-call list
  'outbound:read',
  'outbound:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const RECORD_READS: Permission[] = ['cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'transactions:read'];
// IVR: admins edit flows/settings and lift PIN locks; staff who call back read messages.
const IVR_ADMIN: Permission[] = ['ivr:read', 'ivr:write', 'pinlock:write', 'voicemail:read', 'voicemail:write'];
const IVR_SUPERVISOR: Permission[] = ['ivr:read', 'voicemail:read', 'voicemail:write'];
const IVR_AGENT: Permission[] = ['voicemail:read', 'voicemail:write'];
const IVR_AUDITOR: Permission[] = ['ivr:read', 'voicemail:read'];

// Fax: admins manage fax-on-demand documents and jobs; supervisors read the faxes customers
// send in (complaints, signed forms). Both may send a document to a number (fax:send, apart
// from fax:write so that a supervisor can answer a customer without managing documents).
const FAX_ADMIN: Permission[] = ['fax:read', 'fax:write', 'fax:send'];
const FAX_SUPERVISOR: Permission[] = ['fax:read', 'fax:send'];

// ACD and recordings: agents act at their own seat (agent:self); supervisors at any seat of
// their tenant, listen/whisper/barge/release (supervise) and hear their own teams' recordings;
// administrators also configure queues and agents (acd:write).
const ACD_ADMIN: Permission[] = ['acd:read', 'acd:write', 'agent:self', 'supervise', 'recordings:read'];
const ACD_SUPERVISOR: Permission[] = ['acd:read', 'agent:self', 'supervise', 'recordings:read'];
const ACD_AGENT: Permission[] = ['agent:self'];
const ACD_AUDITOR: Permission[] = ['acd:read', 'recordings:read'];

// Outbound campaigns: administrators prepare and run them; supervisors and auditors follow them.
const OUTBOUND_ADMIN: Permission[] = ['outbound:read', 'outbound:write'];
const OUTBOUND_READER: Permission[] = ['outbound:read'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  platform_admin: PERMISSIONS,
  bank_admin: ['operators:read', 'operators:write', 'tokens:read', 'tokens:write', 'roles:read', 'roles:write', 'audit:read', ...RECORD_READS, 'events:read', ...IVR_ADMIN, ...FAX_ADMIN, ...ACD_ADMIN, ...OUTBOUND_ADMIN],
  supervisor: ['operators:read', 'roles:read', 'cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'events:read', ...IVR_SUPERVISOR, ...FAX_SUPERVISOR, ...ACD_SUPERVISOR, ...OUTBOUND_READER],
  agent: ['events:read', ...IVR_AGENT, ...ACD_AGENT],
  auditor: ['audit:read', ...RECORD_READS, ...IVR_AUDITOR, ...ACD_AUDITOR, ...OUTBOUND_READER],
};

/** A built-in role, or the key of a tenant's custom role (see role-access.ts). */
export type RoleName = Role | (string & {});

/** 'tenant': every event of the tenant; 'own_agent': its own agent's calls and state, queue summaries. */
export type EventScope = 'tenant' | 'own_agent';
/** 'tenant': every recording of the tenant; 'own_teams': the teams the operator supervises. */
export type RecordingScope = 'tenant' | 'own_teams';

/** What a role lets its holder do: permissions, and the scopes of the live view and of recordings. */
export interface RoleAccess {
  permissions: ReadonlySet<Permission>;
  eventScope: EventScope;
  recordingScope: RecordingScope;
}

export function isBuiltInRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles an operator of `role` may hand out (to operators or API tokens). */
export function assignableRoles(role: Role): readonly Role[] {
  if (role === 'platform_admin') return ROLES;
  if (role === 'bank_admin') return ['bank_admin', 'supervisor', 'agent', 'auditor'];
  return [];
}
