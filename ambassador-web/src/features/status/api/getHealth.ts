export interface Health {
  status: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isHealth(value: unknown): value is Health {
  return isRecord(value) && typeof value.status === 'string' && value.status.length > 0;
}

/** Returns the health document, or undefined when the value is not one. */
export function parseHealth(value: unknown): Health | undefined {
  return isHealth(value) ? { status: value.status } : undefined;
}

/**
 * Fetches the server's health from the same origin. Spring Boot answers 200 with
 * {"status":"UP"}, or 503 with {"status":"DOWN"}, so the body is read for either.
 * Resolves to undefined when the server cannot be reached or answers something else.
 */
export async function getHealth(signal?: AbortSignal): Promise<Health | undefined> {
  try {
    const response = await fetch('/actuator/health', {
      headers: { Accept: 'application/json' },
      signal,
    });
    const body: unknown = await response.json();
    return parseHealth(body);
  } catch {
    return undefined;
  }
}
