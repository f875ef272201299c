import { describe, expect, it } from 'vitest';
import { activitySchema, instanceSchema, linePoints, niceMax } from './dashboard';

describe('dashboard', () => {
  it('rounds an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 49, 120].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 50, 200]);
  });

  it('spreads points across the width and scales them to the height', () => {
    expect(linePoints([0, 5, 10], 100, 50, 10)).toBe('0,50 50,25 100,0');
    expect(linePoints([20], 100, 50, 10)).toBe('0,0');
    expect(linePoints([], 100, 50, 10)).toBe('');
  });

  it('reads the activity answer', () => {
    const parsed = activitySchema.parse({
      from: '2026-12-01T10:00:00Z',
      to: '2026-12-01T11:00:00Z',
      per_minute: [{ minute: '2026-12-01T10:00:00Z', calls: 3, refused: 1 }],
      refusals_by_reason: [{ reason: 'kill_switch', count: 1 }],
    });
    expect(parsed.refusals_by_reason[0]?.reason).toBe('kill_switch');
  });

  it('reads a process without its owner (a shared process)', () => {
    expect(instanceSchema.parse({ user_id: null, pid: 12, alive: true, stderr: ['started'] }).alive).toBe(true);
  });
});
