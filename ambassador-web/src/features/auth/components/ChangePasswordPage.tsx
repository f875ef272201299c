import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert, Field, PageHeader } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import { MIN_PASSWORD_LENGTH, passwordChangeSchema, useChangePassword } from '../api/changePassword';

/**
 * Replaces the signed-in user's password. With `forced`, it is the only page the first
 * administrator sees until the generated password is gone.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const [values, setValues] = useState({ current_password: '', new_password: '', confirm_password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const change = useChangePassword();
  const navigate = useNavigate();
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(passwordChangeSchema, values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setDone(false);
    change.mutate(checked.value, {
      onSuccess: () => {
        setValues({ current_password: '', new_password: '', confirm_password: '' });
        setDone(true);
        if (forced) navigate('/', { replace: true });
      },
      onError: (error) => {
        if (error instanceof ApiError) {
          // The server names the new password "password" when its strength check (zxcvbn) fails.
          const fields = error.fieldErrors;
          setErrors({
            current_password: fields.current_password ?? '',
            new_password: fields.password ?? fields.new_password ?? '',
          });
        }
      },
    });
  }

  const apiError = change.error instanceof ApiError && Object.keys(change.error.fieldErrors).length > 0 ? null : change.error;
  return (
    <>
      <PageHeader title={forced ? 'Replace the generated password' : 'Change password'} />
      {forced && (
        <p className="alert alert-warning" role="note">
          You signed in with the password generated at first start. Choose your own before doing anything else.
        </p>
      )}
      <form onSubmit={submit} noValidate aria-label="Change password" className="narrow">
        <Field
          label="Current password"
          name="current_password"
          type="password"
          autoComplete="current-password"
          value={values.current_password}
          onChange={set('current_password')}
          error={errors.current_password || undefined}
          required
        />
        <Field
          label="New password"
          name="new_password"
          type="password"
          autoComplete="new-password"
          value={values.new_password}
          onChange={set('new_password')}
          hint={`At least ${MIN_PASSWORD_LENGTH} characters and hard to guess; a few unrelated words work well.`}
          error={errors.new_password || undefined}
          required
        />
        <Field
          label="Repeat the new password"
          name="confirm_password"
          type="password"
          autoComplete="new-password"
          value={values.confirm_password}
          onChange={set('confirm_password')}
          error={errors.confirm_password || undefined}
          required
        />
        <ErrorAlert error={apiError} />
        {done && !forced && (
          <p className="alert alert-success" role="status">
            Your password has been changed.
          </p>
        )}
        <button type="submit" className="primary" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </>
  );
}
