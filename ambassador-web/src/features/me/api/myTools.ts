import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/** A tool the caller's grants let through, named as their MCP client sees it. */
export const myToolSchema = z.object({
  name: z.string(),
  server: z.string(),
  tool: z.string(),
  title: z.string().nullish(),
  description: z.string().nullish(),
});
export type MyTool = z.infer<typeof myToolSchema>;

export function listMyTools(signal?: AbortSignal) {
  return request('/v1/me/tools', z.array(myToolSchema), { signal });
}

export const myToolsQueryOptions = queryOptions({ queryKey: ['me', 'tools'] as const, queryFn: ({ signal }) => listMyTools(signal) });

export function useMyTools() {
  return useQuery(myToolsQueryOptions);
}

/** Tools grouped by the server they come from, servers in name order. */
export function byServer(tools: readonly MyTool[]): Array<[string, MyTool[]]> {
  const groups = new Map<string, MyTool[]>();
  for (const tool of tools) {
    groups.set(tool.server, [...(groups.get(tool.server) ?? []), tool]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
