// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyReveal } from './KeyReveal';

const issued = { id: 'k1', prefix: 'abcd1234', name: 'laptop', preshared_key: 'amb_pk_secret-value' };

afterEach(cleanup);

describe('KeyReveal', () => {
  it('copies the key and forgets it when dismissed', async () => {
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    const onDismiss = vi.fn();
    render(<KeyReveal issued={issued} onDismiss={onDismiss} />);

    expect(screen.getByTestId('issued-key').textContent).toBe('amb_pk_secret-value');
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith('amb_pk_secret-value');
    expect(await screen.findByText('Copied to the clipboard.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it('says so when copying fails', async () => {
    const user = userEvent.setup();
    render(<KeyReveal issued={issued} onDismiss={() => {}} />);
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));

    await user.click(screen.getByRole('button', { name: 'Copy key' }));

    expect(await screen.findByText('Copying failed: select the key and copy it by hand.')).toBeTruthy();
  });
});
