import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { keyValues, lines } from '../../../lib/forms';
import { request } from '../../../lib/http';
import { serverSchema, serversKey } from './listServers';
import { credentialSpecs, NAME_MAPPINGS, PROTOCOLS, sandboxFormSchema, toSandbox } from './serverSettings';

/** The catalog form as typed: text areas hold one argument, variable or header per line. */
export const serverFormSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Lower-case letters and digits, single dashes between them.')
      .max(63, 'At most 63 characters.'),
    display_name: z.string().trim().max(200, 'At most 200 characters.'),
    transport: z.enum(['stdio', 'http']),
    command: z.string(),
    env: z.string(),
    url: z.string().trim(),
    headers: z.string(),
    isolation: z.enum(['shared', 'per_user']),
    status: z.enum(['draft', 'published']),
    call_timeout_seconds: z.string().regex(/^\d*$/, 'Whole seconds, or leave it empty.'),
    credentials: z.string(),
    network: sandboxFormSchema.shape.network,
    memory_mb: sandboxFormSchema.shape.memory_mb,
    processes: sandboxFormSchema.shape.processes,
    open_files: sandboxFormSchema.shape.open_files,
    protocol: z.enum(PROTOCOLS),
    name_mapping: z.enum(NAME_MAPPINGS),
  })
  .superRefine((form, ctx) => {
    if (form.transport === 'stdio' && lines(form.command).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'Give the program and its arguments, one per line.' });
    }
    if (form.transport === 'stdio' && !keyValues(form.env).ok) {
      ctx.addIssue({ code: 'custom', path: ['env'], message: 'Write one NAME=value per line.' });
    }
    if (form.transport === 'http' && !/^https?:\/\/\S+$/.test(form.url)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'Give the server’s https:// address.' });
    }
    const credentials = credentialSpecs(form.credentials, form.transport);
    if (!credentials.ok) {
      ctx.addIssue({ code: 'custom', path: ['credentials'], message: credentials.message });
    }
    if (form.transport === 'http' && !keyValues(form.headers).ok) {
      ctx.addIssue({ code: 'custom', path: ['headers'], message: 'Write one Name=value per line.' });
    }
  });
export type ServerForm = z.infer<typeof serverFormSchema>;

/**
 * Turns the checked form into the API's body, sending only the fields of the chosen transport.
 */
export function toCreateBody(form: ServerForm): Record<string, unknown> {
  const common = {
    slug: form.slug,
    display_name: form.display_name || undefined,
    transport: form.transport,
    isolation: form.isolation,
    status: form.status,
    call_timeout_seconds: form.call_timeout_seconds ? Number(form.call_timeout_seconds) : undefined,
    credentials: credentialList(form),
    name_mapping: form.name_mapping,
    protocol: form.protocol,
  };
  if (form.transport === 'stdio') {
    const env = keyValues(form.env);
    return {
      ...common,
      command: lines(form.command),
      env: env.ok && Object.keys(env.value).length ? env.value : undefined,
      sandbox: toSandbox(form),
    };
  }
  const headers = keyValues(form.headers);
  return { ...common, url: form.url, headers: headers.ok && Object.keys(headers.value).length ? headers.value : undefined };
}

function credentialList(form: ServerForm) {
  const parsed = credentialSpecs(form.credentials, form.transport);
  return parsed.ok && parsed.value.length > 0 ? parsed.value : undefined;
}

export function createServer(form: ServerForm) {
  return request('/v1/admin/servers', serverSchema, { method: 'POST', body: toCreateBody(form) });
}

export function useCreateServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createServer,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serversKey }),
  });
}
