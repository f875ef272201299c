import { ErrorAlert, Loading, PageHeader, When } from '../../../components/ui';
import { useEndMySession, useMySessions } from '../api/mySessions';

export function MySessionsPage() {
  const sessions = useMySessions();
  const end = useEndMySession();
  return (
    <>
      <PageHeader title="My sessions" />
      <p className="muted">The MCP clients registered with your keys. Ending one refuses its token from the next request on.</p>
      {sessions.isPending && <Loading what="your sessions" />}
      <ErrorAlert error={sessions.error ?? end.error} />
      {sessions.data && sessions.data.length === 0 && <p className="muted">None of your MCP clients is registered right now.</p>}
      {sessions.data && sessions.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Your client sessions</caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
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
                  <When at={session.created_at} />
                </td>
                <td>
                  <When at={session.expires_at} />
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => end.mutate(session.id)}>
                    End {session.client_name}
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
