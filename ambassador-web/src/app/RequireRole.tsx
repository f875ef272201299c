import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../components/ui';
import { useMe } from '../features/auth/api/getMe';
import type { Role } from '../lib/schemas';

/** Shows the page only to the roles it is for; anyone else learns they may not, and nothing more. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (me.data && me.data.user.roles.some((role) => roles.includes(role))) {
    return <>{children}</>;
  }
  return (
    <>
      <PageHeader title="Not allowed" />
      <p>Your account may not open this page.</p>
      <Link to="/">Go to your start page</Link>
    </>
  );
}
