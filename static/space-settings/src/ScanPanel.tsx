import type { CSSProperties } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { ErrorMessage } from '../../common/AppShell';
import { PollingStopped } from '../../common/PollingStopped';
import { formatDateTime } from '../../common/format';
import { card, prose, smallText, stack, subtleText } from '../../common/styles';
import { useThrottled } from '../../common/use-throttled';
import { isActive, progressParts, scanPhase, startedByText, statusLine, summaryText } from './scan';
import type { ScanState } from './use-scan';

/** How often the running count may change in the live region. */
const ANNOUNCE_EVERY_MS = 5_000;

/**
 * Where the space's review is, and the button to run it: never run (explained, with "Review this space now"),
 * running (an indeterminate progress bar and a count), failed (why, and "Try again") or done ("Last reviewed …",
 * "Review again").
 */
export function ScanPanel({ state, timeZone }: { state: ScanState; timeZone: string | undefined }) {
  const { scan, latest, starting, startError, notice, start, polling } = state;
  const phase = scanPhase(scan, latest);
  // One live region for every phase, so a change of phase is announced at once; the running count changes in it
  // at most every few seconds.
  const shown = useThrottled(scan, ANNOUNCE_EVERY_MS, `${phase}:${scan?.jobId ?? ''}`);
  const progress = phase === 'active' && isActive(shown) ? progressParts(shown) : null;

  return (
    <section aria-labelledby="scan-heading" style={{ ...card, ...stack('space.200') }}>
      <Heading as="h2" size="medium" id="scan-heading">
        Review of pages and blog posts
      </Heading>

      {phase === 'active' && <ProgressBar isIndeterminate ariaLabel="Reviewing this space" />}

      {/* When the review failed, the error message below says so visibly; this line is then for screen readers. */}
      <p
        aria-live="polite"
        aria-atomic="true"
        className={phase === 'failed' ? 'sc-visually-hidden' : undefined}
        style={phase === 'active' || phase === 'done' ? statusStyle : prose}
      >
        {progress !== null ? (
          <>
            {progress.done}
            {progress.elapsed !== null && (
              <>
                {' '}
                {/* The time stays with its dot when the line wraps; screen readers hear a pause, not "dot". */}
                <span style={{ whiteSpace: 'nowrap' }}>
                  <span aria-hidden="true">· </span>
                  <span className="sc-visually-hidden">, </span>
                  {progress.elapsed}
                </span>
              </>
            )}
          </>
        ) : (
          statusLine(phase, scan, latest, timeZone)
        )}
      </p>

      {phase === 'never' && (
        <>
          <p style={prose}>
            The review checks every page and blog post in this space and lists the ones that everyone who can see the space can read. In a large space it takes
            a few minutes. You can leave this page while it runs.
          </p>
          {startError !== null && <ErrorMessage error={startError} title="The review could not start" headingLevel="h3" />}
          <div>
            <Button appearance="primary" onClick={start} isLoading={starting}>
              Review this space now
            </Button>
          </div>
        </>
      )}

      {phase === 'active' && (
        <>
          <p style={{ ...prose, ...subtleText }}>
            You can leave this page. The review carries on, and the results will be here when you come back.
            {latest === null
              ? ' The list of open pages and blog posts will appear here when it finishes.'
              : ` Until it finishes, the list below shows the review from ${formatDateTime(latest.finishedAt, timeZone)}.`}
          </p>
          {notice !== null && <p style={{ ...prose, ...smallText }}>{notice}</p>}
          <PollingStopped
            polling={polling}
            title="This page has stopped checking the review’s progress"
            slow="The review is taking longer than usual. It is still running."
            failed="The app could not get the review’s progress."
          />
        </>
      )}

      {phase === 'failed' && (
        <>
          <SectionMessage appearance="error" title="The review did not finish" headingLevel="h3">
            <p style={prose}>{scan?.error ?? 'Something went wrong while checking this space. Try again.'}</p>
          </SectionMessage>
          {latest !== null && (
            <p style={{ ...prose, ...subtleText }}>The list below shows the last review that finished, from {formatDateTime(latest.finishedAt, timeZone)}.</p>
          )}
          {startError !== null && <ErrorMessage error={startError} title="The review could not start" headingLevel="h3" />}
          <div>
            <Button appearance="primary" onClick={start} isLoading={starting}>
              Try again
            </Button>
          </div>
        </>
      )}

      {phase === 'done' && (
        <>
          {latest !== null && <p style={prose}>{summaryText(latest)}</p>}
          {startedByText(scan) !== null && <p style={{ ...prose, ...smallText }}>{startedByText(scan)}</p>}
          {notice !== null && <p style={{ ...prose, ...smallText }}>{notice}</p>}
          {startError !== null && <ErrorMessage error={startError} title="The review could not start" headingLevel="h3" />}
          <div>
            <Button onClick={start} isLoading={starting}>
              Review again
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

const statusStyle: CSSProperties = { ...prose, font: token('font.heading.xsmall'), color: token('color.text', '#292A2E') };
