import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert, Field, PageHeader } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { loginSchema, useLogin } from '../api/login';

export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const login = useLogin();
  const navigate = useNavigate();

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(loginSchema, { username, password });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    login.mutate(checked.value, {
      onSuccess: (signedIn) => navigate(signedIn.password_change_required ? '/change-password' : '/', { replace: true }),
      onSettled: () => setPassword(''),
    });
  }

  return (
    <main id="main" className="sign-in">
      <PageHeader title="Sign in" />
      <p className="muted">MCP Ambassador administration</p>
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <Field label="Username" name="username" value={username} onChange={setUsername} autoComplete="username" error={errors.username} required />
        <Field
          label="Password"
          name="password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          error={errors.password}
          required
        />
        <ErrorAlert error={login.error} />
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
