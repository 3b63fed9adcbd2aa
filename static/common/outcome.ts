import type { UiError } from './errors';

/**
 * A resolver call's outcome with bridge failures folded in: the UI never has to catch. Kept apart from
 * `resolver.ts` (which imports the bridge) so pure modules and their unit tests can use the type.
 */
export type Outcome<T> = { ok: true; data: T } | { ok: false; error: UiError };
