import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { passwordChangeSchema } from './changePassword';
import { signedInSchema } from './getMe';
import { loginSchema } from './login';

describe('signedInSchema', () => {
  const user = {
    id: '6f1c',
    username: 'admin',
    display_name: 'Administrator',
    roles: ['ADMIN', 'USER'],
    status: 'active',
    created_at: '2026-12-01T10:00:00Z',
  };

  it('reads the flag that forces a password change', () => {
    expect(signedInSchema.parse({ user, password_change_required: true }).password_change_required).toBe(true);
  });

  it('treats a server without the flag as not requiring a change', () => {
    expect(signedInSchema.parse({ user }).password_change_required).toBe(false);
  });

  it('refuses an unknown role', () => {
    expect(signedInSchema.safeParse({ user: { ...user, roles: ['ROOT'] } }).success).toBe(false);
  });
});

describe('loginSchema', () => {
  it('names both empty fields', () => {
    expect(validate(loginSchema, { username: ' ', password: '' })).toEqual({
      ok: false,
      errors: { username: 'Enter your username.', password: 'Enter your password.' },
    });
  });
});

describe('passwordChangeSchema', () => {
  const good = { current_password: 'old', new_password: 'Quiet-harbour-lanterns', confirm_password: 'Quiet-harbour-lanterns' };

  it('accepts a long, confirmed, different password', () => {
    expect(validate(passwordChangeSchema, good).ok).toBe(true);
  });

  it('refuses a short password', () => {
    expect(validate(passwordChangeSchema, { ...good, new_password: 'short', confirm_password: 'short' })).toEqual({
      ok: false,
      errors: { new_password: 'Use at least 12 characters.' },
    });
  });

  it('refuses a confirmation that differs', () => {
    expect(validate(passwordChangeSchema, { ...good, confirm_password: 'Quiet-harbour-lantern' })).toMatchObject({
      errors: { confirm_password: 'The two new passwords differ.' },
    });
  });

  it('refuses reusing the current password', () => {
    const same = { current_password: good.new_password, new_password: good.new_password, confirm_password: good.new_password };
    expect(validate(passwordChangeSchema, same)).toMatchObject({ errors: { new_password: expect.any(String) } });
  });
});
