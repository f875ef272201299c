import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { serverSchema, serversKey } from './listServers';

/** Publishes, archives or returns a catalog entry to draft. */
export function updateServerStatus(input: { slug: string; status: 'draft' | 'published' | 'archived' }) {
  return request(`/v1/admin/servers/${encodeURIComponent(input.slug)}`, serverSchema, {
    method: 'PATCH',
    body: { status: input.status },
  });
}

export function useUpdateServerStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateServerStatus,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serversKey }),
  });
}
