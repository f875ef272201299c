import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert, Field, Loading, PageHeader, StatusBadge, When } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { useUsers } from '../api/listUsers';
import {
  issueKeySchema,
  useIssuePresharedKey,
  usePresharedKeys,
  useRevokePresharedKey,
  type IssuedKey,
} from '../api/presharedKeys';
import { useUpdateUser } from '../api/updateUser';
import { KeyReveal } from './KeyReveal';
import { RolePicker } from './RolePicker';

export function UserDetailPage() {
  const { id = '' } = useParams();
  const users = useUsers();
  const user = users.data?.find((u) => u.id === id);
  const update = useUpdateUser();

  if (users.isPending) return <Loading what="user" />;
  if (!user) {
    return (
      <>
        <PageHeader title="User not found" />
        <ErrorAlert error={users.error} />
        <Link to="/users">Back to users</Link>
      </>
    );
  }
  const suspended = user.status === 'suspended';
  return (
    <>
      <PageHeader title={user.username}>
        <StatusBadge value={user.status} />
      </PageHeader>
      <p>
        <Link to="/users">All users</Link>
      </p>
      <section aria-labelledby="account">
        <h2 id="account">Account</h2>
        <RolePicker value={user.roles} onChange={(roles) => roles.length > 0 && update.mutate({ id, roles })} />
        <button
          type="button"
          className={suspended ? 'primary' : 'danger'}
          onClick={() => update.mutate({ id, status: suspended ? 'active' : 'suspended' })}
        >
          {suspended ? 'Reactivate' : 'Suspend'} {user.username}
        </button>
        {!suspended && <p className="hint">Suspending ends every session of this user at once.</p>}
        <ErrorAlert error={update.error} />
      </section>
      <PresharedKeys userId={id} />
    </>
  );
}

function PresharedKeys({ userId }: { userId: string }) {
  const keys = usePresharedKeys(userId);
  const issue = useIssuePresharedKey(userId);
  const revoke = useRevokePresharedKey(userId);
  const [name, setName] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [issued, setIssued] = useState<IssuedKey | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(issueKeySchema, { name, expires_at: expiresAt });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    issue.mutate(
      {
        user_id: userId,
        name: checked.value.name,
        expires_at: checked.value.expires_at ? new Date(checked.value.expires_at).toISOString() : undefined,
      },
      {
        onSuccess: (key) => {
          setIssued(key);
          setName('');
          setExpiresAt('');
        },
      },
    );
  }

  return (
    <section aria-labelledby="keys">
      <h2 id="keys">Preshared keys</h2>
      {keys.isPending && <Loading what="keys" />}
      <ErrorAlert error={keys.error ?? revoke.error} />
      {keys.data && keys.data.length === 0 && <p className="muted">No keys yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}</code>
                </td>
                <td>
                  <When at={key.created_at} />
                </td>
                <td>
                  <When at={key.expires_at} />
                </td>
                <td>
                  <StatusBadge value={key.revoked_at ? 'revoked' : 'active'} />
                </td>
                <td>
                  {!key.revoked_at && (
                    <button type="button" className="danger" onClick={() => revoke.mutate(key.id)}>
                      Revoke {key.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issued && <KeyReveal issued={issued} onDismiss={() => setIssued(null)} />}
      <h3>Issue a key</h3>
      <form onSubmit={submit} noValidate aria-label="Issue a key" className="narrow">
        <Field label="Key name" name="name" value={name} onChange={setName} error={errors.name} placeholder="laptop" required />
        <Field
          label="Expires (optional)"
          name="expires_at"
          type="datetime-local"
          value={expiresAt}
          onChange={setExpiresAt}
          error={errors.expires_at}
        />
        <ErrorAlert error={issue.error} />
        <button type="submit" className="primary" disabled={issue.isPending}>
          Issue key
        </button>
      </form>
    </section>
  );
}
