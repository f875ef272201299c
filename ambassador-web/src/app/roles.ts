import type { Role } from '../lib/schemas';

export interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[];
}

/** Every page of the app and who may open it; the menu and the route guards both read this. */
export const NAV: readonly NavItem[] = [
  { to: '/dashboard', label: 'Dashboard', roles: ['ADMIN'] },
  { to: '/users', label: 'Users', roles: ['ADMIN'] },
  { to: '/groups', label: 'Groups', roles: ['ADMIN'] },
  { to: '/servers', label: 'Servers', roles: ['ADMIN'] },
  { to: '/grants', label: 'Grants', roles: ['ADMIN'] },
  { to: '/rate-limits', label: 'Rate limits', roles: ['ADMIN'] },
  { to: '/kill-switches', label: 'Kill switches', roles: ['ADMIN'] },
  { to: '/sessions', label: 'Sessions', roles: ['ADMIN'] },
  { to: '/audit', label: 'Audit', roles: ['ADMIN', 'AUDITOR'] },
  { to: '/my/tools', label: 'My tools', roles: ['USER'] },
  { to: '/my/credentials', label: 'My credentials', roles: ['USER'] },
  { to: '/my/sessions', label: 'My sessions', roles: ['USER'] },
  { to: '/account', label: 'Account', roles: ['ADMIN', 'AUDITOR', 'USER'] },
];

export function visibleNav(roles: readonly Role[]): NavItem[] {
  return NAV.filter((item) => item.roles.some((role) => roles.includes(role)));
}

/** Where a user lands after signing in: the first page their roles open. */
export function homeFor(roles: readonly Role[]): string {
  return visibleNav(roles)[0]?.to ?? '/account';
}
