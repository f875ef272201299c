import { ErrorAlert, Loading, PageHeader, When } from '../../../components/ui';
import { useRevokeSession, useSessions } from '../api/sessions';

export function SessionsPage() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <>
      <PageHeader title="Client sessions" />
      {sessions.isPending && <Loading what="sessions" />}
      <ErrorAlert error={sessions.error ?? revoke.error} />
      {sessions.data && sessions.data.length === 0 && <p className="muted">No MCP client is registered right now.</p>}
      {sessions.data && sessions.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">User</th>
              <th scope="col">Started</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => (
              <tr key={session.id}>
                <td>
                  {session.client_name}
                  {session.host_tool && <div className="muted">{session.host_tool}</div>}
                </td>
                <td>
                  <code>{session.user_id}</code>
                </td>
                <td>
                  <When at={session.created_at} />
                </td>
                <td>
                  <When at={session.expires_at} />
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => revoke.mutate(session.id)}>
                    Revoke {session.client_name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
