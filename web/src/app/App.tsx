/**
 * The application: providers (query cache, antd theme and locale, session), then the router.
 * Screens come from screens.tsx; a typed-in URL the operator may not use gets the 403 page.
 */
import { Component, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Skeleton } from 'antd';
import zhCN from 'antd/es/locale/zh_CN.js';
import enUS from 'antd/es/locale/en_US.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryClient } from '../lib/query-client.js';
import { theme } from '../lib/theme.js';
import { SessionProvider, useSession } from '../lib/session.js';
import { StatusPage } from '../components/StatusPage.js';
import LoginPage from '../features/auth/LoginPage.js';
import { Shell } from './Shell.js';
import { SCREENS, type Screen } from './screens.js';

function Guarded({ screen }: { screen: Screen }) {
  const { can } = useSession();
  if (screen.permission !== null && !can(screen.permission)) return <StatusPage status={403} />;
  const Page = screen.page;
  return <Page />;
}

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    return this.state.error ? <StatusPage status={500} detail={this.state.error.message} /> : this.props.children;
  }
}

const router = createBrowserRouter([
  {
    element: <Shell />,
    errorElement: <StatusPage status={500} />,
    children: [
      ...SCREENS.map((screen) => ({ path: screen.path, element: <ErrorBoundary><Guarded screen={screen} /></ErrorBoundary> })),
      { path: '*', element: <StatusPage status={404} /> },
    ],
  },
]);

function Gate() {
  const { me, loading } = useSession();
  if (loading) return <Skeleton active style={{ padding: 40 }} />;
  if (!me) return <LoginPage />;
  return <RouterProvider router={router} />;
}

function Localised({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  dayjs.locale(zh ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={zh ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
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
