import { createBrowserRouter } from 'react-router';
import { AuditPage } from '../features/audit/components/AuditPage';
import { ChangePasswordPage } from '../features/auth/components/ChangePasswordPage';
import { SignInPage } from '../features/auth/components/SignInPage';
import { DashboardPage } from '../features/dashboard/components/DashboardPage';
import { GroupsPage } from '../features/groups/components/GroupsPage';
import { GrantsPage } from '../features/grants/components/GrantsPage';
import { MyCredentialsPage } from '../features/me/components/MyCredentialsPage';
import { MySessionsPage } from '../features/me/components/MySessionsPage';
import { MyToolsPage } from '../features/me/components/MyToolsPage';
import { KillSwitchesPage } from '../features/killswitches/components/KillSwitchesPage';
import { RateLimitsPage } from '../features/ratelimits/components/RateLimitsPage';
import { ServerDetailPage } from '../features/servers/components/ServerDetailPage';
import { ServersPage } from '../features/servers/components/ServersPage';
import { SessionsPage } from '../features/sessions/components/SessionsPage';
import { UserDetailPage } from '../features/users/components/UserDetailPage';
import { UsersPage } from '../features/users/components/UsersPage';
import { Home } from './Home';
import { NotFound } from './NotFound';
import { RequireRole } from './RequireRole';
import { Shell } from './Shell';

const admin = ['ADMIN'] as const;
const user = ['USER'] as const;

/** Thin routes: each maps a path to a feature's page behind the roles that may see it. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <Shell />,
    children: [
      { index: true, element: <Home /> },
      { path: 'dashboard', element: <RequireRole roles={admin}><DashboardPage /></RequireRole> },
      { path: 'users', element: <RequireRole roles={admin}><UsersPage /></RequireRole> },
      { path: 'users/:id', element: <RequireRole roles={admin}><UserDetailPage /></RequireRole> },
      { path: 'groups', element: <RequireRole roles={admin}><GroupsPage /></RequireRole> },
      { path: 'servers', element: <RequireRole roles={admin}><ServersPage /></RequireRole> },
      { path: 'servers/:slug', element: <RequireRole roles={admin}><ServerDetailPage /></RequireRole> },
      { path: 'grants', element: <RequireRole roles={admin}><GrantsPage /></RequireRole> },
      { path: 'rate-limits', element: <RequireRole roles={admin}><RateLimitsPage /></RequireRole> },
      { path: 'kill-switches', element: <RequireRole roles={admin}><KillSwitchesPage /></RequireRole> },
      { path: 'sessions', element: <RequireRole roles={admin}><SessionsPage /></RequireRole> },
      { path: 'audit', element: <RequireRole roles={['ADMIN', 'AUDITOR']}><AuditPage /></RequireRole> },
      { path: 'my/tools', element: <RequireRole roles={user}><MyToolsPage /></RequireRole> },
      { path: 'my/credentials', element: <RequireRole roles={user}><MyCredentialsPage /></RequireRole> },
      { path: 'my/sessions', element: <RequireRole roles={user}><MySessionsPage /></RequireRole> },
      { path: 'account', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
