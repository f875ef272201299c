import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';
import { userSchema } from '../../../lib/schemas';

export const signedInSchema = z.object({
  user: userSchema,
  password_change_required: z.boolean().default(false),
});
export type SignedIn = z.infer<typeof signedInSchema>;

export const meKey = ['auth', 'me'] as const;

/** Who is signed in; a 401 means nobody is. */
export function getMe(signal?: AbortSignal): Promise<SignedIn> {
  return request('/v1/auth/me', signedInSchema, { signal });
}

export const meQueryOptions = queryOptions({
  queryKey: meKey,
  queryFn: ({ signal }) => getMe(signal),
  retry: false,
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQueryOptions);
}
