import { getAppContext } from '@forge/api';

/** Resolver invocations have 25 s (FORGE-NOTES.md "Runtime limits"). */
const RESOLVER_LIMIT_MS = 25_000;

/**
 * Milliseconds left in this invocation, from the platform when it says, else a conservative estimate from
 * when the invocation started.
 */
export function remainingMs(startedAt: number): () => number {
  return () => {
    try {
      return getAppContext().invocationRemainingTimeInMillis();
    } catch {
      return RESOLVER_LIMIT_MS - (Date.now() - startedAt);
    }
  };
}
