import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/** Who and what a grant can name: users, groups and catalog servers, each by id or slug and name only. */
const principalSchema = z.object({ id: z.string(), username: z.string() });
const groupSchema = z.object({ id: z.string(), name: z.string() });
const serverSchema = z.object({ slug: z.string(), status: z.string() });

export const grantTargetsSchema = z.object({
  users: z.array(principalSchema),
  groups: z.array(groupSchema),
  servers: z.array(serverSchema),
});
export type GrantTargets = z.infer<typeof grantTargetsSchema>;

export async function listGrantTargets(signal?: AbortSignal): Promise<GrantTargets> {
  const [users, groups, servers] = await Promise.all([
    request('/v1/admin/users', z.array(principalSchema), { signal }),
    request('/v1/admin/groups', z.array(groupSchema), { signal }),
    request('/v1/admin/servers', z.array(serverSchema), { signal }),
  ]);
  return { users, groups, servers };
}

export const grantTargetsQueryOptions = queryOptions({
  queryKey: ['grants', 'targets'] as const,
  queryFn: ({ signal }) => listGrantTargets(signal),
});

export function useGrantTargets() {
  return useQuery(grantTargetsQueryOptions);
}
