/**
 * The rows of the permission matrix: permissions grouped by the part of the system they open,
 * in the order an administrator reads them. A permission the server knows but no group names
 * lands in "other", so a new permission is never hidden.
 */
import type { Permission } from '../../api/types.js';

export const PERMISSION_GROUPS: ReadonlyArray<{ group: string; permissions: readonly Permission[] }> = [
  { group: 'administration', permissions: ['tenants:read', 'tenants:write', 'operators:read', 'operators:write', 'tokens:read', 'tokens:write', 'roles:read', 'roles:write', 'audit:read'] },
  { group: 'records', permissions: ['cdr:read', 'trunklog:read', 'agentlog:read', 'allbusy:read', 'transactions:read', 'events:read'] },
  { group: 'acd', permissions: ['acd:read', 'acd:write', 'agent:self', 'supervise', 'recordings:read'] },
  { group: 'ivr', permissions: ['ivr:read', 'ivr:write', 'pinlock:write', 'voicemail:read', 'voicemail:write', 'prompts:read', 'prompts:write'] },
  { group: 'fax', permissions: ['fax:read', 'fax:write', 'fax:send'] },
  { group: 'telephony', permissions: ['dialplan:read', 'dialplan:write', 'trunks:read', 'trunks:write'] },
  { group: 'outbound', permissions: ['outbound:read', 'outbound:write'] },
];

export function groupPermissions(known: readonly Permission[]): Array<{ group: string; permissions: Permission[] }> {
  const grouped = PERMISSION_GROUPS.map(({ group, permissions }) => ({ group, permissions: permissions.filter((p) => known.includes(p)) }));
  const named = new Set<Permission>(PERMISSION_GROUPS.flatMap((g) => g.permissions));
  const other = known.filter((p) => !named.has(p));
  return [...grouped, ...(other.length ? [{ group: 'other', permissions: other }] : [])].filter((g) => g.permissions.length > 0);
}

/** i18n key of a permission's label (i18next reads ':' as a namespace separator). */
export const permissionKey = (p: string) => `permissions.${p.replace(':', '_')}`;
