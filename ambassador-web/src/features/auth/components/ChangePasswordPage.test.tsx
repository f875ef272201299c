// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangePasswordPage } from './ChangePasswordPage';

function renderPage() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ChangePasswordPage forced />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

async function fill(current: string, next: string, again = next) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
  await user.type(screen.getByLabelText('Repeat the new password'), again);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('ChangePasswordPage', () => {
  it('checks the form before asking the server', async () => {
    const fetcher = vi.fn();
    vi.stubGlobal('fetch', fetcher);
    renderPage();

    await fill('old', 'short', 'shorts');

    expect(fetcher).not.toHaveBeenCalled();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Use at least 12 characters.')).toBeTruthy();
    expect(screen.getByText('The two new passwords differ.')).toBeTruthy();
  });

  it('shows the server’s strength feedback on the new password and sends the CSRF header', async () => {
    document.cookie = 'XSRF-TOKEN=csrf-123';
    const fetcher = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            type: 'https://mcp-ambassador.dev/problems/invalid-field',
            status: 400,
            detail: 'password: too guessable',
            errors: [{ field: 'password', message: 'is too easy to guess: add another word or two' }],
          }),
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    );
    vi.stubGlobal('fetch', fetcher);
    renderPage();

    await fill('generated-password', 'aaaaaaaaaaaa');

    expect(await screen.findByText('is too easy to guess: add another word or two')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    const [url, init] = fetcher.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/v1/me/password');
    expect(init.method).toBe('PUT');
    expect((init.headers as Record<string, string>)['X-XSRF-TOKEN']).toBe('csrf-123');
    expect(JSON.parse(init.body as string)).toEqual({ current_password: 'generated-password', new_password: 'aaaaaaaaaaaa' });
  });
});
