import { Link } from 'react-router';
import { PageHeader } from '../components/ui';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Link to="/">Go to your start page</Link>
    </>
  );
}
