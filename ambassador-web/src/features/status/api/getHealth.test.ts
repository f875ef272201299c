import { describe, expect, it } from 'vitest';
import { parseHealth } from './getHealth';

describe('parseHealth', () => {
  it('accepts a health document with a status', () => {
    expect(parseHealth({ status: 'UP' })).toEqual({ status: 'UP' });
  });

  it('keeps only the status of a fuller document', () => {
    expect(parseHealth({ status: 'UP', components: { db: { status: 'UP' } } })).toEqual({ status: 'UP' });
  });

  it.each([null, undefined, 'UP', 42, [], {}, { status: 1 }, { status: '' }, { state: 'UP' }])(
    'rejects %j',
    (value) => {
      expect(parseHealth(value)).toBeUndefined();
    },
  );
});
