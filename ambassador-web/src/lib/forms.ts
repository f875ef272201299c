import './zodConfig';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** Validates form values: either the parsed values or one message per field (by its first path segment). */
export function validate<S extends z.ZodType>(
  schema: S,
  values: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) {
    return { ok: true, value: result.data };
  }
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Splits a text area into trimmed, non-empty lines (argument vectors, glob lists). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Parses `NAME=value` lines; a line without `=` is reported by its number. */
export function keyValues(text: string): { ok: true; value: Record<string, string> } | { ok: false; line: number } {
  const value: Record<string, string> = {};
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i]?.trim() ?? '';
    if (line.length === 0) continue;
    const at = line.indexOf('=');
    if (at <= 0) return { ok: false, line: i + 1 };
    value[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return { ok: true, value };
}
