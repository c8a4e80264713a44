import { useQuery } from '@tanstack/react-query';
import { useSession } from './session.js';

/** A query of the tenant being looked into (a platform administrator's pick, or the operator's own). */
export function useTenantQuery<T>(key: string, fetch: (query: { tenantId?: string }) => Promise<T>) {
  const { tenantId } = useSession();
  return useQuery({ queryKey: [key, tenantId], queryFn: () => fetch(tenantId ? { tenantId } : {}) });
}
