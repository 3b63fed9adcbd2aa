import { useId, useState, type CSSProperties } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { token } from '@atlaskit/tokens';
import type { ScanSummaryView } from '../../../src/shared/api';
import { formatDate, formatNumber, formatTime } from '../../common/format';
import { numericCell, prose, smallText, stack, tableStyle, tdStyle, thStyle } from '../../common/styles';
import { MIN_TREND_POINTS, sparkline, trendHeadline, trendPoints, trendSummary } from './trend';

const WIDTH = 240;
const HEIGHT = 48;
/** Rows of the table shown before "Show all". */
const SHORT = 5;

/**
 * How the space has changed across its reviews: a sentence, a sparkline of the pages with no view restriction
 * (an image whose text alternative says the same in words) and a table of every review. Hidden until there
 * are two reviews to compare.
 */
export function Trend({ history, timeZone }: { history: readonly ScanSummaryView[]; timeZone: string | undefined }) {
  const [showAll, setShowAll] = useState(false);
  const titleId = useId();
  const tableId = useId();
  const points = trendPoints(history);
  if (points.length < MIN_TREND_POINTS) return null;
  const line = sparkline(
    points.map((p) => p.open),
    WIDTH,
    HEIGHT,
  );
  const last = line.points[line.points.length - 1];
  const newestFirst = [...points].reverse();
  const rows = showAll ? newestFirst : newestFirst.slice(0, SHORT);

  return (
    <section aria-labelledby="trend-heading" style={stack('space.200')}>
      <Heading as="h2" size="medium" id="trend-heading">
        How this has changed
      </Heading>
      <p style={prose}>{trendHeadline(points)}</p>
      <figure style={figureStyle}>
        <svg role="img" aria-labelledby={titleId} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} style={svgStyle}>
          <title id={titleId}>{trendSummary(points, timeZone)}</title>
          <line x1={0} x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} stroke={token('color.border', '#0B120E24')} strokeWidth={1} />
          <path d={line.d} fill="none" stroke={token('color.chart.brand', '#1868DB')} strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />
          {last !== undefined && <circle cx={last.x} cy={last.y} r={3.5} fill={token('color.chart.brand', '#1868DB')} />}
        </svg>
        <figcaption style={smallText}>
          Pages and blog posts with no view restriction, from {formatDate(points[0]?.finishedAt, timeZone)} (left) to{' '}
          {formatDate(points[points.length - 1]?.finishedAt, timeZone)} (right).
        </figcaption>
      </figure>

      <div role="region" aria-labelledby={tableId} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '40rem' }}>
        <table style={tableStyle}>
          <caption id={tableId} style={captionStyle}>
            Pages and blog posts open to everyone at each review, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col" style={thStyle}>
                Reviewed
              </th>
              <th scope="col" style={{ ...thStyle, ...numericCell }}>
                No view restriction
              </th>
              <th scope="col" style={{ ...thStyle, ...numericCell }}>
                Restricted only to an everyone group
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.jobId}>
                <th scope="row" style={{ ...tdStyle, fontWeight: 'inherit' }}>
                  {formatDate(p.finishedAt, timeZone)} <span style={smallText}>{formatTime(p.finishedAt, timeZone)}</span>
                </th>
                <td style={{ ...tdStyle, ...numericCell }}>{formatNumber(p.open)}</td>
                <td style={{ ...tdStyle, ...numericCell }}>{formatNumber(p.broadGroup)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {newestFirst.length > SHORT && (
        <div>
          <Button appearance="subtle" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll}>
            {showAll ? `Show the last ${SHORT} reviews only` : `Show all ${newestFirst.length} reviews`}
          </Button>
        </div>
      )}
    </section>
  );
}

const figureStyle: CSSProperties = { margin: 0, ...stack('space.050') };
const svgStyle: CSSProperties = { display: 'block', maxWidth: '100%', height: 'auto', overflow: 'visible' };
const captionStyle: CSSProperties = {
  textAlign: 'start',
  font: token('font.heading.xsmall'),
  color: token('color.text', '#292A2E'),
  paddingBlockEnd: token('space.100', '8px'),
};
