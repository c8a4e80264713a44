/**
 * The application: providers (query cache, antd theme and locale, session), then the router.
 * The screens and their router are in AppRouter.tsx.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { ConfigProvider, Skeleton } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../lib/query-client.js';
import { theme } from '../lib/theme.js';
import { SessionProvider, useSession } from '../lib/session.js';
import { kitLocale, type Language } from '../lib/i18n.js';

// The log-in page and the application behind it are separate chunks: the first page loads little.
const LoginPage = lazy(() => import('../features/auth/LoginPage.js'));
const AppRouter = lazy(() => import('./AppRouter.js'));
const ChangePasswordPage = lazy(() => import('../features/auth/ChangePasswordPage.js'));

function Gate() {
  const { me, loading } = useSession();
  if (loading) return <Skeleton active style={{ padding: 40 }} />;
  if (!me) return <LoginPage />;
  if (me.mustChangePassword) return <ChangePasswordPage />;
  return <AppRouter />;
}

function Localised({ children }: { children: ReactNode }) {
  // Re-rendered when the language changes; its kit strings are loaded before the change.
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={kitLocale(i18n.language as Language)} theme={theme} button={{ autoInsertSpace: false }}>
      {children}
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Localised>
        <SessionProvider>
          <Suspense fallback={<Skeleton active />}>
            <Gate />
          </Suspense>
        </SessionProvider>
      </Localised>
    </QueryClientProvider>
  );
}
