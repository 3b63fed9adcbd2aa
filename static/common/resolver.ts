import { invoke } from './bridge';
import type { Result } from '../../src/shared/result';
import { fromAppError } from './errors';
import type { Outcome } from './outcome';

export type { Outcome } from './outcome';

/** Payloads are plain JSON objects (the bridge rejects functions). */
export type Payload = Record<string, unknown>;

function isEnvelope(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'data' in v;
  if (v.ok === false) {
    const error = v.error as Record<string, unknown> | null | undefined;
    return typeof error === 'object' && error !== null && typeof error.kind === 'string';
  }
  return false;
}

/**
 * Calls a resolver function and returns its {@link Result} as an {@link Outcome}.
 *
 * Resolvers never throw, but `invoke()` itself can reject (the iframe lost the host, rate limit of the bridge,
 * a timeout) and a reply could be malformed: both become `{ ok: false, error: { kind: 'bridge' } }`.
 * The data is trusted to match `T` (the contract in `src/shared/api.ts`); only the envelope is checked.
 */
export async function callResolver<T>(functionKey: string, payload?: Payload): Promise<Outcome<T>> {
  let reply: unknown;
  try {
    reply = await invoke<Result<T>>(functionKey, payload);
  } catch {
    return { ok: false, error: { kind: 'bridge' } };
  }
  if (!isEnvelope(reply)) return { ok: false, error: { kind: 'bridge' } };
  if (reply.ok) return { ok: true, data: reply.data as T };
  return { ok: false, error: fromAppError(reply.error) };
}
