/**
 * Who is logged in (GET /auth/me), the tenant a platform administrator is looking into, and what
 * happens when the session ends (back to log-in with a reason).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, onSessionExpired, setCsrfToken, unwrap, ApiError } from '../api/client.js';
import type { Me, Permission } from '../api/types.js';
import { restoreOperatorLanguage } from './i18n.js';

export type LogoutReason = 'expired' | 'logged_out' | null;

interface SessionValue {
  me: Me | null;
  loading: boolean;
  /** Why the last session ended, for the log-in page. */
  reason: LogoutReason;
  can(permission: Permission): boolean;
  /** The tenant lists look into: the operator's own, or the one a platform administrator picked. */
  tenantId: string | undefined;
  setTenantId(id: string | undefined): void;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<LogoutReason>(null);
  const [tenantId, setTenantId] = useState<string | undefined>(undefined);
  const meQuery = useQuery({
    queryKey: ['auth', 'me'],
    queryFn: async () => {
      try {
        return unwrap(await api.GET('/api/v1/auth/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
  const me = meQuery.data ?? null;

  useEffect(() => {
    setCsrfToken(me?.csrfToken ?? null);
    if (me) restoreOperatorLanguage(me.name);
  }, [me]);

  useEffect(() => {
    onSessionExpired(() => {
      setReason('expired');
      setCsrfToken(null);
      queryClient.setQueryData(['auth', 'me'], null);
    });
    return () => onSessionExpired(null);
  }, [queryClient]);

  const refresh = useCallback(async () => {
    setReason(null);
    setTenantId(undefined);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    await queryClient.invalidateQueries({ queryKey: ['auth', 'me'] });
  }, [queryClient]);

  const logout = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    setCsrfToken(null);
    setReason('logged_out');
    queryClient.clear();
    queryClient.setQueryData(['auth', 'me'], null);
  }, [queryClient]);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      loading: meQuery.isPending,
      reason,
      can: (permission) => me?.permissions.includes(permission) ?? false,
      tenantId: me?.role === 'platform_admin' ? tenantId : undefined,
      setTenantId,
      refresh,
      logout,
    }),
    [me, meQuery.isPending, reason, tenantId, refresh, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
