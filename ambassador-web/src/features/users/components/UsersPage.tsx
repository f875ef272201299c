import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, Field, Loading, PageHeader, StatusBadge, When } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import type { Role } from '../../../lib/schemas';
import { createUserSchema, useCreateUser } from '../api/createUser';
import { useUsers } from '../api/listUsers';
import { RolePicker } from './RolePicker';

export function UsersPage() {
  const users = useUsers();
  return (
    <>
      <PageHeader title="Users" />
      <section aria-labelledby="users-list">
        <h2 id="users-list">All users</h2>
        {users.isPending && <Loading what="users" />}
        <ErrorAlert error={users.error} />
        {users.data && (
          <table>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link to={`/users/${encodeURIComponent(user.id)}`}>{user.username}</Link>
                  </td>
                  <td>{user.display_name}</td>
                  <td>{user.roles.join(', ')}</td>
                  <td>
                    <StatusBadge value={user.status} />
                  </td>
                  <td>
                    <When at={user.created_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateUserForm />
    </>
  );
}

function CreateUserForm() {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['USER']);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<string | null>(null);
  const create = useCreateUser();

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(createUserSchema, { username, display_name: displayName, password, roles });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.value, {
      onSuccess: (user) => {
        setCreated(user.username);
        setUsername('');
        setDisplayName('');
        setPassword('');
        setRoles(['USER']);
      },
      onError: (error) => {
        if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      },
    });
  }

  return (
    <section aria-labelledby="create-user">
      <h2 id="create-user">Create a user</h2>
      <form onSubmit={submit} noValidate aria-label="Create a user" className="narrow">
        <Field label="Username" name="username" value={username} onChange={setUsername} error={errors.username} required />
        <Field label="Display name" name="display_name" value={displayName} onChange={setDisplayName} error={errors.display_name} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint="Only for people who sign in here. Leave empty for users who only connect MCP clients with a key."
          error={errors.password}
        />
        <RolePicker value={roles} onChange={setRoles} error={errors.roles} />
        <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
        {created && (
          <p className="alert alert-success" role="status">
            Created {created}.
          </p>
        )}
        <button type="submit" className="primary" disabled={create.isPending}>
          Create user
        </button>
      </form>
    </section>
  );
}
