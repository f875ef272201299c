import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { serverFormSchema, toCreateBody, type ServerForm } from './createServer';
import { discoverySchema } from './discoverTools';

const stdio: ServerForm = {
  slug: 'everything',
  display_name: '',
  transport: 'stdio',
  command: 'node\n /srv/everything/index.js \n\nstdio',
  env: 'LOG_LEVEL=debug\nTOKEN=a=b',
  url: '',
  headers: '',
  isolation: 'shared',
  status: 'published',
  call_timeout_seconds: '',
};

describe('serverFormSchema', () => {
  it('accepts a stdio entry', () => {
    expect(validate(serverFormSchema, stdio).ok).toBe(true);
  });

  it('names a bad slug and a missing command', () => {
    expect(validate(serverFormSchema, { ...stdio, slug: 'Every_thing', command: '  ' })).toEqual({
      ok: false,
      errors: {
        slug: 'Lower-case letters and digits, single dashes between them.',
        command: 'Give the program and its arguments, one per line.',
      },
    });
  });

  it('wants an address for an http entry, not a command', () => {
    const http = { ...stdio, transport: 'http' as const, command: '', url: 'ftp://x' };
    expect(validate(serverFormSchema, http)).toEqual({ ok: false, errors: { url: 'Give the server’s https:// address.' } });
  });

  it('refuses an environment line without a name', () => {
    expect(validate(serverFormSchema, { ...stdio, env: '=x' })).toMatchObject({ errors: { env: expect.any(String) } });
  });
});

describe('toCreateBody', () => {
  it('sends the argument vector line by line and the environment as a map', () => {
    expect(toCreateBody(stdio)).toEqual({
      slug: 'everything',
      transport: 'stdio',
      isolation: 'shared',
      status: 'published',
      command: ['node', '/srv/everything/index.js', 'stdio'],
      env: { LOG_LEVEL: 'debug', TOKEN: 'a=b' },
    });
  });

  it('sends only http fields for an http entry', () => {
    const body = toCreateBody({ ...stdio, transport: 'http', url: 'https://tools.example', headers: 'Authorization=Bearer x', call_timeout_seconds: '90' });
    expect(body).toEqual({
      slug: 'everything',
      transport: 'http',
      isolation: 'shared',
      status: 'published',
      call_timeout_seconds: 90,
      url: 'https://tools.example',
      headers: { Authorization: 'Bearer x' },
    });
  });
});

describe('discoverySchema', () => {
  it('keeps a hostile description as a plain string', () => {
    const parsed = discoverySchema.parse({ tools: [{ name: 'x', description: '<img src=x onerror=alert(1)>', inputSchema: {} }] });
    expect(parsed.tools[0]?.description).toBe('<img src=x onerror=alert(1)>');
  });
});
