/**
 * The router of the logged-in application: the shell around every screen of screens.tsx; a
 * typed-in URL the operator may not use gets the 403 page, an unknown one the 404 page.
 */
import { Component, type ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { useSession } from '../lib/session.js';
import { StatusPage } from '../components/StatusPage.js';
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

// antd's App (message, modal, notification) is only needed once logged in: kept out of the first load.
export default function AppRouter() {
  return (
    <AntApp>
      <RouterProvider router={router} />
    </AntApp>
  );
}
