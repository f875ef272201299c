import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

export const clientSessionSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  preshared_key_id: z.string(),
  client_name: z.string(),
  host_tool: z.string().nullish(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullish(),
});
export type ClientSession = z.infer<typeof clientSessionSchema>;

export const sessionsKey = ['sessions'] as const;

export function listSessions(signal?: AbortSignal) {
  return request('/v1/admin/sessions', z.array(clientSessionSchema), { signal });
}

export const sessionsQueryOptions = queryOptions({
  queryKey: sessionsKey,
  queryFn: ({ signal }) => listSessions(signal),
  refetchInterval: 30_000,
});

export function useSessions() {
  return useQuery(sessionsQueryOptions);
}

/** Ends a client session at once: its token is refused from the next request on. */
export function revokeSession(id: string) {
  return request(`/v1/admin/sessions/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeSession, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }) });
}
