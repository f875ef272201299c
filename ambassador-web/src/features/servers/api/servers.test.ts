import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { serverFormSchema, toCreateBody, type ServerForm } from './createServer';
import { discoverySchema } from './discoverTools';
import { editFormSchema, formField, toEditForm, toPatchBody } from './editServer';
import { serverSchema } from './listServers';
import { credentialSpecs, instanceSchema } from './serverSettings';

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
  credentials: '',
  network: true,
  memory_mb: '',
  processes: '',
  open_files: '',
  protocol: 'auto',
  name_mapping: 'always',
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
      name_mapping: 'always',
      protocol: 'auto',
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
      name_mapping: 'always',
      protocol: 'auto',
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

describe('credentials and sandbox', () => {
  it('reads one credential a line, required unless it says optional', () => {
    expect(credentialSpecs('api_token | API_TOKEN\n\nregion | REGION | optional | Your region', 'stdio')).toEqual({
      ok: true,
      value: [
        { name: 'api_token', env_var: 'API_TOKEN', required: true },
        { name: 'region', env_var: 'REGION', required: false, description: 'Your region' },
      ],
    });
    expect(credentialSpecs('token | X-Api-Key | required', 'http')).toEqual({
      ok: true,
      value: [{ name: 'token', header: 'X-Api-Key', required: true }],
    });
  });

  it('names the bad line', () => {
    expect(credentialSpecs('ok | OK\nBad Name | X', 'stdio')).toEqual({ ok: false, message: 'Line 2: the name takes lower-case letters, digits and _.' });
    expect(credentialSpecs('token | not a header', 'http')).toEqual({ ok: false, message: 'Line 1: give a header name.' });
    expect(credentialSpecs('token | TOKEN | maybe', 'stdio')).toEqual({ ok: false, message: 'Line 1: write required or optional in the third place.' });
  });

  it('sends credentials and sandbox limits with a stdio entry, only when given', () => {
    const body = toCreateBody({ ...stdio, credentials: 'api_token | API_TOKEN', network: false, memory_mb: '256', open_files: '' });
    expect(body).toMatchObject({
      credentials: [{ name: 'api_token', env_var: 'API_TOKEN', required: true }],
      sandbox: { network: false, memory_mb: 256 },
    });
    expect(body.sandbox).not.toHaveProperty('open_files', expect.anything());
    expect(toCreateBody(stdio)).not.toHaveProperty('sandbox', expect.anything());
  });

  it('checks sandbox limits against the server minimums', () => {
    expect(validate(serverFormSchema, { ...stdio, memory_mb: '32', processes: 'x', credentials: 'a | 1' })).toEqual({
      ok: false,
      errors: {
        memory_mb: 'At least 64 MiB, or leave it empty.',
        processes: 'At least 1, or leave it empty.',
        credentials: 'Line 1: give an environment variable name.',
      },
    });
  });

  it('reads a running instance and its stderr', () => {
    expect(instanceSchema.parse({ user_id: null, pid: 7, alive: false, stderr: ['[redacted]'] }).stderr).toEqual(['[redacted]']);
  });
});

describe('protocol and name mapping', () => {
  const view = {
    id: '6a0c6c3e-1111-4222-8333-944445555666',
    slug: 'remote',
    display_name: 'Remote',
    transport: 'http',
    command: [],
    env_names: null,
    url: 'https://tools.example/mcp',
    header_names: ['Authorization'],
    isolation: 'shared',
    status: 'published',
    call_timeout_seconds: 30,
    sandbox: null,
    credentials: [{ name: 'token', header: 'X-Api-Key', required: false, description: 'Yours' }],
    protocol: '2026-07-28',
    name_mapping: 'when_ambiguous',
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:00:00Z',
  };

  it('reads them from the server view, and refuses values the API does not have', () => {
    const parsed = serverSchema.parse(view);
    expect(parsed.protocol).toBe('2026-07-28');
    expect(parsed.name_mapping).toBe('when_ambiguous');
    expect(serverSchema.parse({ ...view, protocol: null, name_mapping: undefined }).protocol).toBeNull();
    expect(serverSchema.safeParse({ ...view, protocol: '2024-11-05' }).success).toBe(false);
    expect(serverSchema.safeParse({ ...view, name_mapping: 'sometimes' }).success).toBe(false);
  });

  it('sends the protocol and the name mapping with both transports', () => {
    expect(toCreateBody({ ...stdio, name_mapping: 'never' })).toMatchObject({ name_mapping: 'never' });
    expect(toCreateBody({ ...stdio, protocol: '2025-11-25' })).toMatchObject({ protocol: '2025-11-25' });
    expect(toCreateBody({ ...stdio, transport: 'http', url: 'https://x.example', protocol: '2026-07-28' })).toMatchObject({ protocol: '2026-07-28' });
  });

  it('pins a stdio entry to the 2026-07-28 era when asked', () => {
    expect(validate(serverFormSchema, { ...stdio, protocol: '2026-07-28' }).ok).toBe(true);
    expect(toCreateBody({ ...stdio, protocol: '2026-07-28' })).toMatchObject({ protocol: '2026-07-28' });
  });

  it('fills the edit form from the view, write-only values empty, and sends them back', () => {
    const form = toEditForm(serverSchema.parse(view));
    expect(form).toMatchObject({
      transport: 'http',
      display_name: 'Remote',
      call_timeout_seconds: '30',
      credentials: 'token | X-Api-Key | optional | Yours',
      protocol: '2026-07-28',
      name_mapping: 'when_ambiguous',
      headers: '',
    });
    expect(validate(editFormSchema, form).ok).toBe(true);
    expect(toPatchBody(form)).toEqual({
      display_name: 'Remote',
      call_timeout_seconds: 30,
      credentials: [{ name: 'token', header: 'X-Api-Key', required: false, description: 'Yours' }],
      name_mapping: 'when_ambiguous',
      protocol: '2026-07-28',
    });
    expect(toPatchBody({ ...form, headers: 'Authorization=Bearer new' })).toMatchObject({ headers: { Authorization: 'Bearer new' } });
  });

  it('sends a stdio entry’s sandbox whole, so cleared limits go back to the defaults', () => {
    const form = toEditForm(
      serverSchema.parse({ ...view, transport: 'stdio', url: null, header_names: null, env_names: ['TOKEN'], protocol: null, sandbox: { network: false, memory_mb: 256 }, credentials: [] }),
    );
    expect(form).toMatchObject({ network: false, memory_mb: '256', protocol: 'auto', credentials: '', env: '' });
    const body = toPatchBody({ ...form, network: true, memory_mb: '' });
    expect(body).toEqual({ display_name: 'Remote', call_timeout_seconds: 30, credentials: [], name_mapping: 'when_ambiguous', protocol: 'auto', sandbox: {} });
    expect(toPatchBody({ ...form, env: 'TOKEN=t2' })).toMatchObject({ env: { TOKEN: 't2' }, sandbox: { network: false, memory_mb: 256 } });
  });

  it('checks the edit form and maps the API’s field names onto it', () => {
    const form = toEditForm(serverSchema.parse(view));
    expect(validate(editFormSchema, { ...form, call_timeout_seconds: '0', headers: 'no equals sign' })).toEqual({
      ok: false,
      errors: { call_timeout_seconds: 'At least 1 second.', headers: 'Write one Name=value per line.' },
    });
    expect(formField('sandbox.memory_mb')).toBe('memory_mb');
    expect(formField('credentials[0].name')).toBe('credentials');
    expect(formField('call_timeout_seconds')).toBe('call_timeout_seconds');
  });
});
