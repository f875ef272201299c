import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { noContent, request } from '../../../lib/http';

/** One credential a server asks its users for: its name and whether it is set, never its value. */
export const myCredentialSchema = z.object({
  server: z.string(),
  name: z.string(),
  env_var: z.string().nullish(),
  header: z.string().nullish(),
  description: z.string().nullish(),
  required: z.boolean(),
  set: z.boolean(),
});
export type MyCredential = z.infer<typeof myCredentialSchema>;

export const myCredentialsKey = ['me', 'credentials'] as const;

export function listMyCredentials(signal?: AbortSignal) {
  return request('/v1/me/credentials', z.array(myCredentialSchema), { signal });
}

export const myCredentialsQueryOptions = queryOptions({ queryKey: myCredentialsKey, queryFn: ({ signal }) => listMyCredentials(signal) });

export function useMyCredentials() {
  return useQuery(myCredentialsQueryOptions);
}

export const MAX_VALUE_LENGTH = 8192;

/**
 * The values typed for one server: empty fields are left alone (the stored value stays), so at
 * least one must be filled in. Errors are keyed by the credential's name.
 */
export function credentialValues(
  typed: Readonly<Record<string, string>>,
): { ok: true; value: Record<string, string> } | { ok: false; errors: Record<string, string> } {
  const value: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [name, text] of Object.entries(typed)) {
    if (text === '') continue;
    if (text.length > MAX_VALUE_LENGTH) errors[name] = `At most ${MAX_VALUE_LENGTH} characters.`;
    else if (text.includes('\0')) errors[name] = 'Contains a character a credential cannot carry.';
    else value[name] = text;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(value).length === 0) return { ok: false, errors: { form: 'Type a value for at least one credential.' } };
  return { ok: true, value };
}

export function putMyCredentials(input: { server: string; values: Record<string, string> }) {
  return request(`/v1/me/credentials/${encodeURIComponent(input.server)}`, noContent, {
    method: 'PUT',
    body: { values: input.values },
  });
}

export function deleteMyCredentials(server: string) {
  return request(`/v1/me/credentials/${encodeURIComponent(server)}`, noContent, { method: 'DELETE' });
}

export function useMyCredentialChanges() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: myCredentialsKey });
  return {
    put: useMutation({ mutationFn: putMyCredentials, onSuccess: refresh }),
    remove: useMutation({ mutationFn: deleteMyCredentials, onSuccess: refresh }),
  };
}
