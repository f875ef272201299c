import { useMutation, useQueryClient } from '@tanstack/react-query';
import { noContent, request } from '../../../lib/http';

export function logout() {
  return request('/v1/auth/logout', noContent, { method: 'POST' });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => queryClient.clear(),
  });
}
