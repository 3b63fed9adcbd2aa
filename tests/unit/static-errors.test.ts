import { canRetry, describeError, fromAppError, type UiErrorKind } from '../../static/common/errors';
import type { ErrorKind } from '../../src/shared/result';

const KINDS: ErrorKind[] = ['invalid-input', 'not-permitted', 'not-found', 'missing-scope', 'rate-limited', 'upstream', 'busy', 'internal'];

describe('static error wording', () => {
  it.each<UiErrorKind>([...KINDS, 'bridge'])('has plain wording for %s', (kind) => {
    const text = describeError({ kind });
    expect(text.length).toBeGreaterThan(20);
    expect(text).toMatch(/^[A-Z].*\.$/);
    expect(text).not.toMatch(/error code|exception|stack|undefined/i);
  });

  it("shows the resolver's message when it sent one", () => {
    const ui = fromAppError({ kind: 'not-permitted', message: 'Only space admins can review this space.' });
    expect(describeError(ui)).toBe('Only space admins can review this space.');
  });

  it("falls back to the kind's wording for a blank message", () => {
    const ui = fromAppError({ kind: 'upstream', message: '   ' });
    expect(ui).toEqual({ kind: 'upstream' });
    expect(describeError(ui)).toBe(describeError({ kind: 'upstream' }));
  });

  it('reads an unknown kind from a newer backend as internal', () => {
    const ui = fromAppError({ kind: 'teapot' as ErrorKind, message: '' });
    expect(ui.kind).toBe('internal');
    expect(describeError(ui)).toBe(describeError({ kind: 'internal' }));
  });

  it('offers "Try again" only where retrying can help', () => {
    expect(canRetry({ kind: 'upstream' })).toBe(true);
    expect(canRetry({ kind: 'rate-limited' })).toBe(true);
    expect(canRetry({ kind: 'bridge' })).toBe(true);
    expect(canRetry({ kind: 'not-permitted' })).toBe(false);
    expect(canRetry({ kind: 'not-found' })).toBe(false);
    expect(canRetry({ kind: 'missing-scope' })).toBe(false);
  });
});
