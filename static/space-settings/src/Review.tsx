import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import DynamicTable from '@atlaskit/dynamic-table/stateless';
import type { HeadType, RowType, SortOrderType } from '@atlaskit/dynamic-table/types';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { SPACE_SETTINGS, type OpenContent, type ReviewView } from '../../../src/shared/api';
import { EXPOSURE_HELP, exposureLabel, openCountText, typeLabel } from '../../common/access';
import { AccessDetails } from '../../common/AccessDetails';
import { AppShell } from '../../common/AppShell';
import { useTimeZone } from '../../common/context';
import { count, formatDate, formatDateTime, formatNumber } from '../../common/format';
import { ConfluenceLink } from '../../common/links';
import { card, prose, smallText, stack, subtleText } from '../../common/styles';
import { useInvoke } from '../../common/use-invoke';
import { filterContent, locationText, sortValue, type SortKey } from './table';

/** The `confluence:spaceSettings` app: who can see the space and every open page, for space admins. */
export function ReviewApp() {
  const invoked = useInvoke<ReviewView>(SPACE_SETTINGS.getReview);
  return (
    <AppShell
      title="Secure use review"
      loadingText="Checking every page and blog post in this space. In a large space this can take up to half a minute."
      invoked={invoked}
    >
      {(view) => <Review view={view} />}
    </AppShell>
  );
}

export function Review({ view }: { view: ReviewView }) {
  const timeZone = useTimeZone();
  const { space, access, openContent, totals } = view;
  return (
    <div style={stack('space.500')}>
      <div style={stack('space.100')}>
        <Heading as="h1" size="large">
          Secure use review of {space.name}
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          Who can see this space, and every page and blog post that all of them can read. Only space admins can see this review.
        </p>
      </div>

      <section aria-labelledby="access-heading" style={{ ...card, ...stack('space.250') }}>
        <Heading as="h2" size="medium" id="access-heading">
          Who can see this space
        </Heading>
        <AccessDetails access={access} />
      </section>

      <section aria-labelledby="open-heading" style={stack('space.200')}>
        <Heading as="h2" size="medium" id="open-heading">
          Pages and blog posts open to everyone who can see this space
        </Heading>
        <Totals view={view} timeZone={timeZone} />
        {openContent.length === 0 ? (
          <EmptyState
            header={totals.complete ? 'No open pages or blog posts' : 'No open pages or blog posts found so far'}
            headingLevel={3}
            description={
              totals.complete
                ? 'Every page and blog post in this space has a view restriction, so only the people and groups it names can read it.'
                : 'Every page and blog post checked so far has a view restriction. Open this review again later to check the rest.'
            }
          />
        ) : (
          <OpenContentTable items={openContent} timeZone={timeZone} />
        )}
      </section>
    </div>
  );
}

function Totals({ view, timeZone }: { view: ReviewView; timeZone: string | undefined }) {
  const { totals, openContent } = view;
  const pages = openContent.filter((c) => c.type === 'page').length;
  const blogPosts = openContent.length - pages;
  const total = totals.open + totals.broadGroup;
  const what = openCountText(pages, blogPosts);
  return (
    <div style={stack('space.100')}>
      <p style={prose}>
        {total === 0
          ? `We checked ${count(totals.scanned, 'page or blog post', 'pages and blog posts')} and found none open to everyone.`
          : `${totals.complete ? '' : 'At least '}${what} ${total === 1 ? 'is' : 'are'} open to everyone who can see this space: ` +
            `${formatNumber(totals.open)} with no view restriction and ${formatNumber(totals.broadGroup)} restricted only to a group that includes everyone. ` +
            `We checked ${count(totals.scanned, 'page or blog post', 'pages and blog posts')}.`}
      </p>
      {!totals.complete && (
        <p style={{ ...prose, ...warningNoteStyle }}>
          We ran out of time before checking the whole space, so there may be more. Open this review again later to continue.
        </p>
      )}
      <p style={smallText}>Checked {formatDateTime(view.scannedAt, timeZone)}.</p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The table. Columns are data, so a selection column (for bulk restriction) can be added in front later without
// touching the rows: each row's key is the content id.

interface Column {
  key: SortKey;
  label: string;
  width?: number;
  render: (item: OpenContent, timeZone: string | undefined) => ReactNode;
}

const COLUMNS: Column[] = [
  {
    key: 'title',
    label: 'Title',
    width: 26,
    render: (item) => <ConfluenceLink href={item.url}>{item.title}</ConfluenceLink>,
  },
  { key: 'type', label: 'Type', width: 8, render: (item) => typeLabel(item.type) },
  {
    key: 'exposure',
    label: 'Why it is open',
    width: 18,
    render: (item) => (
      <div style={stack('space.050')}>
        <span>{exposureLabel(item.exposure)}</span>
        {item.editOnlyRestrictedBy !== null && (
          <span>
            <Lozenge appearance="neutral">Edit restricted only</Lozenge>
          </span>
        )}
      </div>
    ),
  },
  {
    key: 'location',
    label: 'Location',
    width: 20,
    render: (item) =>
      item.ancestors.length === 0 ? <span style={subtleText}>{item.type === 'blogpost' ? 'Blog' : 'Top of the space'}</span> : locationText(item),
  },
  { key: 'modified', label: 'Last changed', width: 14, render: (item, tz) => (item.lastModified === null ? 'Unknown' : formatDate(item.lastModified, tz)) },
  {
    key: 'author',
    label: 'Author (account ID)',
    width: 14,
    render: (item) => (item.authorAccountId === null ? <span style={subtleText}>Unknown</span> : <span style={accountIdStyle}>{item.authorAccountId}</span>),
  },
];

const PAGE_SIZE = 50;

function OpenContentTable({ items, timeZone }: { items: OpenContent[]; timeZone: string | undefined }) {
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const [sortKey, setSortKey] = useState<SortKey>('modified');
  const [sortOrder, setSortOrder] = useState<SortOrderType>('DESC');
  const shown = useMemo(() => filterContent(items, query), [items, query]);

  const head: HeadType = {
    cells: COLUMNS.map((c) => ({ key: c.key, content: c.label, isSortable: true, ...(c.width === undefined ? {} : { width: c.width }) })),
  };
  const rows: RowType[] = shown.map((item) => ({
    key: item.id,
    cells: COLUMNS.map((c) => ({ key: `${c.key}:${sortValue(item, c.key)}`, content: c.render(item, timeZone) })),
  }));
  const hasEditOnly = items.some((i) => i.editOnlyRestrictedBy !== null);
  const hasBroad = items.some((i) => i.exposure === 'broad-group');

  return (
    <div style={stack('space.200')}>
      <dl style={termsStyle}>
        <dt style={termStyle}>{exposureLabel('open')}</dt>
        <dd style={definitionStyle}>{EXPOSURE_HELP.open}</dd>
        {hasBroad && (
          <>
            <dt style={termStyle}>{exposureLabel('broad-group')}</dt>
            <dd style={definitionStyle}>{EXPOSURE_HELP['broad-group']}</dd>
          </>
        )}
        {hasEditOnly && (
          <>
            <dt style={termStyle}>Edit restricted only</dt>
            <dd style={definitionStyle}>Someone has limited who can edit it, but not who can view it. Edit restrictions do not stop people reading a page.</dd>
          </>
        )}
      </dl>

      <div style={{ ...stack('space.050'), maxWidth: '28rem' }}>
        <label htmlFor="review-filter" style={labelStyle}>
          Filter by title or location
        </label>
        <Textfield
          id="review-filter"
          value={query}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setPage(1);
          }}
          aria-describedby="review-filter-count"
        />
      </div>
      <p id="review-filter-count" role="status" style={smallText}>
        {query.trim() === '' ? `Showing all ${count(items.length, 'item')}.` : `Showing ${formatNumber(shown.length)} of ${count(items.length, 'item')}.`}
      </p>

      <div role="region" aria-label="Table of open pages and blog posts" tabIndex={0} style={scrollStyle}>
        <div style={{ minWidth: '56rem' }}>
          <DynamicTable
            caption={<span className="sc-visually-hidden">Open pages and blog posts. Select a column heading to sort by it.</span>}
            head={head}
            rows={rows}
            rowsPerPage={PAGE_SIZE}
            page={page}
            onSetPage={(p) => setPage(p)}
            sortKey={sortKey}
            sortOrder={sortOrder}
            onSort={(data: { key: SortKey; sortOrder: SortOrderType }) => {
              setSortKey(data.key);
              setSortOrder(data.sortOrder);
            }}
            emptyView={<p style={{ ...prose, padding: token('space.200', '16px') }}>No pages or blog posts match “{query.trim()}”.</p>}
            paginationi18n={{ prev: 'Previous page', next: 'Next page', label: 'Pages of the table', pageLabel: 'Page' }}
          />
        </div>
      </div>
    </div>
  );
}

const warningNoteStyle: CSSProperties = {
  padding: `${token('space.100', '8px')} ${token('space.150', '12px')}`,
  backgroundColor: token('color.background.warning', '#FFF5DB'),
  borderRadius: token('radius.small', '4px'),
};

const termsStyle: CSSProperties = { ...prose, margin: 0, display: 'grid', gap: token('space.050', '4px') };
const termStyle: CSSProperties = { fontWeight: token('font.weight.semibold', '600') };
const definitionStyle: CSSProperties = { margin: `0 0 ${token('space.100', '8px')}`, color: token('color.text.subtle', '#505258') };
const labelStyle: CSSProperties = { fontWeight: token('font.weight.semibold', '600') };
const accountIdStyle: CSSProperties = { font: token('font.code'), overflowWrap: 'anywhere' };

const scrollStyle: CSSProperties = { overflowX: 'auto' };
