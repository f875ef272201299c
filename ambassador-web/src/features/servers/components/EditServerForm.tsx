import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Field, Select } from '../../../components/ui';
import { validate, type FieldErrors } from '../../../lib/forms';
import { ApiError } from '../../../lib/http';
import { editFormSchema, formField, toEditForm, useEditServer, type EditForm } from '../api/editServer';
import type { Server } from '../api/listServers';
import { nameMappingOptions, protocolOptions } from '../api/serverSettings';

/** The fields this form shows for each transport; a refusal naming another field is shown above the button. */
const SHOWN: Record<Server['transport'], ReadonlyArray<keyof EditForm>> = {
  stdio: ['display_name', 'call_timeout_seconds', 'credentials', 'network', 'memory_mb', 'processes', 'open_files', 'protocol', 'name_mapping', 'env'],
  http: ['display_name', 'call_timeout_seconds', 'credentials', 'protocol', 'name_mapping', 'headers'],
};

/** Changes an existing catalog entry (PATCH); environment and header values are write-only. */
export function EditServerForm({ server }: { server: Server }) {
  const [form, setForm] = useState<EditForm>(() => toEditForm(server));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = useEditServer();
  const formRef = useRef<HTMLFormElement>(null);
  const problemRef = useRef<HTMLParagraphElement>(null);
  const set = (name: Exclude<keyof EditForm, 'network'>) => (value: string) => setForm((f) => ({ ...f, [name]: value }));

  // After a refusal, focus goes to the first field named, else to the message.
  useEffect(() => {
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (problem) problemRef.current?.focus();
  }, [errors, problem]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setProblem(null);
    const checked = validate(editFormSchema, form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    edit.mutate(
      { slug: server.slug, form: checked.value },
      {
        onSuccess: (updated) => {
          setSaved(true);
          setForm(toEditForm(updated));
        },
        onError: (error) => {
          const named: FieldErrors = {};
          let unshown = false;
          if (error instanceof ApiError) {
            for (const [field, message] of Object.entries(error.fieldErrors)) {
              const name = formField(field);
              if ((SHOWN[server.transport] as readonly string[]).includes(name)) named[name] ??= message;
              else unshown = true;
            }
          }
          setErrors(named);
          setProblem(Object.keys(named).length === 0 || unshown ? error.message : null);
        },
      },
    );
  }

  const stdio = server.transport === 'stdio';
  const names = (stdio ? server.env_names : server.header_names) ?? [];
  return (
    <section aria-labelledby="edit-server">
      <h2 id="edit-server">Edit settings</h2>
      <form ref={formRef} onSubmit={submit} noValidate aria-label={`Edit ${server.slug}`} className="narrow">
        <Field label="Display name" name="display_name" value={form.display_name} onChange={set('display_name')} error={errors.display_name} hint="Empty keeps the current name." />
        <Field
          label="Call timeout (seconds)"
          name="call_timeout_seconds"
          value={form.call_timeout_seconds}
          onChange={set('call_timeout_seconds')}
          error={errors.call_timeout_seconds}
          hint="Empty keeps the current timeout."
        />
        <Field
          label="Credentials users supply"
          name="credentials"
          multiline
          value={form.credentials}
          onChange={set('credentials')}
          error={errors.credentials}
          hint={`One a line: name | ${stdio ? 'ENV_VAR' : 'Header-Name'} | required or optional | description. Empty asks users for none.`}
        />
        {stdio ? (
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
        ) : null}
        <Select label="Protocol" name="protocol" value={form.protocol} onChange={set('protocol')} options={protocolOptions} error={errors.protocol} />
        <Select label="Name mapping" name="name_mapping" value={form.name_mapping} onChange={set('name_mapping')} options={nameMappingOptions} error={errors.name_mapping} />
        <Field
          label={stdio ? 'Replace the environment' : 'Replace the headers'}
          name={stdio ? 'env' : 'headers'}
          multiline
          value={stdio ? form.env : form.headers}
          onChange={set(stdio ? 'env' : 'headers')}
          error={stdio ? errors.env : errors.headers}
          hint={
            `${stdio ? 'NAME=value' : 'Name=value'}, one per line. Values are write-only and never shown. ` +
            `Empty keeps the stored ${names.length ? names.join(', ') : 'values (none)'}; anything written here replaces all of them.`
          }
        />
        {problem && (
          <p ref={problemRef} tabIndex={-1} className="alert alert-error" role="alert">
            {problem}
          </p>
        )}
        {saved && (
          <p className="alert alert-success" role="status">
            Saved.
          </p>
        )}
        <button type="submit" className="primary" disabled={edit.isPending}>
          Save changes
        </button>
      </form>
    </section>
  );
}
