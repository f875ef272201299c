import { afterEach, describe, expect, it, vi } from 'vitest';
import { validate } from '../../../lib/forms';
import { createKillSwitch, createKillSwitchSchema, killSwitchSchema, liftKillSwitch } from './killSwitches';

afterEach(() => vi.unstubAllGlobals());

describe('kill switches', () => {
  it('reads a lifted switch', () => {
    const lifted = killSwitchSchema.parse({
      id: 'k',
      scope: 'server',
      target: 'notes',
      reason: 'leaking',
      active: false,
      created_by: 'admin',
      created_at: '2026-12-01T10:00:00Z',
      lifted_by: 'admin',
      lifted_at: '2026-12-01T11:00:00Z',
    });
    expect(lifted.active).toBe(false);
  });

  it('requires a reason', () => {
    expect(validate(createKillSwitchSchema, { scope: 'server', target: 'notes', reason: '   ' })).toEqual({
      ok: false,
      errors: { reason: 'Say why: the reason is shown to whoever is refused.' },
    });
  });

  it('requires a target except for a global switch, which has none', () => {
    expect(validate(createKillSwitchSchema, { scope: 'user', target: '', reason: 'r' })).toEqual({
      ok: false,
      errors: { target: 'A user kill switch needs a target.' },
    });
    expect(validate(createKillSwitchSchema, { scope: 'global', target: 'x', reason: 'r' })).toEqual({
      ok: false,
      errors: { target: 'A global kill switch has no target.' },
    });
    expect(validate(createKillSwitchSchema, { scope: 'tool', target: 'notes', reason: 'r' })).toEqual({
      ok: false,
      errors: { target: 'Name the tool as <server>/<tool>.' },
    });
    expect(validate(createKillSwitchSchema, { scope: 'global', target: '', reason: ' incident ' }).ok).toBe(true);
  });

  it('posts a global switch without a target and lifts by id', async () => {
    const fetcher = vi.fn(async (_url: string, init: RequestInit) =>
      init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : new Response(
            JSON.stringify({ id: 'k/1', scope: 'global', target: null, reason: 'incident', active: true, created_at: 'now' }),
            { status: 201, headers: { 'Content-Type': 'application/json' } },
          ),
    );
    vi.stubGlobal('fetch', fetcher);
    const created = await createKillSwitch({ scope: 'global', target: '', reason: 'incident' });
    expect(created.active).toBe(true);
    expect(JSON.parse(String(fetcher.mock.calls[0]?.[1].body))).toEqual({ scope: 'global', reason: 'incident' });
    await liftKillSwitch('k/1');
    expect(fetcher.mock.calls[1]?.[0]).toBe('/v1/admin/kill-switches/k%2F1');
    expect(fetcher.mock.calls[1]?.[1].method).toBe('DELETE');
  });
});
