import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { keyValues } from '../../../lib/forms';
import { request } from '../../../lib/http';
import { serverSchema, serversKey, type Server } from './listServers';
import { credentialSpecs, NAME_MAPPINGS, PROTOCOLS, sandboxFormSchema, toSandbox, type CredentialSpec } from './serverSettings';

/**
 * The edit form of an existing entry. Its transport, slug and command stay as they are. Environment
 * values and header values are write-only: the fields start empty, and empty keeps the stored
 * values, because the API replaces all of them or none (`env`/`headers` omitted keeps them).
 */
export const editFormSchema = z
  .object({
    transport: z.enum(['stdio', 'http']),
    display_name: z.string().trim().max(200, 'At most 200 characters.'),
    call_timeout_seconds: z
      .string()
      .trim()
      .regex(/^\d*$/, 'Whole seconds, or leave it empty.')
      .refine((text) => text === '' || Number(text) > 0, 'At least 1 second.'),
    credentials: z.string(),
    network: sandboxFormSchema.shape.network,
    memory_mb: sandboxFormSchema.shape.memory_mb,
    processes: sandboxFormSchema.shape.processes,
    open_files: sandboxFormSchema.shape.open_files,
    protocol: z.enum(PROTOCOLS),
    name_mapping: z.enum(NAME_MAPPINGS),
    env: z.string(),
    headers: z.string(),
  })
  .superRefine((form, ctx) => {
    const credentials = credentialSpecs(form.credentials, form.transport);
    if (!credentials.ok) {
      ctx.addIssue({ code: 'custom', path: ['credentials'], message: credentials.message });
    }
    if (form.transport === 'stdio' && !keyValues(form.env).ok) {
      ctx.addIssue({ code: 'custom', path: ['env'], message: 'Write one NAME=value per line.' });
    }
    if (form.transport === 'http' && !keyValues(form.headers).ok) {
      ctx.addIssue({ code: 'custom', path: ['headers'], message: 'Write one Name=value per line.' });
    }
  });
export type EditForm = z.infer<typeof editFormSchema>;

/** The credentials as the text area shows them: `name | TARGET | required or optional | description`. */
export function credentialsText(specs: readonly CredentialSpec[]): string {
  return specs
    .map((spec) =>
      [spec.name, spec.env_var ?? spec.header ?? '', spec.required ? 'required' : 'optional', spec.description ?? '']
        .filter((part, i) => i < 3 || part !== '')
        .join(' | '),
    )
    .join('\n');
}

/** The form filled with the entry's current settings; write-only values start empty. */
export function toEditForm(server: Server): EditForm {
  const limit = (value: number | null | undefined) => (value == null ? '' : String(value));
  return {
    transport: server.transport,
    display_name: server.display_name ?? '',
    call_timeout_seconds: limit(server.call_timeout_seconds),
    credentials: credentialsText(server.credentials ?? []),
    network: server.sandbox?.network !== false,
    memory_mb: limit(server.sandbox?.memory_mb),
    processes: limit(server.sandbox?.processes),
    open_files: limit(server.sandbox?.open_files),
    protocol: server.protocol ?? 'auto',
    name_mapping: server.name_mapping ?? 'always',
    env: '',
    headers: '',
  };
}

/**
 * The PATCH body. Empty display name and call timeout keep the current ones; credentials and the
 * sandbox are sent whole (an empty list or `{}` clears them); environment and headers only when
 * given, and then they replace all stored values of their kind.
 */
export function toPatchBody(form: EditForm): Record<string, unknown> {
  const parsed = credentialSpecs(form.credentials, form.transport);
  const common = {
    display_name: form.display_name || undefined,
    call_timeout_seconds: form.call_timeout_seconds ? Number(form.call_timeout_seconds) : undefined,
    credentials: parsed.ok ? parsed.value : undefined,
    name_mapping: form.name_mapping,
    protocol: form.protocol,
  };
  if (form.transport === 'stdio') {
    const env = keyValues(form.env);
    return {
      ...common,
      sandbox: toSandbox(form) ?? {},
      env: env.ok && Object.keys(env.value).length ? env.value : undefined,
    };
  }
  const headers = keyValues(form.headers);
  return {
    ...common,
    headers: headers.ok && Object.keys(headers.value).length ? headers.value : undefined,
  };
}

/**
 * The API names fields as the body does (`sandbox.memory_mb`, `credentials[0].name`); the form has
 * one field for each of those.
 */
export function formField(apiField: string): string {
  if (apiField.startsWith('sandbox.')) return apiField.slice('sandbox.'.length).split(/[.[]/)[0] ?? apiField;
  return apiField.split(/[.[]/)[0] ?? apiField;
}

export function editServer(input: { slug: string; form: EditForm }) {
  return request(`/v1/admin/servers/${encodeURIComponent(input.slug)}`, serverSchema, {
    method: 'PATCH',
    body: toPatchBody(input.form),
  });
}

export function useEditServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: editServer,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serversKey }),
  });
}
