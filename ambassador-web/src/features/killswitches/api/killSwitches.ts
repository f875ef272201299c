import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

export const KILL_SWITCH_SCOPES = ['global', 'server', 'tool', 'user', 'key'] as const;

export const killSwitchSchema = z.object({
  id: z.string(),
  scope: z.enum(KILL_SWITCH_SCOPES),
  target: z.string().nullish(),
  reason: z.string(),
  active: z.boolean(),
  created_by: z.string().nullish(),
  created_at: z.string(),
  lifted_by: z.string().nullish(),
  lifted_at: z.string().nullish(),
});
export type KillSwitch = z.infer<typeof killSwitchSchema>;

export const killSwitchesKey = ['kill-switches'] as const;

export function listKillSwitches(signal?: AbortSignal) {
  return request('/v1/admin/kill-switches', z.array(killSwitchSchema), { signal });
}

export const killSwitchesQueryOptions = queryOptions({
  queryKey: killSwitchesKey,
  queryFn: ({ signal }) => listKillSwitches(signal),
  refetchInterval: 30_000,
});

export function useKillSwitches() {
  return useQuery(killSwitchesQueryOptions);
}

/** A reason is required; a global switch has no target, every other scope needs one. */
export const createKillSwitchSchema = z
  .object({
    scope: z.enum(KILL_SWITCH_SCOPES, 'Choose a scope.'),
    target: z.string().trim().max(500, 'At most 500 characters.'),
    reason: z.string().trim().min(1, 'Say why: the reason is shown to whoever is refused.').max(1000, 'At most 1000 characters.'),
  })
  .superRefine((input, ctx) => {
    if (input.scope === 'global' && input.target !== '') {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'A global kill switch has no target.' });
    } else if (input.scope !== 'global' && input.target === '') {
      ctx.addIssue({ code: 'custom', path: ['target'], message: `A ${input.scope} kill switch needs a target.` });
    } else if (input.scope === 'tool' && !/^[^/]+\/.+$/.test(input.target)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'Name the tool as <server>/<tool>.' });
    }
  });
export type CreateKillSwitchInput = z.infer<typeof createKillSwitchSchema>;

export function createKillSwitch(input: CreateKillSwitchInput) {
  return request('/v1/admin/kill-switches', killSwitchSchema, {
    method: 'POST',
    body: { scope: input.scope, target: input.scope === 'global' ? undefined : input.target, reason: input.reason },
  });
}

export function useCreateKillSwitch() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createKillSwitch, onSuccess: () => queryClient.invalidateQueries({ queryKey: killSwitchesKey }) });
}

/** Lifts a switch; it stays listed with who lifted it and when. */
export function liftKillSwitch(id: string) {
  return request(`/v1/admin/kill-switches/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useLiftKillSwitch() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: liftKillSwitch, onSuccess: () => queryClient.invalidateQueries({ queryKey: killSwitchesKey }) });
}
