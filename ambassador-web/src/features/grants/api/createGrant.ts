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
    prompt_allow: z.string(),
    prompt_deny: z.string(),
    resource_allow: z.string(),
    resource_deny: z.string(),
  })
  .refine((form) => [form.allow, form.prompt_allow, form.resource_allow].some((text) => lines(text).length > 0), {
    path: ['allow'],
    message: 'Allow at least one tool, prompt or resource pattern, e.g. *.',
  });
export type GrantForm = z.infer<typeof grantFormSchema>;

export function toGrantBody(form: GrantForm) {
  const [kind, id] = [form.principal.slice(0, form.principal.indexOf(':')), form.principal.slice(form.principal.indexOf(':') + 1)];
  return {
    ...(kind === 'user' ? { user_id: id } : { group_id: id }),
    server: form.server,
    allow: lines(form.allow),
    deny: lines(form.deny),
    prompt_allow: lines(form.prompt_allow),
    prompt_deny: lines(form.prompt_deny),
    resource_allow: lines(form.resource_allow),
    resource_deny: lines(form.resource_deny),
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
