import { useEffect, useRef, useState } from 'react';
import { ErrorAlert, Loading, PageHeader, When } from '../../../components/ui';
import { ApiError } from '../../../lib/http';
import { exportUrl, NO_FILTERS, useAuditEvents, useAuditVerification, type AuditEvent, type AuditFilters } from '../api/listAuditEvents';
import { AuditDrawer } from './AuditDrawer';
import { AuditFiltersForm } from './AuditFiltersForm';

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const events = useAuditEvents(filters);
  const unavailable = events.error instanceof ApiError && events.error.status === 404;
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <>
      <PageHeader title="Audit trail" />
      <ChainStatus />
      <AuditFiltersForm
        onApply={(next) => {
          setSelected(null);
          setFilters(next);
        }}
      />
      <p className="actions">
        <a href={exportUrl(filters, 'ndjson')} download>
          Export as NDJSON
        </a>
        <a href={exportUrl(filters, 'csv')} download>
          Export as CSV
        </a>
      </p>
      {events.isPending && <Loading what="audit events" />}
      {unavailable ? (
        <p className="alert alert-warning" role="note">
          This server does not keep an audit trail yet.
        </p>
      ) : (
        <ErrorAlert error={events.error} />
      )}
      {events.data && rows.length === 0 && <p className="muted">No event matches these filters.</p>}
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Audit events, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Type</th>
              <th scope="col">User</th>
              <th scope="col">Server</th>
              <th scope="col">Subject</th>
              <th scope="col">Decision</th>
              <th scope="col">
                <span className="visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((event) => (
              <tr key={event.id} aria-selected={selected?.id === event.id ? true : undefined}>
                <td>
                  <When at={event.at} />
                </td>
                <td>{event.type}</td>
                <td>{event.username ?? event.user_id}</td>
                <td>{event.server}</td>
                <td className="audit-subject">{event.subject}</td>
                <td>
                  {event.decision}
                  {event.stage && <div className="muted">by {event.stage}</div>}
                </td>
                <td>
                  <button type="button" onClick={() => setSelected(event)}>
                    Details of event {event.id}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.hasNextPage && (
        <MoreWhenVisible loading={events.isFetchingNextPage} onMore={() => void events.fetchNextPage()} />
      )}
      {events.data && !events.hasNextPage && rows.length > 0 && <p className="muted">The end of the trail for these filters.</p>}
      {selected && <AuditDrawer event={selected} onClose={() => setSelected(null)} />}
    </>
  );
}

/** Loads the next page when it scrolls into view; the button does the same for keyboards and tests. */
function MoreWhenVisible({ loading, onMore }: { loading: boolean; onMore: () => void }) {
  const sentinel = useRef<HTMLDivElement>(null);
  const more = useRef(onMore);
  useEffect(() => {
    more.current = onMore;
  }, [onMore]);
  useEffect(() => {
    const element = sentinel.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) more.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={sentinel} className="actions">
      <button type="button" onClick={onMore} disabled={loading}>
        {loading ? 'Loading more events…' : 'Load more events'}
      </button>
    </div>
  );
}

function ChainStatus() {
  const verification = useAuditVerification();
  if (verification.isPending) return <Loading what="the chain check" />;
  if (verification.error) {
    return <ErrorAlert error={verification.error} />;
  }
  const { ok, checked, first_broken_id: broken } = verification.data;
  return ok ? (
    <p className="alert alert-success" role="status">
      Hash chain intact: {checked} events checked.
    </p>
  ) : (
    <p className="alert alert-error" role="alert">
      Hash chain broken at event {broken ?? '?'} ({checked} events checked). Records from there on may have been altered.
    </p>
  );
}
