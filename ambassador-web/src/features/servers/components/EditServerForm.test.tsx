// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverSchema, type Server } from '../api/listServers';
import { EditServerForm } from './EditServerForm';

const stdioServer: Server = serverSchema.parse({
  id: '6a0c6c3e-1111-4222-8333-944445555666',
  slug: 'everything',
  display_name: 'Everything',
  transport: 'stdio',
  command: ['node', 'index.js'],
  env_names: ['API_TOKEN'],
  url: null,
  header_names: null,
  isolation: 'shared',
  status: 'draft',
  call_timeout_seconds: null,
  sandbox: { network: false, memory_mb: null, processes: null, open_files: null },
  credentials: [],
  protocol: 'auto',
  name_mapping: 'always',
});

function renderForm(server: Server = stdioServer) {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <EditServerForm server={server} />
    </QueryClientProvider>,
  );
}

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' } });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('EditServerForm', () => {
  it('shows the current settings, names the write-only variables and never their values', () => {
    renderForm();
    expect((screen.getByLabelText('Display name') as HTMLInputElement).value).toBe('Everything');
    expect((screen.getByLabelText('Network access') as HTMLInputElement).checked).toBe(false);
    const env = screen.getByLabelText('Replace the environment') as HTMLTextAreaElement;
    expect(env.value).toBe('');
    expect(env.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/Empty keeps the stored API_TOKEN/)).toBeTruthy();
    expect((screen.getByLabelText('Protocol') as HTMLSelectElement).value).toBe('auto');
    expect(screen.getByLabelText('Name mapping')).toBeTruthy();
  });

  it('sends the changed call timeout with the CSRF header and leaves the environment out', async () => {
    document.cookie = 'XSRF-TOKEN=csrf-9';
    const fetcher = vi.fn(async (_path: string, init: RequestInit) => {
      const sent = JSON.parse(String(init.body)) as Record<string, unknown>;
      return answer(200, { ...stdioServer, call_timeout_seconds: sent.call_timeout_seconds });
    });
    vi.stubGlobal('fetch', fetcher);
    renderForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Call timeout (seconds)'), '45');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Saved.');
    expect(fetcher).toHaveBeenCalledTimes(1);
    const [path, init] = fetcher.mock.calls[0] ?? [];
    expect(path).toBe('/v1/admin/servers/everything');
    expect(init?.method).toBe('PATCH');
    expect(new Headers(init?.headers).get('X-XSRF-TOKEN')).toBe('csrf-9');
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ call_timeout_seconds: 45, sandbox: { network: false }, name_mapping: 'always', credentials: [] });
    expect(body).not.toHaveProperty('env');
  });

  it('checks the form before asking the server, and focuses the first bad field', async () => {
    const fetcher = vi.fn();
    vi.stubGlobal('fetch', fetcher);
    renderForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Memory limit (MiB)'), '10');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(fetcher).not.toHaveBeenCalled();
    const memory = screen.getByLabelText('Memory limit (MiB)');
    expect(memory.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('At least 64 MiB, or leave it empty.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(memory));
  });

  it('puts the server’s 400 on the field it names', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(400, {
        status: 400,
        detail: 'call_timeout_seconds: must be at most 300',
        errors: [{ field: 'call_timeout_seconds', message: 'must be at most 300 (ambassador.mcp.max-call-timeout)' }],
      }),
    );
    renderForm();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Call timeout (seconds)'), '9000');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const field = screen.getByLabelText('Call timeout (seconds)');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('must be at most 300 (ambassador.mcp.max-call-timeout)')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.queryByText('Saved.')).toBeNull();
  });

  it('shows a 409 next to the form as an alert and focuses it', async () => {
    const detail = "Server 'everything' cannot be published with name_mapping never: tool echo is offered by other. Use name_mapping when_ambiguous or always; the entry was left published.";
    vi.stubGlobal('fetch', async () => answer(409, { status: 409, title: 'Conflict', detail }));
    renderForm({ ...stdioServer, status: 'published' });
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Name mapping'), 'never');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(detail);
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('offers the protocol for an http entry', async () => {
    const fetcher = vi.fn(async () => answer(200, { ...stdioServer, transport: 'http' }));
    vi.stubGlobal('fetch', fetcher);
    renderForm({ ...stdioServer, transport: 'http', env_names: null, header_names: ['Authorization'], sandbox: null, url: 'https://x.example' });
    const user = userEvent.setup();
    expect(screen.queryByLabelText('Network access')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Protocol'), '2026-07-28');
    await user.type(screen.getByLabelText('Replace the headers'), 'Authorization=Bearer t');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Saved.');
    const body = JSON.parse(String((fetcher.mock.calls[0] as unknown as [string, RequestInit])[1].body)) as Record<string, unknown>;
    expect(body).toMatchObject({ protocol: '2026-07-28', headers: { Authorization: 'Bearer t' } });
    expect(body).not.toHaveProperty('sandbox');
  });
});
