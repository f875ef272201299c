import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/** One audit row as listed; fields the server adds later are ignored until this schema names them. */
export const auditEventSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.string().nullish(),
  occurred_at: z.string().nullish(),
  user: z.string().nullish(),
  server: z.string().nullish(),
  tool: z.string().nullish(),
  decision: z.string().nullish(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  next_cursor: z.string().nullish(),
});

export function listAuditEvents(signal?: AbortSignal) {
  return request('/v1/audit/events?limit=50', auditPageSchema, { signal });
}

export const auditEventsQueryOptions = queryOptions({
  queryKey: ['audit', 'events'] as const,
  queryFn: ({ signal }) => listAuditEvents(signal),
  retry: false,
});

export function useAuditEvents() {
  return useQuery(auditEventsQueryOptions);
}
