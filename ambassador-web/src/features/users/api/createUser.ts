import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';
import { roleSchema, userSchema } from '../../../lib/schemas';
import { usersKey } from './listUsers';

/** The new-user form. A password is optional: users who only use MCP clients need none. */
export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, 'Letters, digits and . _ @ - only, starting with a letter or digit.'),
  display_name: z.string().trim().max(200, 'At most 200 characters.'),
  password: z.union([z.literal(''), z.string().min(12, 'Use at least 12 characters, or leave it empty.')]),
  roles: z.array(roleSchema).min(1, 'Choose at least one role.'),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export function createUser(input: CreateUserInput) {
  return request('/v1/admin/users', userSchema, {
    method: 'POST',
    body: {
      username: input.username,
      display_name: input.display_name || undefined,
      password: input.password || undefined,
      roles: input.roles,
    },
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}
