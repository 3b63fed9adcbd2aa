import type { AppError, ErrorKind } from '../../src/shared/result';

/**
 * The one place that turns a failure into words people read. Every app shows failures through
 * {@link describeError}; nothing else in `static/` writes error wording.
 *
 * A resolver's `message` is written to be shown (it never holds a stack or an id the viewer cannot see), so it
 * wins when present. The kind's wording is the fallback, and also decides whether trying again can help.
 */

/**
 * A failure as the UI sees it: one of the resolver's kinds, or `bridge` when `invoke()` itself rejected (the
 * iframe lost its connection to Confluence, or the reply was not the envelope we expect).
 */
export type UiErrorKind = ErrorKind | 'bridge';

/** A failure ready to show. */
export interface UiError {
  kind: UiErrorKind;
  /** The resolver's message, when it sent one. */
  message?: string;
}

interface Wording {
  /** A full sentence or two, saying what happened and what to do. */
  text: string;
  /** Whether "Try again" can help (it cannot fix a missing permission or a deleted space). */
  retry: boolean;
}

const WORDING: Record<UiErrorKind, Wording> = {
  'invalid-input': {
    text: 'Something in the request was not right. Check what you entered, then try again.',
    retry: true,
  },
  'not-permitted': {
    text: 'You do not have permission to do this. If you think you should, ask a space admin or your Confluence admin.',
    retry: false,
  },
  'not-found': {
    text: 'This space or page could not be found. It may have been deleted, or you may no longer have access to it.',
    retry: false,
  },
  'missing-scope': {
    text: 'The app is missing a permission it needs in Confluence. Ask your Confluence admin to update the app.',
    retry: false,
  },
  'rate-limited': {
    text: 'Confluence is busy at the moment. Wait a minute, then try again.',
    retry: true,
  },
  upstream: {
    text: 'Confluence did not respond properly. Try again in a few minutes.',
    retry: true,
  },
  busy: {
    text: 'This is already being done. Wait a minute, then try again.',
    retry: true,
  },
  internal: {
    text: 'Something went wrong in the app. Try again. If it keeps happening, tell your Confluence admin.',
    retry: true,
  },
  bridge: {
    text: 'The app could not reach Confluence. Check your internet connection, then try again.',
    retry: true,
  },
};

function wordingFor(kind: string): Wording {
  return Object.prototype.hasOwnProperty.call(WORDING, kind) ? WORDING[kind as UiErrorKind] : WORDING.internal;
}

/** Turns a resolver failure into a {@link UiError}. An unknown kind (from a newer backend) reads as `internal`. */
export function fromAppError(error: AppError): UiError {
  const kind: UiErrorKind = Object.prototype.hasOwnProperty.call(WORDING, error.kind) ? error.kind : 'internal';
  const message = typeof error.message === 'string' && error.message.trim() !== '' ? error.message.trim() : undefined;
  return message === undefined ? { kind } : { kind, message };
}

/** What to show for a failure: the resolver's message when present, else the kind's wording. */
export function describeError(error: UiError): string {
  return error.message ?? wordingFor(error.kind).text;
}

/** Whether offering "Try again" makes sense for this failure. */
export function canRetry(error: UiError): boolean {
  return wordingFor(error.kind).retry;
}
