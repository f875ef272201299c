import { Navigate } from 'react-router';
import { useMe } from '../features/auth/api/getMe';
import { homeFor } from './roles';

export function Home() {
  const me = useMe();
  return <Navigate to={homeFor(me.data?.user.roles ?? [])} replace />;
}
