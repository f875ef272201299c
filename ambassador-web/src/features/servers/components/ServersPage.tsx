import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, Field, Loading, PageHeader, Select, StatusBadge } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import { serverFormSchema, useCreateServer, type ServerForm } from '../api/createServer';
import { useServers } from '../api/listServers';
import { nameMappingOptions, protocolOptions } from '../api/serverSettings';
import { useUpdateServerStatus } from '../api/updateServerStatus';

export function ServersPage() {
  const servers = useServers();
  const status = useUpdateServerStatus();
  return (
    <>
      <PageHeader title="Catalog servers" />
      <section aria-labelledby="server-list">
        <h2 id="server-list">Servers</h2>
        {servers.isPending && <Loading what="servers" />}
        <ErrorAlert error={servers.error ?? status.error} />
        {servers.data && servers.data.length === 0 && <p className="muted">The catalog is empty.</p>}
        {servers.data && servers.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Slug</th>
                <th scope="col">Transport</th>
                <th scope="col">Runs</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {servers.data.map((server) => (
                <tr key={server.id}>
                  <td>
                    <Link to={`/servers/${encodeURIComponent(server.slug)}`}>{server.slug}</Link>
                    {server.display_name && <div className="muted">{server.display_name}</div>}
                  </td>
                  <td>{server.transport}</td>
                  <td>
                    <code>{server.transport === 'stdio' ? (server.command ?? []).join(' ') : server.url}</code>
                  </td>
                  <td>
                    <StatusBadge value={server.status} />
                  </td>
                  <td className="actions">
                    {server.status !== 'published' && (
                      <button type="button" onClick={() => status.mutate({ slug: server.slug, status: 'published' })}>
                        Publish {server.slug}
                      </button>
                    )}
                    {server.status !== 'archived' && (
                      <button type="button" onClick={() => status.mutate({ slug: server.slug, status: 'archived' })}>
                        Archive {server.slug}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateServerForm />
    </>
  );
}

const EMPTY: ServerForm = {
  slug: '',
  display_name: '',
  transport: 'stdio',
  command: '',
  env: '',
  url: '',
  headers: '',
  isolation: 'shared',
  status: 'draft',
  call_timeout_seconds: '',
  credentials: '',
  network: true,
  memory_mb: '',
  processes: '',
  open_files: '',
  protocol: 'auto',
  name_mapping: 'always',
};

function CreateServerForm() {
  const [form, setForm] = useState<ServerForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const create = useCreateServer();
  const set = (name: Exclude<keyof ServerForm, 'network'>) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(serverFormSchema, form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.value, {
      onSuccess: (server) => {
        setCreated(server.slug);
        setForm(EMPTY);
      },
      onError: (error) => {
        if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      },
    });
  }

  return (
    <section aria-labelledby="add-server">
      <h2 id="add-server">Add a server</h2>
      <form onSubmit={submit} noValidate aria-label="Add a server" className="narrow">
        <Field label="Slug" name="slug" value={form.slug} onChange={set('slug')} error={errors.slug} hint="Tools appear as <slug>__<tool>." required />
        <Field label="Display name" name="display_name" value={form.display_name} onChange={set('display_name')} error={errors.display_name} />
        <Select
          label="Transport"
          name="transport"
          value={form.transport}
          onChange={set('transport')}
          options={[
            { value: 'stdio', label: 'stdio: a process the ambassador runs' },
            { value: 'http', label: 'HTTP: a remote Streamable HTTP server' },
          ]}
        />
        {form.transport === 'stdio' ? (
          <>
            <Field
              label="Command"
              name="command"
              multiline
              value={form.command}
              onChange={set('command')}
              error={errors.command}
              hint="The program, then each argument, one per line. No shell is involved."
            />
            <Field label="Environment" name="env" multiline value={form.env} onChange={set('env')} error={errors.env} hint="NAME=value, one per line." />
            <Select
              label="Isolation"
              name="isolation"
              value={form.isolation}
              onChange={set('isolation')}
              options={[
                { value: 'shared', label: 'One process for everyone' },
                { value: 'per_user', label: 'One process per user' },
              ]}
            />
            <fieldset className="field">
              <legend>Sandbox</legend>
              <label className="check">
                <input type="checkbox" name="network" checked={form.network} onChange={(e) => setForm((f) => ({ ...f, network: e.target.checked }))} />
                Network access
              </label>
              <Field label="Memory limit (MiB)" name="memory_mb" value={form.memory_mb} onChange={set('memory_mb')} error={errors.memory_mb} hint="Empty for the operator's default." />
              <Field label="Process limit" name="processes" value={form.processes} onChange={set('processes')} error={errors.processes} hint="Processes and threads; empty for the default." />
              <Field label="Open files limit" name="open_files" value={form.open_files} onChange={set('open_files')} error={errors.open_files} hint="Empty for the default." />
            </fieldset>
          </>
        ) : (
          <>
            <Field label="URL" name="url" type="url" value={form.url} onChange={set('url')} error={errors.url} />
            <Field
              label="Headers"
              name="headers"
              multiline
              value={form.headers}
              onChange={set('headers')}
              error={errors.headers}
              hint="Name=value, one per line. Values are write-only: they are never shown again."
            />
          </>
        )}
        <Field
          label="Credentials users supply"
          name="credentials"
          multiline
          value={form.credentials}
          onChange={set('credentials')}
          error={errors.credentials}
          hint={`One a line: name | ${form.transport === 'stdio' ? 'ENV_VAR' : 'Header-Name'} | required or optional | description. Users set the values on their own page.`}
        />
        <Select label="Protocol" name="protocol" value={form.protocol} onChange={set('protocol')} options={protocolOptions} error={errors.protocol} />
        <Field
          label="Call timeout (seconds)"
          name="call_timeout_seconds"
          value={form.call_timeout_seconds}
          onChange={set('call_timeout_seconds')}
          error={errors.call_timeout_seconds}
          hint="Empty for the server default."
        />
        <Select
          label="Name mapping"
          name="name_mapping"
          value={form.name_mapping}
          onChange={set('name_mapping')}
          options={nameMappingOptions}
          error={errors.name_mapping}
        />
        <Select
          label="Status"
          name="status"
          value={form.status}
          onChange={set('status')}
          options={[
            { value: 'draft', label: 'Draft: not offered to anyone yet' },
            { value: 'published', label: 'Published: offered to users with grants' },
          ]}
        />
        <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
        {created && (
          <p className="alert alert-success" role="status">
            Added {created}.
          </p>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          Add server
        </button>
      </form>
    </section>
  );
}
