import { Link } from 'react-router';
import { ErrorAlert, Loading, PageHeader, When } from '../../../components/ui';
import { useActiveSwitches, useActivity, useLiveSessions, useProcessHealth, type Activity } from '../api/dashboard';
import { BarChart, LineChart } from './Charts';

function time(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function DashboardPage() {
  const activity = useActivity();
  const sessions = useLiveSessions();
  const switches = useActiveSwitches();
  return (
    <>
      <PageHeader title="Dashboard" />
      <div className="stats">
        <p className="stat">
          <span className="stat-value">{sessions.data?.length ?? '…'}</span> live client sessions{' '}
          <Link to="/sessions">Sessions</Link>
        </p>
        <p className="stat">
          <span className="stat-value">{switches.data?.length ?? '…'}</span> active kill switches{' '}
          <Link to="/kill-switches">Kill switches</Link>
        </p>
        <p className="stat">
          <span className="stat-value">{activity.data ? activity.data.per_minute.reduce((n, m) => n + m.calls, 0) : '…'}</span>{' '}
          calls in the last hour
        </p>
      </div>
      <ErrorAlert error={sessions.error ?? switches.error} />
      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading">The last hour</h2>
        {activity.isPending && <Loading what="activity" />}
        <ErrorAlert error={activity.error} />
        {activity.data && <ActivityCharts activity={activity.data} />}
      </section>
      <section aria-labelledby="switches-heading">
        <h2 id="switches-heading">Active kill switches</h2>
        {switches.data && switches.data.length === 0 && <p className="muted">None: every request goes through.</p>}
        {switches.data && switches.data.length > 0 && (
          <ul>
            {switches.data.map((s) => (
              <li key={s.id}>
                <strong>{s.scope === 'global' ? 'everything' : `${s.scope} ${s.target ?? ''}`}</strong>: {s.reason} (since{' '}
                <When at={s.created_at} />)
              </li>
            ))}
          </ul>
        )}
      </section>
      <ProcessHealth />
    </>
  );
}

function ActivityCharts({ activity }: { activity: Activity }) {
  const start = activity.per_minute[0]?.minute ?? activity.from;
  return (
    <div className="charts">
      <LineChart
        title="Calls per minute"
        startLabel={time(start)}
        endLabel={time(activity.to)}
        series={[
          { label: 'Calls', className: 'chart-calls', values: activity.per_minute.map((m) => m.calls) },
          { label: 'Refused', className: 'chart-refused', values: activity.per_minute.map((m) => m.refused) },
        ]}
      />
      <BarChart title="Refusals by reason" bars={activity.refusals_by_reason.map((r) => ({ label: r.reason, value: r.count }))} />
    </div>
  );
}

function ProcessHealth() {
  const { servers, rows } = useProcessHealth();
  return (
    <section aria-labelledby="processes-heading">
      <h2 id="processes-heading">Downstream processes</h2>
      {servers.isPending && <Loading what="servers" />}
      <ErrorAlert error={servers.error} />
      {servers.data && rows.length === 0 && <p className="muted">No published stdio server.</p>}
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Processes of each published stdio server</caption>
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">Running</th>
              <th scope="col">Exited</th>
              <th scope="col">Last stderr line</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const alive = row.instances?.filter((i) => i.alive).length;
              const dead = row.instances?.filter((i) => !i.alive).length;
              const last = row.instances?.flatMap((i) => i.stderr).at(-1);
              return (
                <tr key={row.slug}>
                  <td>
                    <Link to={`/servers/${encodeURIComponent(row.slug)}`}>{row.slug}</Link>
                  </td>
                  <td>{alive ?? '…'}</td>
                  <td>{dead ?? '…'}</td>
                  <td className="audit-subject">{row.error ? 'unavailable' : (last ?? <span className="muted">—</span>)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
