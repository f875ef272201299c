import { Link, useParams } from 'react-router';
import { ErrorAlert, Loading, PageHeader, StatusBadge } from '../../../components/ui';
import { useDiscoverTools } from '../api/discoverTools';
import { useServers, type Server } from '../api/listServers';
import { useInstances } from '../api/serverSettings';
import { EditServerForm } from './EditServerForm';

export function ServerDetailPage() {
  const { slug = '' } = useParams();
  const servers = useServers();
  const discover = useDiscoverTools();
  const server = servers.data?.find((s) => s.slug === slug);

  if (servers.isPending) return <Loading what="server" />;
  if (!server) {
    return (
      <>
        <PageHeader title="Server not found" />
        <ErrorAlert error={servers.error} />
        <Link to="/servers">Back to the catalog</Link>
      </>
    );
  }
  return (
    <>
      <PageHeader title={server.display_name || server.slug}>
        <StatusBadge value={server.status} />
      </PageHeader>
      <p>
        <Link to="/servers">All servers</Link>
      </p>
      <dl className="facts">
        <dt>Slug</dt>
        <dd>
          <code>{server.slug}</code>
        </dd>
        <dt>Transport</dt>
        <dd>{server.transport}</dd>
        {server.transport === 'stdio' ? (
          <>
            <dt>Command</dt>
            <dd>
              <code>{(server.command ?? []).join(' ')}</code>
            </dd>
            <dt>Environment</dt>
            <dd>{(server.env_names ?? []).join(', ') || '—'}</dd>
            <dt>Isolation</dt>
            <dd>{server.isolation}</dd>
            <dt>Sandbox</dt>
            <dd>{sandboxText(server)}</dd>
          </>
        ) : (
          <>
            <dt>URL</dt>
            <dd>
              <code>{server.url}</code>
            </dd>
            <dt>Headers</dt>
            <dd>{(server.header_names ?? []).join(', ') || '—'}</dd>
          </>
        )}
        <dt>Call timeout</dt>
        <dd>{server.call_timeout_seconds ? `${server.call_timeout_seconds} s` : 'default'}</dd>
        {server.transport === 'http' && (
          <>
            <dt>Protocol</dt>
            <dd>{server.protocol ?? 'auto'}</dd>
          </>
        )}
        <dt>Name mapping</dt>
        <dd>{server.name_mapping ?? 'always'}</dd>
        <dt>Credentials users supply</dt>
        <dd>
          {(server.credentials ?? []).length === 0
            ? 'none'
            : (server.credentials ?? [])
                .map((c) => `${c.name} → ${c.env_var ?? c.header ?? '?'}${c.required ? '' : ' (optional)'}`)
                .join(', ')}
        </dd>
      </dl>
      <EditServerForm server={server} />
      {server.transport === 'stdio' && <Instances slug={server.slug} />}
      <section aria-labelledby="tools">
        <h2 id="tools">Tools</h2>
        <button type="button" className="primary" onClick={() => discover.mutate(server.slug)} disabled={discover.isPending}>
          {discover.isPending ? 'Asking the server…' : 'Discover tools'}
        </button>
        <ErrorAlert error={discover.error} />
        {discover.data && (
          <table>
            <caption className="visually-hidden">Tools offered by {server.slug}</caption>
            <thead>
              <tr>
                <th scope="col">Tool</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {discover.data.tools.map((tool) => (
                <tr key={tool.name}>
                  <td>
                    <code>{tool.name}</code>
                    {tool.title && <div>{tool.title}</div>}
                  </td>
                  {/* Downstream text is untrusted: rendered as text, never as HTML. */}
                  <td className="tool-description">{tool.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function sandboxText(server: Server): string {
  const sandbox = server.sandbox;
  const parts = [sandbox?.network === false ? 'no network' : 'network allowed'];
  if (sandbox?.memory_mb) parts.push(`${sandbox.memory_mb} MiB memory`);
  if (sandbox?.processes) parts.push(`${sandbox.processes} processes`);
  if (sandbox?.open_files) parts.push(`${sandbox.open_files} open files`);
  return `${parts.join(', ')}; other limits are the operator's defaults`;
}

/** The server's processes now, with the tail of their stderr as the server redacted it; shown as text. */
function Instances({ slug }: { slug: string }) {
  const instances = useInstances(slug, true);
  return (
    <section aria-labelledby="instances">
      <h2 id="instances">Running instances</h2>
      {instances.isPending && <Loading what="instances" />}
      <ErrorAlert error={instances.error} />
      {instances.data && instances.data.length === 0 && <p className="muted">No process is running; the next call starts one.</p>}
      {instances.data?.map((instance) => (
        <details key={instance.pid} className="card">
          <summary>
            Process {instance.pid} {instance.user_id ? `for user ${instance.user_id}` : '(shared)'} <StatusBadge value={instance.alive ? 'active' : 'exited'} />
          </summary>
          {instance.stderr.length === 0 ? (
            <p className="muted">Nothing on stderr.</p>
          ) : (
            <pre className="record">
              {instance.stderr.join('\n')}
            </pre>
          )}
        </details>
      ))}
    </section>
  );
}
