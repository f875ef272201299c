import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';
import { meKey, signedInSchema } from './getMe';

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username.'),
  password: z.string().min(1, 'Enter your password.'),
});
export type LoginInput = z.infer<typeof loginSchema>;

export function login(input: LoginInput) {
  return request('/v1/auth/login', signedInSchema, { method: 'POST', body: input });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (signedIn) => {
      // A new session: nothing cached for whoever was signed in before may show.
      queryClient.clear();
      queryClient.setQueryData(meKey, signedIn);
    },
  });
}
