import { useState, type FormEvent } from 'react';
import { Field, Select } from '../../../components/ui';
import { DECISIONS, ERAS, NO_FILTERS, type AuditFilters } from '../api/listAuditEvents';

/** The filter form: applied on submit, so typing does not send a request per key. */
export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilters) => void }) {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const set = (name: keyof AuditFilters) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form onSubmit={submit} aria-label="Filter the audit trail" className="filters">
      <Field label="From" name="from" type="datetime-local" value={draft.from} onChange={set('from')} />
      <Field label="To" name="to" type="datetime-local" value={draft.to} onChange={set('to')} />
      <Field label="User" name="user" value={draft.user} onChange={set('user')} hint="Username or id" />
      <Field label="Server" name="server" value={draft.server} onChange={set('server')} />
      <Field label="Tool" name="tool" value={draft.tool} onChange={set('tool')} hint="Tool, prompt or resource" />
      <Field label="Type" name="type" value={draft.type} onChange={set('type')} hint="e.g. mcp or mcp.request" />
      <Select
        label="Decision"
        name="decision"
        value={draft.decision}
        onChange={set('decision')}
        options={[{ value: '', label: 'Any' }, ...DECISIONS.map((value) => ({ value, label: value }))]}
      />
      <Select
        label="Protocol era"
        name="era"
        value={draft.era}
        onChange={set('era')}
        options={[{ value: '', label: 'Any' }, ...ERAS.map((value) => ({ value, label: value }))]}
      />
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
