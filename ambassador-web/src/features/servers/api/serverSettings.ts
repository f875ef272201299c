import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/** A credential the server asks each user for, delivered as an environment variable or a header. */
export const credentialSpecSchema = z.object({
  name: z.string(),
  env_var: z.string().nullish(),
  header: z.string().nullish(),
  description: z.string().nullish(),
  required: z.boolean(),
});
export type CredentialSpec = z.infer<typeof credentialSpecSchema>;

export const sandboxSchema = z.object({
  network: z.boolean().nullish(),
  memory_mb: z.number().nullish(),
  processes: z.number().nullish(),
  open_files: z.number().nullish(),
});
export type Sandbox = z.infer<typeof sandboxSchema>;

/** The MCP era the ambassador speaks to the entry's server in (docs/protocol.md). */
export const PROTOCOLS = ['auto', '2025-11-25', '2026-07-28'] as const;
/** Whether the entry's tool, prompt and resource names carry its slug as a prefix. */
export const NAME_MAPPINGS = ['always', 'never', 'when_ambiguous'] as const;

export const protocolOptions = [
  { value: 'auto', label: 'auto: the newest era the server offers' },
  { value: '2025-11-25', label: '2025-11-25: sessions, initialize' },
  { value: '2026-07-28', label: '2026-07-28: stateless, server/discover' },
] as const;

export const nameMappingOptions = [
  { value: 'always', label: 'always: every name prefixed with the slug' },
  { value: 'when_ambiguous', label: 'when_ambiguous: prefixed only when another server has the name' },
  { value: 'never', label: 'never: names as the server gives them (publishing refuses a collision)' },
] as const;

const NAME = /^[a-z0-9_]+$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER = /^[A-Za-z0-9-]+$/;

/**
 * Parses the credentials text area: one credential a line, `name | TARGET | required | description`,
 * where TARGET is an environment variable (stdio) or a header name (HTTP), and the last two are
 * optional. A bad line is reported by its number.
 */
export function credentialSpecs(
  text: string,
  transport: 'stdio' | 'http',
): { ok: true; value: CredentialSpec[] } | { ok: false; message: string } {
  const specs: CredentialSpec[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i]?.trim() ?? '';
    if (line === '') continue;
    const [name = '', target = '', flag = '', ...rest] = line.split('|').map((part) => part.trim());
    const where = `Line ${i + 1}`;
    if (!NAME.test(name)) return { ok: false, message: `${where}: the name takes lower-case letters, digits and _.` };
    if (transport === 'stdio' && !ENV_VAR.test(target)) return { ok: false, message: `${where}: give an environment variable name.` };
    if (transport === 'http' && !HEADER.test(target)) return { ok: false, message: `${where}: give a header name.` };
    if (flag !== '' && flag !== 'required' && flag !== 'optional') {
      return { ok: false, message: `${where}: write required or optional in the third place.` };
    }
    const description = rest.join('|').trim();
    if (description.length > 500) return { ok: false, message: `${where}: the description is at most 500 characters.` };
    specs.push({
      name,
      ...(transport === 'stdio' ? { env_var: target } : { header: target }),
      required: flag !== 'optional',
      ...(description ? { description } : {}),
    });
  }
  return { ok: true, value: specs };
}

const whole = (min: number) => (text: string) => text === '' || (/^\d+$/.test(text) && Number(text) >= min);

/** The sandbox fields as typed; empty limits mean the operator's default. */
export const sandboxFormSchema = z.object({
  network: z.boolean(),
  memory_mb: z.string().trim().refine(whole(64), 'At least 64 MiB, or leave it empty.'),
  processes: z.string().trim().refine(whole(1), 'At least 1, or leave it empty.'),
  open_files: z.string().trim().refine(whole(16), 'At least 16, or leave it empty.'),
});
export type SandboxForm = z.infer<typeof sandboxFormSchema>;

export function toSandbox(form: SandboxForm): Sandbox | undefined {
  const limit = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));
  const sandbox = {
    network: form.network ? undefined : false,
    memory_mb: limit(form.memory_mb),
    processes: limit(form.processes),
    open_files: limit(form.open_files),
  };
  return Object.values(sandbox).every((v) => v === undefined) ? undefined : sandbox;
}

export const instanceSchema = z.object({
  user_id: z.string().nullish(),
  pid: z.number(),
  alive: z.boolean(),
  stderr: z.array(z.string()),
});
export type Instance = z.infer<typeof instanceSchema>;

export function listInstances(slug: string, signal?: AbortSignal) {
  return request(`/v1/admin/servers/${encodeURIComponent(slug)}/instances`, z.array(instanceSchema), { signal });
}

export const instancesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['servers', slug, 'instances'] as const,
    queryFn: ({ signal }) => listInstances(slug, signal),
    refetchInterval: 15_000,
  });

export function useInstances(slug: string, enabled: boolean) {
  return useQuery({ ...instancesQueryOptions(slug), enabled });
}
