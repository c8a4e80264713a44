/**
 * The roles an operator or token may be given: the built-in ones and the tenant's custom ones
 * (the server lists both), with a label for any role key in the current language.
 */
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client.js';
import { useSession } from './session.js';
import { useTenantQuery } from './use-tenant-query.js';
import { ROLES } from '../api/types.js';

/** Built-in roles have a translated name; a custom role is shown by the name its tenant gave it. */
export function useRoleLabel(names?: ReadonlyMap<string, string>): (key: string) => string {
  const { t, i18n } = useTranslation();
  return (key) => (i18n.exists(`roles.${key}`) ? t(`roles.${key}`) : (names?.get(key) ?? key));
}

export function useRoleOptions(): { options: Array<{ value: string; label: string }>; label(key: string): string; loading: boolean } {
  const { can } = useSession();
  // Without roles:read only the built-in roles are offered (the server still checks the choice).
  const query = useTenantQuery('roles-all', async (q) => (can('roles:read') ? unwrap(await api.GET('/api/v1/roles', { params: { query: { ...q, limit: 500, sort: 'name' } } })).items : []));
  const names = new Map((query.data ?? []).map((r) => [r.key, r.name]));
  const label = useRoleLabel(names);
  const custom = (query.data ?? []).filter((r) => !r.builtIn).map((r) => r.key);
  return { options: [...ROLES, ...custom].map((key) => ({ value: key, label: label(key) })), label, loading: query.isPending };
}
