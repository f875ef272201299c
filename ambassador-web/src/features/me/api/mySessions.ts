import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

export const mySessionSchema = z.object({
  id: z.string(),
  preshared_key_id: z.string(),
  client_name: z.string(),
  host_tool: z.string().nullish(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type MySession = z.infer<typeof mySessionSchema>;

export const mySessionsKey = ['me', 'sessions'] as const;

export function listMySessions(signal?: AbortSignal) {
  return request('/v1/me/sessions', z.array(mySessionSchema), { signal });
}

export const mySessionsQueryOptions = queryOptions({
  queryKey: mySessionsKey,
  queryFn: ({ signal }) => listMySessions(signal),
  refetchInterval: 30_000,
});

export function useMySessions() {
  return useQuery(mySessionsQueryOptions);
}

export function endMySession(id: string) {
  return request(`/v1/me/sessions/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useEndMySession() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: endMySession, onSuccess: () => queryClient.invalidateQueries({ queryKey: mySessionsKey }) });
}
