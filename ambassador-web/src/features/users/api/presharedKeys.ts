import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

const scopeSchema = z.object({ server: z.string(), allow: z.array(z.string()) });

export const presharedKeySchema = z.object({
  id: z.string(),
  user_id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(scopeSchema).nullish(),
  created_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  revoked_at: z.string().nullish(),
});
export type PresharedKey = z.infer<typeof presharedKeySchema>;

/** The answer to issuing a key: the only time the key itself is ever shown. */
export const issuedKeySchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  preshared_key: z.string().startsWith('amb_pk_'),
});
export type IssuedKey = z.infer<typeof issuedKeySchema>;

export const issueKeySchema = z.object({
  name: z.string().trim().min(1, 'Name the device or purpose.').max(200, 'At most 200 characters.'),
  expires_at: z
    .string()
    .refine((v) => v === '' || !Number.isNaN(Date.parse(v)), 'Enter a date, or leave it empty.'),
});

export const keysKey = (userId: string) => ['preshared-keys', userId] as const;

export function listPresharedKeys(userId: string, signal?: AbortSignal) {
  return request(`/v1/admin/preshared-keys?user_id=${encodeURIComponent(userId)}`, z.array(presharedKeySchema), {
    signal,
  });
}

export const presharedKeysQueryOptions = (userId: string) =>
  queryOptions({ queryKey: keysKey(userId), queryFn: ({ signal }) => listPresharedKeys(userId, signal) });

export function usePresharedKeys(userId: string) {
  return useQuery(presharedKeysQueryOptions(userId));
}

export function issuePresharedKey(input: { user_id: string; name: string; expires_at?: string }) {
  return request('/v1/admin/preshared-keys', issuedKeySchema, { method: 'POST', body: input });
}

export function useIssuePresharedKey(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: issuePresharedKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(userId) }),
  });
}

/** Revokes the key and every session registered with it. */
export function revokePresharedKey(id: string) {
  return request(`/v1/admin/preshared-keys/${encodeURIComponent(id)}`, noContent, { method: 'DELETE' });
}

export function useRevokePresharedKey(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokePresharedKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey(userId) }),
  });
}
