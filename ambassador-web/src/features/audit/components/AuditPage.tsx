import { ErrorAlert, Loading, PageHeader, When } from '../../../components/ui';
import { ApiError } from '../../../lib/http';
import { useAuditEvents } from '../api/listAuditEvents';

export function AuditPage() {
  const events = useAuditEvents();
  const unavailable = events.error instanceof ApiError && events.error.status === 404;
  return (
    <>
      <PageHeader title="Audit trail" />
      {events.isPending && <Loading what="audit events" />}
      {unavailable ? (
        <p className="alert alert-warning" role="note">
          This server does not keep an audit trail yet.
        </p>
      ) : (
        <ErrorAlert error={events.error} />
      )}
      {events.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Type</th>
              <th scope="col">User</th>
              <th scope="col">Server</th>
              <th scope="col">Tool</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {events.data.events.map((event) => (
              <tr key={event.id}>
                <td>
                  <When at={event.occurred_at} />
                </td>
                <td>{event.type}</td>
                <td>{event.user}</td>
                <td>{event.server}</td>
                <td>{event.tool}</td>
                <td>{event.decision}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
