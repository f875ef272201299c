import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, buildRequest, readCookie, request } from './http';

function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

describe('readCookie', () => {
  it('finds a cookie among several and decodes it', () => {
    expect(readCookie('XSRF-TOKEN', 'a=1; XSRF-TOKEN=ab%3Dc; b=2')).toBe('ab=c');
  });
  it('is undefined when absent or only a prefix matches', () => {
    expect(readCookie('XSRF-TOKEN', 'XSRF-TOKEN-OLD=1')).toBeUndefined();
    expect(readCookie('XSRF-TOKEN', '')).toBeUndefined();
  });
});

describe('buildRequest', () => {
  const cookies = () => 'AMBASSADOR_SESSION=s; XSRF-TOKEN=tok';

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)('sends the CSRF header from the cookie on %s', (method) => {
    const init = buildRequest({ method, cookies });
    expect((init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBe('tok');
    expect(init.credentials).toBe('same-origin');
  });

  it('sends no CSRF header on GET', () => {
    const init = buildRequest({ cookies });
    expect(init.headers).not.toHaveProperty('X-XSRF-TOKEN');
  });

  it('serialises the body as JSON', () => {
    const init = buildRequest({ method: 'POST', body: { user_id: 'x' }, cookies });
    expect(init.body).toBe('{"user_id":"x"}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });
});

describe('request', () => {
  const schema = z.object({ id: z.string() });

  it('returns the parsed body', async () => {
    const fetcher = vi.fn(async () => json(200, { id: 'a', extra: 1 }));
    await expect(request('/v1/x', schema, { fetcher })).resolves.toEqual({ id: 'a' });
    expect(fetcher).toHaveBeenCalledWith('/v1/x', expect.objectContaining({ method: 'GET' }));
  });

  it('refuses a body that does not match the schema', async () => {
    const fetcher = vi.fn(async () => json(200, { id: 42 }));
    await expect(request('/v1/x', schema, { fetcher })).rejects.toMatchObject({ type: 'unexpected-response' });
  });

  it('turns a problem document into an ApiError with field errors', async () => {
    const problem = {
      type: 'https://mcp-ambassador.dev/problems/invalid-field',
      title: 'Bad Request',
      status: 400,
      detail: 'password: too guessable',
      errors: [{ field: 'password', message: 'add another word or two' }],
    };
    const fetcher = vi.fn(async () => json(400, problem, 'application/problem+json'));
    const error = await request('/v1/x', schema, { fetcher, method: 'POST' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid-field', message: 'password: too guessable' });
    expect((error as ApiError).fieldErrors).toEqual({ password: 'add another word or two' });
  });

  it('reports a refusal without a problem document by its status', async () => {
    const fetcher = vi.fn(async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(request('/v1/x', schema, { fetcher })).rejects.toMatchObject({ status: 502 });
  });
});

describe('zod under the CSP', () => {
  it('never compiles parsers with eval', async () => {
    const { z: zod } = await import('zod');
    const probe = vi.spyOn(globalThis, 'Function');
    const schema = zod.object({ a: zod.string(), b: zod.number() });
    expect(schema.parse({ a: 'x', b: 1 })).toEqual({ a: 'x', b: 1 });
    expect(probe).not.toHaveBeenCalled();
    probe.mockRestore();
  });
});
