import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditEventSchema, auditParams, exportUrl, listAuditEvents, NO_FILTERS, verificationSchema } from './listAuditEvents';

afterEach(() => vi.unstubAllGlobals());

describe('audit API', () => {
  it('keeps the whole record while naming the listed fields', () => {
    const event = auditEventSchema.parse({
      id: 42,
      type: 'mcp.request',
      at: '2026-12-01T10:00:00Z',
      username: 'dana',
      server: 'notes',
      subject: 'render',
      decision: 'denied',
      stage: 'KILL_SWITCH',
      detail: { message: 'stopped' },
    });
    expect(event.id).toBe('42');
    expect(event.detail).toEqual({ message: 'stopped' });
  });

  it('refuses a row without a type or time', () => {
    expect(auditEventSchema.safeParse({ id: 1 }).success).toBe(false);
  });

  it('drops empty filters, trims the rest and turns local times into instants', () => {
    const params = auditParams({ ...NO_FILTERS, user: ' dana ', decision: 'denied', from: '2026-12-01T10:00' });
    expect(params.get('user')).toBe('dana');
    expect(params.get('decision')).toBe('denied');
    expect(params.get('from')).toBe(new Date('2026-12-01T10:00').toISOString());
    expect(params.has('server')).toBe(false);
  });

  it('asks for the next page with the cursor', async () => {
    const fetcher = vi.fn<(url: string) => Promise<Response>>(
      async () => new Response(JSON.stringify({ events: [], next_cursor: null }), { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetcher);
    await listAuditEvents({ ...NO_FILTERS, server: 'notes' }, '17');
    expect(fetcher.mock.calls[0]?.[0]).toBe('/v1/audit/events?server=notes&limit=50&cursor=17');
  });

  it('builds export links with the same filters', () => {
    expect(exportUrl({ ...NO_FILTERS, tool: 'a&b' }, 'csv')).toBe('/v1/audit/export?tool=a%26b&format=csv');
    expect(exportUrl({ ...NO_FILTERS, era: 'modern' }, 'ndjson')).toBe('/v1/audit/export?era=modern&format=ndjson');
  });

  it('reads the chain check', () => {
    expect(verificationSchema.parse({ ok: false, checked: 9, first_broken_id: 5 }).first_broken_id).toBe(5);
  });
});
