import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/** A tool as the downstream describes it. Every string here is untrusted and is shown as text only. */
export const toolSchema = z.object({
  name: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});
export type Tool = z.infer<typeof toolSchema>;

export const discoverySchema = z.object({ tools: z.array(toolSchema) });

/** Starts the server if needed and asks it for its tools. */
export function discoverTools(slug: string) {
  return request(`/v1/admin/servers/${encodeURIComponent(slug)}/discover`, discoverySchema, { method: 'POST' });
}

export function useDiscoverTools() {
  return useMutation({ mutationFn: discoverTools });
}
