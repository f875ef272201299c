import { NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../features/auth/api/getMe';
import { useLogout } from '../features/auth/api/logout';
import { ChangePasswordPage } from '../features/auth/components/ChangePasswordPage';
import { ServerStatus } from '../features/status/components/ServerStatus';
import { ErrorAlert, Loading } from '../components/ui';
import { ThemeSelect } from '../components/ThemeSelect';
import { ApiError } from '../lib/http';
import { visibleNav } from './roles';

/**
 * The signed-in frame: skip link, menu by role, sign-out. Nobody signed in goes to the sign-in
 * page; the first administrator with the generated password sees only the form that replaces it.
 */
export function Shell() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  if (me.isPending) return <Loading what="your account" />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  }
  if (!me.data) return <ErrorAlert error={me.error} />;

  const { user, password_change_required: mustChange } = me.data;
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">MCP Ambassador</span>
        <div className="topbar-right">
          <ThemeSelect />
          <span className="muted">
            <span className="visually-hidden">Signed in as </span>
            {user.username}
          </span>
          <button type="button" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/sign-in', { replace: true }) })}>
            Sign out
          </button>
        </div>
      </header>
      <div className="body">
        {!mustChange && (
          <nav aria-label="Main" className="sidebar">
            <ul>
              {visibleNav(user.roles).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" className="content">
          {mustChange ? <ChangePasswordPage forced /> : <Outlet />}
        </main>
      </div>
      <footer className="footer">
        <ServerStatus />
      </footer>
    </div>
  );
}
