import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { request } from '../../../lib/http';

/**
 * One audit row. The fields the list shows are named; the rest (arguments, detail, hashes …) are
 * kept as they came so the detail drawer can show the whole record, as text.
 */
export const auditEventSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.string(),
  at: z.string(),
  username: z.string().nullish(),
  user_id: z.string().nullish(),
  server: z.string().nullish(),
  kind: z.string().nullish(),
  subject: z.string().nullish(),
  decision: z.string().nullish(),
  stage: z.string().nullish(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  next_cursor: z.string().nullish(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The filters the audit API takes; empty ones are left out. */
export interface AuditFilters {
  from: string;
  to: string;
  user: string;
  server: string;
  tool: string;
  type: string;
  decision: string;
  era: string;
}

export const NO_FILTERS: AuditFilters = { from: '', to: '', user: '', server: '', tool: '', type: '', decision: '', era: '' };

export const DECISIONS = ['allowed', 'denied', 'ok', 'error', 'refused'] as const;

/** The MCP protocol eras a request or result row can name. */
export const ERAS = ['legacy', 'modern'] as const;

export const PAGE_SIZE = 50;

/** Turns the filter form into query parameters: trimmed, empty ones dropped, local times as instants. */
export function auditParams(filters: AuditFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, raw] of Object.entries(filters) as [keyof AuditFilters, string][]) {
    const value = raw.trim();
    if (value === '') continue;
    if (name === 'from' || name === 'to') {
      const instant = new Date(value);
      params.set(name, Number.isNaN(instant.getTime()) ? value : instant.toISOString());
    } else {
      params.set(name, value);
    }
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

export function listAuditEvents(filters: AuditFilters, cursor: string | undefined, signal?: AbortSignal) {
  const params = auditParams(filters, { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
  return request(`/v1/audit/events?${params.toString()}`, auditPageSchema, { signal });
}

/** Pages of events, newest first; the next page starts after the cursor the last one returned. */
export const auditEventsQueryOptions = (filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', 'events', filters] as const,
    queryFn: ({ pageParam, signal }) => listAuditEvents(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: AuditPage) => last.next_cursor ?? undefined,
    retry: false,
  });

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery(auditEventsQueryOptions(filters));
}

/** Where the browser downloads every matching event; the server streams it. */
export function exportUrl(filters: AuditFilters, format: 'ndjson' | 'csv'): string {
  return `/v1/audit/export?${auditParams(filters, { format }).toString()}`;
}

export const verificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  first_broken_id: z.number().nullish(),
});
export type Verification = z.infer<typeof verificationSchema>;

export function verifyAuditChain(signal?: AbortSignal) {
  return request('/v1/audit/verify', verificationSchema, { signal });
}

export const auditVerificationQueryOptions = queryOptions({
  queryKey: ['audit', 'verify'] as const,
  queryFn: ({ signal }) => verifyAuditChain(signal),
  retry: false,
  staleTime: 60_000,
});

export function useAuditVerification() {
  return useQuery(auditVerificationQueryOptions);
}
