import { useCallback, useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import { GLOBAL_SETTINGS, type SiteReviewRow, type SiteReviewView, type SiteScanResult } from '../../../src/shared/api';
import { ErrorMessage, Loading } from '../../common/AppShell';
import { describeError } from '../../common/errors';
import { PollingStopped } from '../../common/PollingStopped';
import { ExportButtons } from '../../common/ExportButtons';
import { count, formatDate, formatNumber, formatTime } from '../../common/format';
import { flag } from '../../common/host';
import { ConfluenceLink } from '../../common/links';
import { callResolver } from '../../common/resolver';
import { numericCell, prose, row, scrollFrame, smallText, stack, subtleText, tableStyle, tdStyle, thStyle } from '../../common/styles';
import { useInvoke } from '../../common/use-invoke';
import { usePolling } from '../../common/use-polling';
import { accessSummary, anyActive, reviewStatus, siteScanFlag, siteTotals } from './site-review';

/** While any space is being reviewed, refresh the table this often. */
const REFRESH_MS = 10_000;

/** The "Site review" tab: every space, who can see it, what is open in it and the state of its review. */
export function SiteReview({ timeZone }: { timeZone: string | undefined }) {
  const invoked = useInvoke<SiteReviewView>(GLOBAL_SETTINGS.getSiteReview);
  const { state, retry, setData } = invoked;
  const [starting, setStarting] = useState(false);
  const rows = state.status === 'ready' ? state.data.rows : [];
  const active = anyActive(rows);

  const polling = usePolling<SiteReviewView>({
    active,
    workKey: 'site',
    poll: () => callResolver<SiteReviewView>(GLOBAL_SETTINGS.getSiteReview),
    onData: setData,
    intervalMs: REFRESH_MS,
  });

  const startAll = useCallback(async () => {
    setStarting(true);
    const outcome = await callResolver<SiteScanResult>(GLOBAL_SETTINGS.startSiteScan);
    setStarting(false);
    if (!outcome.ok) {
      flag({ appearance: 'error', title: 'The reviews could not start', description: describeError(outcome.error) });
      return;
    }
    flag(siteScanFlag(outcome.data));
    const fresh = await callResolver<SiteReviewView>(GLOBAL_SETTINGS.getSiteReview);
    if (fresh.ok) setData(fresh.data);
  }, [setData]);

  return (
    <section aria-labelledby="site-review-heading" style={stack('space.300')}>
      <div style={stack('space.100')}>
        <Heading as="h2" size="medium" id="site-review-heading">
          Site review
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          Every space on this site, who can see it, and how many of its pages and blog posts everyone who can see it can read. Space admins see the details in
          each space’s own review.
        </p>
      </div>

      {state.status === 'loading' && <Loading text="Loading every space’s review." />}
      {state.status === 'error' && <ErrorMessage error={state.error} onRetry={retry} headingLevel="h3" />}
      {state.status === 'ready' && (
        <>
          <div style={stack('space.100')}>
            <div style={row('space.100')}>
              <Button appearance="primary" onClick={() => void startAll()} isLoading={starting}>
                Review every space now
              </Button>
            </div>
            <p style={{ ...prose, ...smallText }}>
              Each review runs in the background and can take a few minutes in a large space. Spaces already being reviewed are left to finish.
            </p>
          </div>

          <PollingStopped
            polling={polling}
            title="This table has stopped updating"
            slow="Some reviews are taking longer than usual. They are still running."
            failed="The app could not get the latest progress."
          />

          {state.data.rows.length === 0 ? (
            <EmptyState
              header="No spaces to show yet"
              headingLevel={3}
              description="Spaces appear here once they have been reviewed or are waiting for a review. Select “Review every space now” to start."
            />
          ) : (
            <SpacesTable view={state.data} timeZone={timeZone} />
          )}

          {state.data.rows.length > 0 && (
            <div style={stack('space.100')}>
              <Heading as="h3" size="small">
                Download the table
              </Heading>
              <ExportButtons functionKey={GLOBAL_SETTINGS.exportSiteReview} formats={['csv']} what="every space’s review" />
            </div>
          )}
        </>
      )}
    </section>
  );
}

function SpacesTable({ view, timeZone }: { view: SiteReviewView; timeZone: string | undefined }) {
  const captionId = useId();
  const totals = siteTotals(view.rows);
  return (
    <div style={stack('space.150')}>
      <p style={prose}>
        {`${count(totals.spaces, 'space')}: ${formatNumber(totals.reviewed)} reviewed, ${formatNumber(totals.exposed)} open to everyone on the site or the internet. `}
        {`Reviewed spaces have ${count(totals.open, 'page or blog post', 'pages and blog posts')} open to everyone who can see them.`}
      </p>
      {view.truncated && (
        <SectionMessage appearance="information" title={`Showing the first ${count(view.rows.length, 'space')}`} headingLevel="h3">
          <p style={prose}>This site has more spaces than the table can show. The download lists the same spaces.</p>
        </SectionMessage>
      )}
      <div role="region" aria-labelledby={captionId} tabIndex={0} style={scrollFrame}>
        <table style={{ ...tableStyle, minWidth: '52rem' }}>
          <caption id={captionId} className="sc-visually-hidden">
            Spaces, who can see them, and how many pages and blog posts are open to everyone who can see them
          </caption>
          <thead>
            <tr>
              <th scope="col" style={thStyle}>
                Space
              </th>
              <th scope="col" style={thStyle}>
                Who can see it
              </th>
              <th scope="col" style={{ ...thStyle, ...numericCell }}>
                Open: no view restriction
              </th>
              <th scope="col" style={{ ...thStyle, ...numericCell }}>
                Open: only an everyone group
              </th>
              <th scope="col" style={thStyle}>
                Last reviewed
              </th>
              <th scope="col" style={thStyle}>
                Review
              </th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => (
              <SpaceRow key={r.space.id} row={r} timeZone={timeZone} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SpaceRow({ row: r, timeZone }: { row: SiteReviewRow; timeZone: string | undefined }) {
  const access = accessSummary(r.access);
  const status = reviewStatus(r);
  return (
    <tr>
      <th scope="row" style={{ ...tdStyle, fontWeight: 'inherit' }}>
        <div style={stack('space.025')}>
          <ConfluenceLink href={r.space.url}>{r.space.name}</ConfluenceLink>
          <span style={smallText}>{r.space.type === 'personal' ? 'Personal space' : r.space.key}</span>
        </div>
      </th>
      <td style={tdStyle}>
        <div style={stack('space.050')}>
          <span>{access.text}</span>
          {access.tags.length > 0 && (
            <span style={row('space.050')}>
              {access.tags.map((t) => (
                <Lozenge key={t.text} appearance={t.appearance}>
                  {t.text}
                </Lozenge>
              ))}
            </span>
          )}
        </div>
      </td>
      <td style={{ ...tdStyle, ...numericCell }}>{r.latest === null ? <span style={subtleText}>Not yet</span> : formatNumber(r.latest.open)}</td>
      <td style={{ ...tdStyle, ...numericCell }}>{r.latest === null ? <span style={subtleText}>Not yet</span> : formatNumber(r.latest.broadGroup)}</td>
      <td style={tdStyle}>
        {r.latest === null ? (
          <span style={subtleText}>Never</span>
        ) : (
          <>
            {formatDate(r.latest.finishedAt, timeZone)} <span style={smallText}>{formatTime(r.latest.finishedAt, timeZone)}</span>
          </>
        )}
      </td>
      <td style={tdStyle}>
        <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
      </td>
    </tr>
  );
}
