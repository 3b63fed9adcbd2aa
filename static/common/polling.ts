/**
 * The limits of polling background work (see `use-polling.ts`), as pure functions so they can be unit tested
 * (`tests/unit/static-scan.test.ts`) without a DOM.
 */

/** How often to ask, normally. */
export const POLL_INTERVAL_MS = 2_000;
/** Stop asking after this long (per piece of work; resuming starts the clock again). */
export const POLL_LIMIT_MS = 30 * 60_000;
/** Stop asking after this many failures in a row. */
export const POLL_MAX_FAILURES = 5;
const MAX_BACKOFF_MS = 30_000;

/** The wait before the next call: the interval, doubled for each failure in a row, at most 30 seconds. */
export function nextPollDelay(intervalMs: number, failures: number): number {
  return Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.max(0, Math.min(failures, 10)));
}

/** Why polling stopped before the work finished. */
export type PollStop = 'time' | 'errors';

/** Whether to keep polling, given when it started and how many calls failed in a row. */
export function pollStopReason(startedAt: number, now: number, failures: number, limitMs = POLL_LIMIT_MS, maxFailures = POLL_MAX_FAILURES): PollStop | null {
  if (failures >= maxFailures) return 'errors';
  if (now - startedAt >= limitMs) return 'time';
  return null;
}
