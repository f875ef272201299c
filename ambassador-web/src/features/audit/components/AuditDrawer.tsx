import { useEffect, useRef } from 'react';
import { When } from '../../../components/ui';
import type { AuditEvent } from '../api/listAuditEvents';

/** The whole record of one event, beside the list. Everything in it is shown as text. */
export function AuditDrawer({ event, onClose }: { event: AuditEvent; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
  }, [event.id]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="audit-drawer-title">
      <div className="drawer-header">
        <h2 id="audit-drawer-title">Event {event.id}</h2>
        <button type="button" ref={close} onClick={onClose}>
          Close details
        </button>
      </div>
      <dl className="facts">
        <dt>When</dt>
        <dd>
          <When at={event.at} />
        </dd>
        <dt>Type</dt>
        <dd>{event.type}</dd>
        <dt>User</dt>
        <dd>{event.username ?? event.user_id ?? '—'}</dd>
        <dt>Server</dt>
        <dd>{event.server ?? '—'}</dd>
        <dt>Subject</dt>
        <dd>{event.subject ?? '—'}</dd>
        <dt>Decision</dt>
        <dd>
          {event.decision ?? '—'}
          {event.stage ? ` (by ${event.stage})` : ''}
        </dd>
      </dl>
      <h3>Record</h3>
      <pre className="record" data-testid="audit-record">
        {JSON.stringify(event, null, 2)}
      </pre>
    </aside>
  );
}
