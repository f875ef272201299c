// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validate } from '../../../lib/forms';
import { createRateLimit, createRateLimitSchema, rateLimitSchema } from './rateLimits';

afterEach(() => vi.unstubAllGlobals());

describe('rate limits', () => {
  it('reads a listed limit', () => {
    const limit = rateLimitSchema.parse({
      id: 'r1',
      scope: 'user_server',
      target: null,
      capacity: 10,
      refill_per_minute: 5,
      created_by: 'admin',
      created_at: '2026-12-01T10:00:00Z',
    });
    expect(limit.refill_per_minute).toBe(5);
  });

  it('refuses a scope the server does not know', () => {
    expect(rateLimitSchema.safeParse({ id: 'r', scope: 'planet', capacity: 1, refill_per_minute: 1, created_at: 'x' }).success).toBe(false);
  });

  it('turns typed numbers into numbers', () => {
    expect(validate(createRateLimitSchema, { scope: 'server', target: ' notes ', capacity: '20', refill_per_minute: '6' })).toEqual({
      ok: true,
      value: { scope: 'server', target: 'notes', capacity: 20, refill_per_minute: 6 },
    });
  });

  it('names each bad field', () => {
    expect(validate(createRateLimitSchema, { scope: 'tool', target: 'notes', capacity: '0', refill_per_minute: 'many' })).toEqual({
      ok: false,
      errors: {
        capacity: 'Capacity is at least 1.',
        refill_per_minute: 'Refill per minute is a whole number.',
        target: 'Name the tool as <server>/<tool>.',
      },
    });
    expect(validate(createRateLimitSchema, { scope: 'user', target: '', capacity: '1000001', refill_per_minute: '1' })).toEqual({
      ok: false,
      errors: { capacity: 'Capacity is at most 1000000.' },
    });
  });

  it('sends an empty target as none, with the CSRF header', async () => {
    document.cookie = 'XSRF-TOKEN=tok';
    const fetcher = vi.fn(
      async () =>
        new Response(
          JSON.stringify({ id: 'r', scope: 'user', target: null, capacity: 3, refill_per_minute: 1, created_by: 'a', created_at: 'now' }),
          { status: 201, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    vi.stubGlobal('fetch', fetcher);
    await createRateLimit({ scope: 'user', target: '', capacity: 3, refill_per_minute: 1 });
    const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/v1/admin/rate-limits');
    expect(JSON.parse(String(init.body))).toEqual({ scope: 'user', capacity: 3, refill_per_minute: 1 });
    expect((init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBe('tok');
  });
});
