import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

const REFRESH = 30_000;

export const activitySchema = z.object({
  from: z.string(),
  to: z.string(),
  per_minute: z.array(z.object({ minute: z.string(), calls: z.number(), refused: z.number() })),
  refusals_by_reason: z.array(z.object({ reason: z.string(), count: z.number() })),
});
export type Activity = z.infer<typeof activitySchema>;

export function getActivity(signal?: AbortSignal) {
  return request('/v1/admin/activity?minutes=60', activitySchema, { signal });
}

export const activityQueryOptions = queryOptions({
  queryKey: ['dashboard', 'activity'] as const,
  queryFn: ({ signal }) => getActivity(signal),
  refetchInterval: REFRESH,
});

export function useActivity() {
  return useQuery(activityQueryOptions);
}

/** Only what the dashboard counts of each list: the rest of each entry is not read. */
const liveSessionSchema = z.object({ id: z.string(), client_name: z.string() });

export function listLiveSessions(signal?: AbortSignal) {
  return request('/v1/admin/sessions', z.array(liveSessionSchema), { signal });
}

export const liveSessionsQueryOptions = queryOptions({
  queryKey: ['dashboard', 'sessions'] as const,
  queryFn: ({ signal }) => listLiveSessions(signal),
  refetchInterval: REFRESH,
});

export function useLiveSessions() {
  return useQuery(liveSessionsQueryOptions);
}

const activeSwitchSchema = z.object({ id: z.string(), scope: z.string(), target: z.string().nullish(), reason: z.string(), created_at: z.string() });
export type ActiveSwitch = z.infer<typeof activeSwitchSchema>;

export function listActiveSwitches(signal?: AbortSignal) {
  return request('/v1/admin/kill-switches?active=true', z.array(activeSwitchSchema), { signal });
}

export const activeSwitchesQueryOptions = queryOptions({
  queryKey: ['dashboard', 'kill-switches'] as const,
  queryFn: ({ signal }) => listActiveSwitches(signal),
  refetchInterval: REFRESH,
});

export function useActiveSwitches() {
  return useQuery(activeSwitchesQueryOptions);
}

const serverSummarySchema = z.object({ slug: z.string(), transport: z.string(), status: z.string() });
export const instanceSchema = z.object({
  user_id: z.string().nullish(),
  pid: z.number(),
  alive: z.boolean(),
  stderr: z.array(z.string()),
});
export type Instance = z.infer<typeof instanceSchema>;

export function listServerSummaries(signal?: AbortSignal) {
  return request('/v1/admin/servers', z.array(serverSummarySchema), { signal });
}

export function listInstances(slug: string, signal?: AbortSignal) {
  return request(`/v1/admin/servers/${encodeURIComponent(slug)}/instances`, z.array(instanceSchema), { signal });
}

/** The processes of every published stdio server, server by server. */
export function useProcessHealth() {
  const servers = useQuery({
    queryKey: ['dashboard', 'servers'] as const,
    queryFn: ({ signal }) => listServerSummaries(signal),
    refetchInterval: REFRESH,
  });
  const watched = (servers.data ?? []).filter((s) => s.transport === 'stdio' && s.status === 'published');
  const instances = useQueries({
    queries: watched.map((server) => ({
      queryKey: ['dashboard', 'instances', server.slug] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) => listInstances(server.slug, signal),
      refetchInterval: REFRESH,
    })),
  });
  return {
    servers,
    rows: watched.map((server, i) => ({ slug: server.slug, instances: instances[i]?.data, error: instances[i]?.error })),
  };
}

/** A round upper bound for a chart's axis: 1, 2, 5 times a power of ten, at least 1. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** The points of a line through `values`, spread across `width` and scaled to `max` over `height`. */
export function linePoints(values: readonly number[], width: number, height: number, max: number): string {
  if (values.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((value, i) => `${round(i * step)},${round(height - (Math.min(value, max) / max) * height)}`)
    .join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
