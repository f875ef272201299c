import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';
import { meKey } from './getMe';

export const MIN_PASSWORD_LENGTH = 12;

/** The form: the new password twice. Strength (zxcvbn) is judged by the server, whose feedback is shown. */
export const passwordChangeSchema = z
  .object({
    current_password: z.string().min(1, 'Enter your current password.'),
    new_password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`),
    confirm_password: z.string(),
  })
  .refine((v) => v.new_password === v.confirm_password, {
    path: ['confirm_password'],
    message: 'The two new passwords differ.',
  })
  .refine((v) => v.new_password !== v.current_password, {
    path: ['new_password'],
    message: 'Choose a password different from the current one.',
  });
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

export function changePassword(input: PasswordChangeInput) {
  return request('/v1/me/password', noContent, {
    method: 'PUT',
    body: { current_password: input.current_password, new_password: input.new_password },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}
