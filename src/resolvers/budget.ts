import { getAppContext } from '@forge/api';

/** Resolver invocations have 25 s (FORGE-NOTES.md "Runtime limits"). */
const RESOLVER_LIMIT_MS = 25_000;

/**
 * Milliseconds left in this invocation, from the platform when it says, else an estimate from when the
 * invocation started and its limit (`limitMs`: 25 s for resolvers, the function's `timeoutSeconds` otherwise).
 */
export function remainingMs(startedAt: number, limitMs: number = RESOLVER_LIMIT_MS): () => number {
  return () => {
    try {
      return getAppContext().invocationRemainingTimeInMillis();
    } catch {
      return limitMs - (Date.now() - startedAt);
    }
  };
}
