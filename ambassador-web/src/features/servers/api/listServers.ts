import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';
import { credentialSpecSchema, NAME_MAPPINGS, PROTOCOLS, sandboxSchema } from './serverSettings';

export const serverSchema = z.object({
  id: z.string(),
  slug: z.string(),
  display_name: z.string().nullish(),
  transport: z.enum(['stdio', 'http']),
  command: z.array(z.string()).nullish(),
  env_names: z.array(z.string()).nullish(),
  url: z.string().nullish(),
  header_names: z.array(z.string()).nullish(),
  isolation: z.string().nullish(),
  status: z.enum(['draft', 'published', 'archived']),
  call_timeout_seconds: z.number().nullish(),
  sandbox: sandboxSchema.nullish(),
  credentials: z.array(credentialSpecSchema).nullish(),
  protocol: z.enum(PROTOCOLS).nullish(),
  name_mapping: z.enum(NAME_MAPPINGS).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type Server = z.infer<typeof serverSchema>;

export const serversKey = ['servers'] as const;

export function listServers(signal?: AbortSignal) {
  return request('/v1/admin/servers', z.array(serverSchema), { signal });
}

export const serversQueryOptions = queryOptions({ queryKey: serversKey, queryFn: ({ signal }) => listServers(signal) });

export function useServers() {
  return useQuery(serversQueryOptions);
}
