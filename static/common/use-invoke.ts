import { useCallback, useEffect, useState } from 'react';
import type { UiError } from './errors';
import { callResolver, type Payload } from './resolver';

/** Where a load is: waiting, failed, or done. */
export type LoadState<T> = { status: 'loading' } | { status: 'error'; error: UiError } | { status: 'ready'; data: T };

/** What {@link useInvoke} gives a component. */
export interface Invoked<T> {
  state: LoadState<T>;
  /** Calls the resolver again (after a failure, or to refresh). */
  retry: () => void;
  /** Replaces the loaded data without a call, e.g. with the view a save returned. */
  setData: (data: T) => void;
}

/**
 * Calls a resolver function when the component mounts, and again on {@link Invoked.retry}.
 * A reply that arrives after unmount, or after a newer call started, is dropped.
 *
 * @param functionKey a key from `src/shared/api.ts`, e.g. `SPACE_PAGE.getSecureUse`
 * @param payload a JSON object; compared by value, so it need not be memoised
 */
export function useInvoke<T>(functionKey: string, payload?: Payload): Invoked<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // Payloads are JSON (the bridge serialises them anyway), so a string is a stable dependency.
  const payloadJson = payload === undefined ? undefined : JSON.stringify(payload);

  useEffect(() => {
    let current = true;
    const body = payloadJson === undefined ? undefined : (JSON.parse(payloadJson) as Payload);
    void callResolver<T>(functionKey, body).then((outcome) => {
      if (!current) return;
      setState(outcome.ok ? { status: 'ready', data: outcome.data } : { status: 'error', error: outcome.error });
    });
    return () => {
      current = false;
    };
  }, [functionKey, payloadJson, attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  const setData = useCallback((data: T) => setState({ status: 'ready', data }), []);
  return { state, retry, setData };
}
