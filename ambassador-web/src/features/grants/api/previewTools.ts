import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

const discoveredSchema = z.object({ tools: z.array(z.object({ name: z.string() })) });

/** The tool names a server offers, for previewing what a grant's patterns let through. */
export async function listServerToolNames(slug: string): Promise<string[]> {
  const found = await request(`/v1/admin/servers/${encodeURIComponent(slug)}/discover`, discoveredSchema, { method: 'POST' });
  return found.tools.map((tool) => tool.name);
}

export const serverToolsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['grants', 'preview', slug] as const,
    queryFn: () => listServerToolNames(slug),
    enabled: slug.length > 0,
    staleTime: 60_000,
    retry: false,
  });

export function useServerToolNames(slug: string) {
  return useQuery(serverToolsQueryOptions(slug));
}

/** The server's glob: `*` any run of characters, `?` exactly one; everything else literal. */
export function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(name);
}

/** Which tools a grant lets through: allowed by some pattern and denied by none (deny wins). */
export function allowedTools(tools: readonly string[], allow: readonly string[], deny: readonly string[]): string[] {
  return tools.filter((tool) => allow.some((p) => globMatches(p, tool)) && !deny.some((p) => globMatches(p, tool)));
}
