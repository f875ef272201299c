import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';
import { userSchema } from '../../../lib/schemas';

export const usersKey = ['users'] as const;

export function listUsers(signal?: AbortSignal) {
  return request('/v1/admin/users', z.array(userSchema), { signal });
}

export const usersQueryOptions = queryOptions({ queryKey: usersKey, queryFn: ({ signal }) => listUsers(signal) });

export function useUsers() {
  return useQuery(usersQueryOptions);
}
