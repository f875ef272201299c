// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { credentialValues, myCredentialSchema, putMyCredentials } from './myCredentials';
import { mySessionSchema } from './mySessions';
import { byServer, myToolSchema } from './myTools';

afterEach(() => vi.unstubAllGlobals());

describe('my tools', () => {
  it('groups tools by server, servers in order', () => {
    const tool = (server: string, name: string) => myToolSchema.parse({ name: `${server}__${name}`, server, tool: name, description: null });
    expect(byServer([tool('zeta', 'a'), tool('alpha', 'b'), tool('zeta', 'c')]).map(([s, l]) => [s, l.map((t) => t.tool)])).toEqual([
      ['alpha', ['b']],
      ['zeta', ['a', 'c']],
    ]);
  });
});

describe('my credentials', () => {
  it('never reads a value, only whether one is set', () => {
    const parsed = myCredentialSchema.parse({ server: 's', name: 'token', env_var: 'TOKEN', required: true, set: true, value: 'leak' });
    expect(parsed).not.toHaveProperty('value');
  });

  it('sends only the fields typed in, and needs at least one', () => {
    expect(credentialValues({ token: 'abc', other: '' })).toEqual({ ok: true, value: { token: 'abc' } });
    expect(credentialValues({ token: '' })).toEqual({ ok: false, errors: { form: 'Type a value for at least one credential.' } });
    expect(credentialValues({ token: 'x'.repeat(8193) })).toEqual({ ok: false, errors: { token: 'At most 8192 characters.' } });
  });

  it('puts the values for one server with the CSRF header', async () => {
    document.cookie = 'XSRF-TOKEN=csrf';
    const fetcher = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetcher);
    await putMyCredentials({ server: 'my server', values: { token: 'abc' } });
    const [url, init] = fetcher.mock.calls[0] ?? [];
    expect(url).toBe('/v1/me/credentials/my%20server');
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(String(init?.body))).toEqual({ values: { token: 'abc' } });
    expect((init?.headers as Record<string, string>)['X-XSRF-TOKEN']).toBe('csrf');
  });
});

describe('my sessions', () => {
  it('reads a session', () => {
    expect(
      mySessionSchema.parse({
        id: 's',
        user_id: 'u',
        preshared_key_id: 'k',
        client_name: 'laptop',
        host_tool: null,
        created_at: '2026-12-01T10:00:00Z',
        expires_at: '2026-12-01T18:00:00Z',
        revoked_at: null,
      }).client_name,
    ).toBe('laptop');
  });
});
