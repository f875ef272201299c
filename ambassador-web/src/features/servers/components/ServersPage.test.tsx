// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ServersPage } from './ServersPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ServersPage create form', () => {
  it('offers the protocol for either transport and sends it with the name mapping', async () => {
    const sent: Array<Record<string, unknown>> = [];
    vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
      if (init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        sent.push(body);
        return new Response(JSON.stringify({ id: 'i', slug: body.slug, transport: 'http', status: 'draft' }), { status: 201 });
      }
      return new Response(JSON.stringify(path === '/v1/admin/servers' ? [] : null), { status: 200 });
    });
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false }, queries: { retry: false } } })}>
        <MemoryRouter>
          <ServersPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    expect((screen.getByLabelText('Protocol') as HTMLSelectElement).value).toBe('auto');
    await user.type(screen.getByLabelText('Slug'), 'remote');
    await user.selectOptions(screen.getByLabelText('Transport'), 'http');
    await user.type(screen.getByLabelText('URL'), 'https://tools.example/mcp');
    await user.selectOptions(screen.getByLabelText('Protocol'), '2026-07-28');
    await user.selectOptions(screen.getByLabelText('Name mapping'), 'when_ambiguous');
    await user.click(screen.getByRole('button', { name: 'Add server' }));

    await screen.findByText('Added remote.');
    expect(sent).toEqual([expect.objectContaining({ slug: 'remote', transport: 'http', protocol: '2026-07-28', name_mapping: 'when_ambiguous' })]);
  });
});
