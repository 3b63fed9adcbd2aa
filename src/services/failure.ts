import type { ErrorKind } from '../shared/result';

/** A failure raised on purpose by a service or resolver, with a message safe to show to people. */
export class AppFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}
