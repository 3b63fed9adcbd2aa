import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { canRetry, describeError, type UiError } from './errors';
import type { Invoked } from './use-invoke';

/**
 * The frame of a full-page app (space page, space settings, global settings): one `<main>`, and the loading
 * and failure states every app shares, so each app only renders its loaded data.
 */
export interface AppShellProps<T> {
  /** The page's `<h1>` while loading or after a failure (the loaded view renders its own). */
  title: string;
  /** What is happening while loading, in a sentence ("Checking who can see this space."). */
  loadingText: string;
  invoked: Invoked<T>;
  children: (data: T) => ReactNode;
}

export function AppShell<T>({ title, loadingText, invoked, children }: AppShellProps<T>) {
  const { state, retry } = invoked;
  return (
    <main style={pageStyle}>
      {state.status === 'ready' ? (
        children(state.data)
      ) : (
        <div style={stackStyle}>
          <Heading as="h1" size="large">
            {title}
          </Heading>
          {state.status === 'loading' ? <Loading text={loadingText} /> : <LoadFailed error={state.error} onRetry={retry} />}
        </div>
      )}
    </main>
  );
}

/** A spinner and what is happening, as a status message. Also used by parts of a page that load on their own. */
export function Loading({ text }: { text: string }) {
  return (
    <div role="status" style={loadingStyle}>
      <Spinner size="medium" label="Loading" />
      <span>{text}</span>
    </div>
  );
}

/** The failure state: what happened in words, and "Try again" when that can help. Takes focus when shown. */
function LoadFailed({ error, onRetry }: { error: UiError; onRetry: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} style={{ outline: 'none' }}>
      <ErrorMessage error={error} onRetry={onRetry} />
    </div>
  );
}

/** A failure in a SectionMessage, with "Try again" when retrying can help. Also used for failed actions. */
export function ErrorMessage({
  error,
  onRetry,
  title = 'Sorry, there is a problem',
  headingLevel = 'h2',
}: {
  error: UiError;
  onRetry?: () => void;
  title?: string;
  /** The title's heading level: one below the section the message is in. */
  headingLevel?: 'h2' | 'h3';
}) {
  return (
    <SectionMessage appearance="error" title={title} headingLevel={headingLevel}>
      <p>{describeError(error)}</p>
      {onRetry !== undefined && canRetry(error) && (
        <div style={{ marginBlockStart: token('space.150', '12px') }}>
          <Button onClick={onRetry}>Try again</Button>
        </div>
      )}
    </SectionMessage>
  );
}

/** Page padding and width shared by the full-page apps. */
export const pageStyle: CSSProperties = {
  padding: `${token('space.300', '24px')} ${token('space.300', '24px')} ${token('space.600', '48px')}`,
  maxWidth: '1080px',
};

const stackStyle: CSSProperties = { display: 'flex', flexDirection: 'column', gap: token('space.300', '24px') };

const loadingStyle: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: token('space.150', '12px'),
  color: token('color.text.subtle', '#505258'),
};
