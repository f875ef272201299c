import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

export const grantSchema = z.object({
  id: z.string(),
  user_id: z.string().nullish(),
  group_id: z.string().nullish(),
  server: z.string(),
  allow: z.array(z.string()),
  deny: z.array(z.string()),
  prompt_allow: z.array(z.string()).nullish(),
  prompt_deny: z.array(z.string()).nullish(),
  resource_allow: z.array(z.string()).nullish(),
  resource_deny: z.array(z.string()).nullish(),
  created_at: z.string().nullish(),
});
export type Grant = z.infer<typeof grantSchema>;

export const grantsKey = ['grants'] as const;

export function listGrants(signal?: AbortSignal) {
  return request('/v1/admin/grants', z.array(grantSchema), { signal });
}

export const grantsQueryOptions = queryOptions({ queryKey: grantsKey, queryFn: ({ signal }) => listGrants(signal) });

export function useGrants() {
  return useQuery(grantsQueryOptions);
}
