import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { userSchema, type Role } from '../../../lib/schemas';
import { usersKey } from './listUsers';

export interface UserPatch {
  id: string;
  status?: 'active' | 'suspended';
  roles?: Role[];
}

/** Suspends, reactivates or re-roles a user; suspending ends their sessions at once. */
export function updateUser({ id, ...patch }: UserPatch) {
  return request(`/v1/admin/users/${encodeURIComponent(id)}`, userSchema, { method: 'PATCH', body: patch });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
