import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorAlert, Field, Loading, PageHeader, Select, StatusBadge, When } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import {
  createKillSwitchSchema,
  KILL_SWITCH_SCOPES,
  useCreateKillSwitch,
  useKillSwitches,
  useLiftKillSwitch,
  type CreateKillSwitchInput,
  type KillSwitch,
} from '../api/killSwitches';

export function describeSwitch(killSwitch: Pick<KillSwitch, 'scope' | 'target'>): string {
  return killSwitch.scope === 'global' ? 'everything' : `${killSwitch.scope} ${killSwitch.target ?? ''}`.trim();
}

export function KillSwitchesPage() {
  const switches = useKillSwitches();
  const lift = useLiftKillSwitch();
  const active = switches.data?.filter((s) => s.active) ?? [];
  const lifted = switches.data?.filter((s) => !s.active) ?? [];
  return (
    <>
      <PageHeader title="Kill switches" />
      <p className="muted">
        A switch refuses every request in its scope at once, and stops the ones running. Lifting it lets them through again.
      </p>
      {switches.isPending && <Loading what="kill switches" />}
      <ErrorAlert error={switches.error ?? lift.error} />
      <section aria-labelledby="active-switches">
        <h2 id="active-switches">Active</h2>
        {switches.data && active.length === 0 && <p className="muted">No kill switch is active.</p>}
        {active.length > 0 && (
          <SwitchTable
            caption="Active kill switches"
            rows={active}
            action={(s) => (
              <button type="button" onClick={() => lift.mutate(s.id)} disabled={lift.isPending}>
                Lift switch on {describeSwitch(s)}
              </button>
            )}
          />
        )}
      </section>
      <CreateKillSwitchForm />
      {lifted.length > 0 && (
        <section aria-labelledby="lifted-switches">
          <h2 id="lifted-switches">Lifted</h2>
          <SwitchTable caption="Lifted kill switches" rows={lifted} />
        </section>
      )}
    </>
  );
}

function SwitchTable({ caption, rows, action }: { caption: string; rows: KillSwitch[]; action?: (s: KillSwitch) => ReactNode }) {
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Scope</th>
          <th scope="col">Reason</th>
          <th scope="col">Set</th>
          <th scope="col">State</th>
          {action && (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.id}>
            <td>
              <code>{describeSwitch(s)}</code>
            </td>
            <td>{s.reason}</td>
            <td>
              <When at={s.created_at} />
              {s.created_by && <div className="muted">by {s.created_by}</div>}
            </td>
            <td>
              <StatusBadge value={s.active ? 'engaged' : 'lifted'} />
              {s.lifted_at && (
                <div className="muted">
                  <When at={s.lifted_at} />
                  {s.lifted_by && ` by ${s.lifted_by}`}
                </div>
              )}
            </td>
            {action && <td>{action(s)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateKillSwitchForm() {
  const [scope, setScope] = useState<string>('server');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<CreateKillSwitchInput | null>(null);
  const [done, setDone] = useState('');
  const create = useCreateKillSwitch();

  function send(input: CreateKillSwitchInput) {
    setConfirming(null);
    create.mutate(input, {
      onSuccess: (created) => {
        setTarget('');
        setReason('');
        setDone(`Kill switch on ${describeSwitch(created)} is active.`);
      },
      onError: (error) => {
        if (error instanceof ApiError) setErrors({ ...error.fieldErrors });
      },
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone('');
    const checked = validate(createKillSwitchSchema, { scope, target, reason });
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    // Stopping everything for everyone is asked about once more.
    if (checked.value.scope === 'global') setConfirming(checked.value);
    else send(checked.value);
  }

  return (
    <section aria-labelledby="create-kill-switch">
      <h2 id="create-kill-switch">Set a kill switch</h2>
      <form onSubmit={submit} noValidate aria-label="Set a kill switch" className="narrow">
        <Select
          label="Scope"
          name="scope"
          value={scope}
          onChange={(value) => {
            setScope(value);
            setConfirming(null);
          }}
          error={errors.scope}
          options={KILL_SWITCH_SCOPES.map((value) => ({ value, label: value === 'global' ? 'global (every request)' : value }))}
        />
        {scope !== 'global' && (
          <Field
            label="Target"
            name="target"
            value={target}
            onChange={setTarget}
            error={errors.target}
            required
            hint="A server slug, server/tool, or a user or key id."
          />
        )}
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required multiline />
        <ErrorAlert error={create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length ? null : create.error} />
        {confirming ? (
          <div role="alertdialog" aria-labelledby="confirm-global" className="alert alert-warning">
            <p id="confirm-global">This refuses every request from every user until it is lifted. Set it?</p>
            <div className="actions">
              <button type="button" className="danger" onClick={() => send(confirming)}>
                Yes, stop everything
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="submit" className="danger" disabled={create.isPending}>
            Set kill switch
          </button>
        )}
        {done && (
          <p role="status" className="alert alert-success">
            {done}
          </p>
        )}
      </form>
    </section>
  );
}
