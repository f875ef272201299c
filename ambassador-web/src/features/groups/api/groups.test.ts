import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { createGroupSchema, groupSchema } from './groups';

describe('groups', () => {
  it('reads a group', () => {
    expect(groupSchema.parse({ id: 'g', name: 'devs', description: null, created_at: '2026-12-01T00:00:00Z' }).name).toBe('devs');
  });

  it('requires a name', () => {
    expect(validate(createGroupSchema, { name: '  ', description: '' })).toEqual({ ok: false, errors: { name: 'Name the group.' } });
  });
});
