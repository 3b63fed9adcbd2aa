import type { ErrorKind } from '../../shared/result';

/**
 * A Confluence call that failed for good (after any retries). `kind` is what the UI shows; `status` is the last
 * HTTP status (0 for a network failure). `message` may name REST paths, so it is logged, never shown.
 */
export class ConfluenceError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConfluenceError';
  }
}

/**
 * The one place an HTTP status becomes an {@link ErrorKind} (STYLE.md "one status → error mapping").
 * - 401/403 whose body mentions a scope ("scope does not match", "Unauthorized; scope …") → `missing-scope`;
 *   other 401/403 → `not-permitted` (Atlassian: "Status codes", developer.atlassian.com/cloud/confluence/rest/v2/intro/#status-codes).
 * - 404 → `not-found`; 409/400 → `invalid-input`; 429 → `rate-limited`; 5xx or 0 → `upstream`.
 */
export function kindForStatus(status: number, body: string): ErrorKind {
  if (status === 401 || status === 403) return /scope/i.test(body) ? 'missing-scope' : 'not-permitted';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 409 || status === 413) return 'invalid-input';
  if (status === 429) return 'rate-limited';
  return 'upstream';
}

/**
 * Parses `Retry-After` (seconds, or an HTTP date) into milliseconds, or undefined when absent or unreadable.
 * @param now epoch ms, for HTTP-date values
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
