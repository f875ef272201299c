import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { createUserSchema } from './createUser';
import { issuedKeySchema, issueKeySchema, presharedKeySchema } from './presharedKeys';

describe('createUserSchema', () => {
  const good = { username: 'dev.one', display_name: '', password: '', roles: ['USER'] };

  it('accepts a user without a password', () => {
    expect(validate(createUserSchema, good)).toEqual({ ok: true, value: good });
  });

  it('names a bad username, a short password and missing roles', () => {
    expect(validate(createUserSchema, { username: '-x', display_name: '', password: 'short', roles: [] })).toEqual({
      ok: false,
      errors: {
        username: 'Letters, digits and . _ @ - only, starting with a letter or digit.',
        password: 'Use at least 12 characters, or leave it empty.',
        roles: 'Choose at least one role.',
      },
    });
  });
});

describe('preshared keys', () => {
  it('reads a listed key without any key material', () => {
    const listed = presharedKeySchema.parse({
      id: 'k1',
      user_id: 'u1',
      name: 'laptop',
      prefix: 'abcd1234',
      scopes: null,
      created_at: '2026-12-01T10:00:00Z',
      expires_at: null,
      revoked_at: null,
    });
    expect(listed).not.toHaveProperty('preshared_key');
  });

  it('accepts an issued key only when it is one', () => {
    expect(issuedKeySchema.safeParse({ id: 'k', prefix: 'p', name: 'n', preshared_key: 'amb_pk_x' }).success).toBe(true);
    expect(issuedKeySchema.safeParse({ id: 'k', prefix: 'p', name: 'n', preshared_key: 'amb_st_x' }).success).toBe(false);
  });

  it('requires a name and a real date when one is given', () => {
    expect(validate(issueKeySchema, { name: '', expires_at: 'soon' })).toEqual({
      ok: false,
      errors: { name: 'Name the device or purpose.', expires_at: 'Enter a date, or leave it empty.' },
    });
  });
});
