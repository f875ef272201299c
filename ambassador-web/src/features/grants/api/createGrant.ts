import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { lines } from '../../../lib/forms';
import { request } from '../../../lib/http';
import { grantSchema, grantsKey } from './listGrants';

export const grantFormSchema = z
  .object({
    principal: z.string().regex(/^(user|group):.+$/, 'Choose a user or a group.'),
    server: z.string().min(1, 'Choose a server.'),
    allow: z.string(),
    deny: z.string(),
  })
  .refine((form) => lines(form.allow).length > 0, { path: ['allow'], message: 'Allow at least one pattern, e.g. *.' });
export type GrantForm = z.infer<typeof grantFormSchema>;

export function toGrantBody(form: GrantForm) {
  const [kind, id] = [form.principal.slice(0, form.principal.indexOf(':')), form.principal.slice(form.principal.indexOf(':') + 1)];
  return {
    ...(kind === 'user' ? { user_id: id } : { group_id: id }),
    server: form.server,
    allow: lines(form.allow),
    deny: lines(form.deny),
  };
}

export function createGrant(form: GrantForm) {
  return request('/v1/admin/grants', grantSchema, { method: 'POST', body: toGrantBody(form) });
}

export function useCreateGrant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createGrant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: grantsKey }),
  });
}
