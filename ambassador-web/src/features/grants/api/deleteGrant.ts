import { useMutation, useQueryClient } from '@tanstack/react-query';
import { noContent, request } from '../../../lib/http';
import { grantsKey } from './listGrants';

export function deleteGrant(id: string) {
  return request(`/v1/admin/grants/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useDeleteGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteGrant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantsKey }),
  });
}
