/**
 * The one envelope every resolver returns, shared by `src/` (backend) and `static/` (Custom UI).
 *
 * Resolvers never throw to the bridge: a thrown error reaches `invoke()` as an opaque rejection, so failures
 * travel as `{ ok: false, error }` with a stable {@link ErrorKind}. The UI maps kinds to wording in one place
 * (`static/common/errors.ts`); users never see a raw exception message or a stack.
 */

/**
 * Why a call failed, from the caller's point of view.
 * - `invalid-input`: the payload did not match the resolver's schema (`message` names the field).
 * - `not-permitted`: the viewing person may not do this (checked as the user, not by display condition).
 * - `not-found`: the space or content in the Forge context does not exist or is not visible to the viewer.
 * - `missing-scope`: Confluence answered 401/403 because the app lacks an OAuth scope (a deployment fault).
 * - `rate-limited`: Confluence kept answering 429 after the retry budget was spent.
 * - `upstream`: Confluence failed (5xx, network) after retries.
 * - `busy`: the work is already under way (e.g. a scan of the same space).
 * - `internal`: a bug in this app; details are logged, not shown.
 */
export type ErrorKind =
  | 'invalid-input'
  | 'not-permitted'
  | 'not-found'
  | 'missing-scope'
  | 'rate-limited'
  | 'upstream'
  | 'busy'
  | 'internal';

/** A failure a person can act on: `message` is safe to show (no ids of content the viewer cannot see). */
export interface AppError {
  kind: ErrorKind;
  message: string;
}

/** Success carries `data` and nothing else; failure carries `error` and nothing else. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** Builds the success envelope. */
export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** Builds the failure envelope. */
export function fail<T = never>(kind: ErrorKind, message: string): Result<T> {
  return { ok: false, error: { kind, message } };
}
