/**
 * When and how long to wait before retrying a Confluence call.
 *
 * Atlassian asks apps to honour `Retry-After` on 429 (and on 503 when present), and otherwise to back off
 * exponentially with jitter ("Rate limiting", developer.atlassian.com/cloud/confluence/rate-limiting/).
 * This module is pure: time and randomness come in as parameters.
 */

/** Tunables. All durations in milliseconds. */
export interface RetryPolicy {
  /** Attempts per request, the first included (so 1 = never retry). */
  maxAttempts: number;
  /** First backoff step; doubles each attempt. */
  baseDelayMs: number;
  /** Cap for one backoff wait (before jitter). */
  maxDelayMs: number;
  /** The longest `Retry-After` we wait out in-line; longer ones fail fast so a job can re-queue itself. */
  maxRetryAfterMs: number;
}

/** Defaults suited to a 25 s resolver: at most ~15 s of waiting for one request. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 20_000,
};

/**
 * A total number of retries shared by every request of one piece of work (a scan), so that a flapping
 * server cannot make the work take forever. `take()` returns false when it is spent.
 */
export class RetryBudget {
  private used = 0;
  constructor(readonly total: number) {}
  take(): boolean {
    if (this.used >= this.total) return false;
    this.used += 1;
    return true;
  }
  /** Retries spent so far. */
  get spent(): number {
    return this.used;
  }
}

/**
 * Full-jitter exponential backoff: a uniform wait in [0, min(maxDelay, base·2^(attempt-1))].
 * @param attempt 1 for the first retry
 * @param random a number in [0, 1)
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

/** True for statuses worth retrying: 429, 5xx other than 501 (not implemented), and 0 (network failure). */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || (status >= 500 && status !== 501);
}
