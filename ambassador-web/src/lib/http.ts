import { z } from 'zod';
import './zodConfig';

/** The name of the cookie the server sets for the double-submit CSRF check, and the header it expects. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'X-XSRF-TOKEN';

const problemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

/** A refused request: the problem document the server sent, or a stand-in when it sent none. */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  /** Messages per field (snake_case names, as the API reports them). */
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(status: number, type: string, detail: string, fieldErrors: Record<string, string> = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.fieldErrors = fieldErrors;
  }

  /** The last path segment of the problem type, e.g. "password-change-required". */
  get code(): string {
    return this.type.slice(this.type.lastIndexOf('/') + 1);
  }
}

/** Reads one cookie's value from a `document.cookie`-style string. */
export function readCookie(name: string, cookies: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(rest.join('='));
    }
  }
  return undefined;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /** Where cookies come from; tests pass their own. */
  cookies?: () => string;
  fetcher?: typeof fetch;
}

function browserCookies(): string {
  return typeof document === 'undefined' ? '' : document.cookie;
}

/** Builds the request: same origin, JSON, and on every mutation the CSRF header copied from its cookie. */
export function buildRequest(options: RequestOptions): RequestInit {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE, (options.cookies ?? browserCookies)());
    if (token !== undefined) {
      headers[CSRF_HEADER] = token;
    }
  }
  return {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  };
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const problem = problemSchema.safeParse(body);
  if (!problem.success) {
    return new ApiError(response.status, 'about:blank', response.statusText || 'The server refused the request.');
  }
  const fieldErrors: Record<string, string> = {};
  for (const error of problem.data.errors ?? []) {
    fieldErrors[error.field] = error.message;
  }
  return new ApiError(
    response.status,
    problem.data.type ?? 'about:blank',
    problem.data.detail ?? problem.data.title ?? 'The server refused the request.',
    fieldErrors,
  );
}

/**
 * Calls the API and parses the answer with `schema`: a body that does not match is an error,
 * never passed on unchecked. A refusal becomes an {@link ApiError} carrying the problem document.
 */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const response = await (options.fetcher ?? fetch)(path, buildRequest(options));
  if (!response.ok) {
    throw await errorFrom(response);
  }
  const body: unknown = response.status === 204 ? undefined : await response.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'unexpected-response', `Unexpected answer from ${path}.`);
  }
  return parsed.data;
}

/** For answers without a body (204). */
export const noContent = z.undefined();
