import { describe, expect, it } from 'vitest';
import { homeFor, visibleNav } from './roles';

describe('navigation by role', () => {
  it('shows a USER only their own pages', () => {
    expect(visibleNav(['USER']).map((i) => i.to)).toEqual(['/my/tools', '/my/credentials', '/my/sessions', '/account']);
    expect(homeFor(['USER'])).toBe('/my/tools');
  });
  it('shows an AUDITOR the audit trail and their account only', () => {
    expect(visibleNav(['AUDITOR']).map((i) => i.to)).toEqual(['/audit', '/account']);
    expect(homeFor(['AUDITOR'])).toBe('/audit');
  });
  it('shows an ADMIN everything', () => {
    expect(visibleNav(['ADMIN', 'USER']).map((i) => i.to)).toEqual(['/dashboard', '/users', '/groups', '/servers', '/grants', '/rate-limits', '/kill-switches', '/sessions', '/audit', '/my/tools', '/my/credentials', '/my/sessions', '/account']);
    expect(homeFor(['ADMIN'])).toBe('/dashboard');
  });
});
