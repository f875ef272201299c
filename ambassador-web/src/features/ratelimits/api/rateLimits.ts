import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

export const RATE_LIMIT_SCOPES = ['user', 'key', 'server', 'tool', 'user_server'] as const;
export const MAX_BUDGET = 1_000_000;

export const rateLimitSchema = z.object({
  id: z.string(),
  scope: z.enum(RATE_LIMIT_SCOPES),
  target: z.string().nullish(),
  capacity: z.number().int(),
  refill_per_minute: z.number().int(),
  created_by: z.string().nullish(),
  created_at: z.string(),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

export const rateLimitsKey = ['rate-limits'] as const;

export function listRateLimits(signal?: AbortSignal) {
  return request('/v1/admin/rate-limits', z.array(rateLimitSchema), { signal });
}

export const rateLimitsQueryOptions = queryOptions({ queryKey: rateLimitsKey, queryFn: ({ signal }) => listRateLimits(signal) });

export function useRateLimits() {
  return useQuery(rateLimitsQueryOptions);
}

const budget = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${what} is a whole number.`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} is at least 1.`).max(MAX_BUDGET, `${what} is at most ${MAX_BUDGET}.`));

/** The form as typed: numbers arrive as text and are checked before anything is sent. */
export const createRateLimitSchema = z
  .object({
    scope: z.enum(RATE_LIMIT_SCOPES, 'Choose a scope.'),
    target: z.string().trim().max(500, 'At most 500 characters.'),
    capacity: budget('Capacity'),
    refill_per_minute: budget('Refill per minute'),
  })
  .refine((input) => input.scope !== 'tool' || input.target === '' || /^[^/]+\/.+$/.test(input.target), {
    path: ['target'],
    message: 'Name the tool as <server>/<tool>.',
  });
export type CreateRateLimitInput = z.infer<typeof createRateLimitSchema>;

/** An empty target means "each member of the scope": it is left out of the request. */
export function createRateLimit(input: CreateRateLimitInput) {
  return request('/v1/admin/rate-limits', rateLimitSchema, {
    method: 'POST',
    body: {
      scope: input.scope,
      target: input.target === '' ? undefined : input.target,
      capacity: input.capacity,
      refill_per_minute: input.refill_per_minute,
    },
  });
}

export function useCreateRateLimit() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createRateLimit, onSuccess: () => queryClient.invalidateQueries({ queryKey: rateLimitsKey }) });
}

export function deleteRateLimit(id: string) {
  return request(`/v1/admin/rate-limits/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useDeleteRateLimit() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteRateLimit, onSuccess: () => queryClient.invalidateQueries({ queryKey: rateLimitsKey }) });
}
