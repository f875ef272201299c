import { useState, type FormEvent } from 'react';
import { ErrorAlert, Field, Loading, PageHeader, StatusBadge } from '../../../components/ui';
import type { FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import { credentialValues, useMyCredentialChanges, useMyCredentials, type MyCredential } from '../api/myCredentials';

/** Credentials the caller's servers ask for. Values are write-only: typed here, never shown back. */
export function MyCredentialsPage() {
  const credentials = useMyCredentials();
  const servers = new Map<string, MyCredential[]>();
  for (const credential of credentials.data ?? []) {
    servers.set(credential.server, [...(servers.get(credential.server) ?? []), credential]);
  }
  return (
    <>
      <PageHeader title="My credentials" />
      <p className="muted">
        Values are stored sealed and never shown again, not even to you. Saving ends your running process on that server so the
        next call uses the new values.
      </p>
      {credentials.isPending && <Loading what="your credentials" />}
      <ErrorAlert error={credentials.error} />
      {credentials.data && servers.size === 0 && <p className="muted">None of your servers asks for credentials.</p>}
      {[...servers.entries()].map(([server, list]) => (
        <ServerCredentials key={server} server={server} credentials={list} />
      ))}
    </>
  );
}

function ServerCredentials({ server, credentials }: { server: string; credentials: MyCredential[] }) {
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState('');
  const { put, remove } = useMyCredentialChanges();
  const headingId = `credentials-${server}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    const checked = credentialValues(typed);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    put.mutate(
      { server, values: checked.value },
      {
        onSuccess: () => {
          setTyped({});
          setDone(`Saved for ${server}.`);
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          const byName: FieldErrors = {};
          for (const [field, message] of Object.entries(error.fieldErrors)) byName[field.replace(/^values\./, '')] = message;
          setErrors(byName);
        },
      },
    );
  }

  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>{server}</h2>
      <form onSubmit={submit} noValidate aria-label={`Credentials for ${server}`} className="narrow">
        {credentials.map((credential) => (
          <div key={credential.name}>
            <Field
              label={`${credential.name}${credential.required ? ' (required)' : ''}`}
              name={credential.name}
              type="password"
              autoComplete="off"
              value={typed[credential.name] ?? ''}
              onChange={(value) => setTyped((t) => ({ ...t, [credential.name]: value }))}
              error={errors[credential.name]}
              hint={[credential.description, credential.set ? 'Set: leave empty to keep it.' : 'Not set.'].filter(Boolean).join(' ')}
            />
            <StatusBadge value={credential.set ? 'set' : 'unset'} />
          </div>
        ))}
        {errors.form && (
          <p className="error-text" role="alert">
            {errors.form}
          </p>
        )}
        <ErrorAlert error={put.error instanceof ApiError && Object.keys(put.error.fieldErrors).length ? null : (put.error ?? remove.error)} />
        <div className="actions">
          <button type="submit" className="primary" disabled={put.isPending}>
            Save credentials for {server}
          </button>
          {credentials.some((c) => c.set) && (
            <button
              type="button"
              className="danger"
              onClick={() => remove.mutate(server, { onSuccess: () => setDone(`Removed your credentials for ${server}.`) })}
            >
              Remove my credentials for {server}
            </button>
          )}
        </div>
        {done && (
          <p role="status" className="alert alert-success">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
