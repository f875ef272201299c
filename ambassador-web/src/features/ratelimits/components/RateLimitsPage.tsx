import { useState, type FormEvent } from 'react';
import { ErrorAlert, Field, Loading, PageHeader, Select, When } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import {
  createRateLimitSchema,
  RATE_LIMIT_SCOPES,
  useCreateRateLimit,
  useDeleteRateLimit,
  useRateLimits,
  type RateLimit,
} from '../api/rateLimits';

const SCOPE_LABELS: Record<(typeof RATE_LIMIT_SCOPES)[number], string> = {
  user: 'Each user (or one user by id)',
  key: 'Each preshared key (or one key by id)',
  server: 'Each server (or one by slug)',
  tool: 'Each tool (or one as server/tool)',
  user_server: 'Each user on each server (or on one server)',
};

function describeTarget(limit: RateLimit): string {
  return limit.target ?? `each ${limit.scope.replace('_', ' on ')}`;
}

export function RateLimitsPage() {
  const limits = useRateLimits();
  const remove = useDeleteRateLimit();
  return (
    <>
      <PageHeader title="Rate limits" />
      <p className="muted">
        A budget of calls that refills every minute. A change applies from the next request on, on every replica.
      </p>
      {limits.isPending && <Loading what="rate limits" />}
      <ErrorAlert error={limits.error ?? remove.error} />
      {limits.data && limits.data.length === 0 && <p className="muted">No rate limits: only the defaults apply.</p>}
      {limits.data && limits.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Rate limits</caption>
          <thead>
            <tr>
              <th scope="col">Scope</th>
              <th scope="col">Target</th>
              <th scope="col">Capacity</th>
              <th scope="col">Refill per minute</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {limits.data.map((limit) => (
              <tr key={limit.id}>
                <td>{limit.scope}</td>
                <td>
                  <code>{describeTarget(limit)}</code>
                </td>
                <td>{limit.capacity}</td>
                <td>{limit.refill_per_minute}</td>
                <td>
                  <When at={limit.created_at} />
                  {limit.created_by && <div className="muted">by {limit.created_by}</div>}
                </td>
                <td>
                  <button type="button" className="danger" onClick={() => remove.mutate(limit.id)}>
                    Delete limit on {describeTarget(limit)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateRateLimitForm />
    </>
  );
}

function CreateRateLimitForm() {
  const [scope, setScope] = useState<string>('user');
  const [target, setTarget] = useState('');
  const [capacity, setCapacity] = useState('60');
  const [refill, setRefill] = useState('60');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState('');
  const create = useCreateRateLimit();

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    const checked = validate(createRateLimitSchema, { scope, target, capacity, refill_per_minute: refill });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    create.mutate(checked.value, {
      onSuccess: (created) => {
        setTarget('');
        setDone(`Added a limit on ${describeTarget(created)}.`);
      },
      onError: (error) => {
        if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      },
    });
  }

  return (
    <section aria-labelledby="create-rate-limit">
      <h2 id="create-rate-limit">Add a rate limit</h2>
      <form onSubmit={submit} noValidate aria-label="Add a rate limit" className="narrow">
        <Select
          label="Scope"
          name="scope"
          value={scope}
          onChange={setScope}
          error={errors.scope}
          options={RATE_LIMIT_SCOPES.map((value) => ({ value, label: SCOPE_LABELS[value] }))}
        />
        <Field
          label="Target"
          name="target"
          value={target}
          onChange={setTarget}
          error={errors.target}
          hint="A user or key id, a server slug, or server/tool. Empty: each one separately."
        />
        <Field label="Capacity" name="capacity" value={capacity} onChange={setCapacity} error={errors.capacity} required hint="Calls allowed in a burst." />
        <Field
          label="Refill per minute"
          name="refill_per_minute"
          value={refill}
          onChange={setRefill}
          error={errors.refill_per_minute}
          required
        />
        <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          Add rate limit
        </button>
        {done && (
          <p role="status" className="alert alert-success">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
