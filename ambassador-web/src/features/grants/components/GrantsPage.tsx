import { useState, type FormEvent } from 'react';
import { ErrorAlert, Field, Loading, PageHeader, Select } from '../../../components/ui';
import { lines, validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import { grantFormSchema, useCreateGrant, type GrantForm } from '../api/createGrant';
import { useDeleteGrant } from '../api/deleteGrant';
import { useGrantTargets, type GrantTargets } from '../api/listGrantTargets';
import { useGrants } from '../api/listGrants';
import { allowedTools, useServerToolNames } from '../api/previewTools';

function principalName(targets: GrantTargets | undefined, userId?: string | null, groupId?: string | null): string {
  if (userId) return `user ${targets?.users.find((u) => u.id === userId)?.username ?? userId}`;
  if (groupId) return `group ${targets?.groups.find((g) => g.id === groupId)?.name ?? groupId}`;
  return '—';
}

export function GrantsPage() {
  const grants = useGrants();
  const targets = useGrantTargets();
  const remove = useDeleteGrant();
  return (
    <>
      <PageHeader title="Grants" />
      <p className="muted">No grant, no access. Patterns match the server’s own tool names; deny wins over allow.</p>
      <section aria-labelledby="grant-list">
        <h2 id="grant-list">Current grants</h2>
        {grants.isPending && <Loading what="grants" />}
        <ErrorAlert error={grants.error ?? remove.error} />
        {grants.data && grants.data.length === 0 && <p className="muted">No grants yet: nobody can call any tool.</p>}
        {grants.data && grants.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Server</th>
                <th scope="col">Allow</th>
                <th scope="col">Deny</th>
                <th scope="col">Prompts and resources</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((grant) => (
                <tr key={grant.id}>
                  <td>{principalName(targets.data, grant.user_id, grant.group_id)}</td>
                  <td>{grant.server}</td>
                  <td>
                    <code>{grant.allow.join(' ')}</code>
                  </td>
                  <td>
                    <code>{grant.deny.join(' ') || '—'}</code>
                  </td>
                  <td>
                    <PatternSummary label="prompts" allow={grant.prompt_allow} deny={grant.prompt_deny} />
                    <PatternSummary label="resources" allow={grant.resource_allow} deny={grant.resource_deny} />
                  </td>
                  <td>
                    <button type="button" className="danger" onClick={() => remove.mutate(grant.id)}>
                      Delete grant on {grant.server}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateGrantForm targets={targets.data} />
    </>
  );
}

function PatternSummary({ label, allow, deny }: { label: string; allow?: string[] | null; deny?: string[] | null }) {
  if (!allow?.length && !deny?.length) return null;
  return (
    <div>
      {label}: <code>{(allow ?? []).join(' ') || '—'}</code>
      {deny?.length ? (
        <>
          {' '}
          except <code>{deny.join(' ')}</code>
        </>
      ) : null}
    </div>
  );
}

const EMPTY: GrantForm = {
  principal: '',
  server: '',
  allow: '*',
  deny: '',
  prompt_allow: '',
  prompt_deny: '',
  resource_allow: '',
  resource_deny: '',
};

function CreateGrantForm({ targets }: { targets: GrantTargets | undefined }) {
  const [form, setForm] = useState<GrantForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState(false);
  const create = useCreateGrant();
  const set = (name: keyof GrantForm) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(grantFormSchema, form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.value, {
      onSuccess: () => {
        setCreated(true);
        setForm(EMPTY);
      },
      onError: (error) => {
        if (error instanceof ApiError) {
          const fields = error.fieldErrors;
          setErrors({ ...fields, principal: fields.user_id ?? fields.group_id ?? '' });
        }
      },
    });
  }

  const principals = [
    { value: '', label: 'Choose…' },
    ...(targets?.users ?? []).map((u) => ({ value: `user:${u.id}`, label: `User ${u.username}` })),
    ...(targets?.groups ?? []).map((g) => ({ value: `group:${g.id}`, label: `Group ${g.name}` })),
  ];
  const servers = [{ value: '', label: 'Choose…' }, ...(targets?.servers ?? []).map((s) => ({ value: s.slug, label: `${s.slug} (${s.status})` }))];
  return (
    <section aria-labelledby="add-grant">
      <h2 id="add-grant">Add a grant</h2>
      <div className="two-columns">
        <form onSubmit={submit} noValidate aria-label="Add a grant">
          <Select label="Who" name="principal" value={form.principal} onChange={set('principal')} options={principals} error={errors.principal || undefined} />
          <Select label="Server" name="server" value={form.server} onChange={set('server')} options={servers} error={errors.server} />
          <Field label="Allow" name="allow" multiline value={form.allow} onChange={set('allow')} error={errors.allow} hint="Tool name patterns, one per line: * any run, ? one character." />
          <Field label="Deny" name="deny" multiline value={form.deny} onChange={set('deny')} error={errors.deny} hint="Patterns that win over allow." />
          <details>
            <summary>Prompts and resources</summary>
            <Field label="Allow prompts" name="prompt_allow" multiline value={form.prompt_allow} onChange={set('prompt_allow')} error={errors.prompt_allow} hint="Prompt name patterns, one per line." />
            <Field label="Deny prompts" name="prompt_deny" multiline value={form.prompt_deny} onChange={set('prompt_deny')} error={errors.prompt_deny} />
            <Field label="Allow resources" name="resource_allow" multiline value={form.resource_allow} onChange={set('resource_allow')} error={errors.resource_allow} hint="Resource URI patterns, one per line." />
            <Field label="Deny resources" name="resource_deny" multiline value={form.resource_deny} onChange={set('resource_deny')} error={errors.resource_deny} />
          </details>
          <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
          {created && (
            <p className="alert alert-success" role="status">
              Grant added.
            </p>
          )}
          <button type="submit" className="primary" disabled={create.isPending}>
            Add grant
          </button>
        </form>
        <Preview server={form.server} allow={form.allow} deny={form.deny} />
      </div>
    </section>
  );
}

/** What the patterns being typed would let through on the chosen server, recomputed as they change. */
function Preview({ server, allow, deny }: { server: string; allow: string; deny: string }) {
  const tools = useServerToolNames(server);
  if (!server) {
    return (
      <section aria-labelledby="preview" className="preview">
        <h3 id="preview">Preview</h3>
        <p className="muted">Choose a server to see which of its tools this grant allows.</p>
      </section>
    );
  }
  const allowed = tools.data ? allowedTools(tools.data, lines(allow), lines(deny)) : [];
  return (
    <section aria-labelledby="preview" className="preview" aria-live="polite">
      <h3 id="preview">Preview</h3>
      {tools.isPending && <Loading what={`tools of ${server}`} />}
      <ErrorAlert error={tools.error} />
      {tools.data && (
        <>
          <p>
            {allowed.length} of {tools.data.length} tools allowed on {server}.
          </p>
          <ul className="tool-list" aria-label="Tools this grant allows">
            {tools.data.map((tool) => (
              <li key={tool} className={allowed.includes(tool) ? 'allowed' : 'denied'}>
                <span className="visually-hidden">{allowed.includes(tool) ? 'allowed: ' : 'not allowed: '}</span>
                <span aria-hidden="true">{allowed.includes(tool) ? '✓ ' : '✗ '}</span>
                {server}__{tool}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
