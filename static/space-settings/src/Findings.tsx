import { useEffect, useId, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import EmptyState from '@atlaskit/empty-state';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { SPACE_SETTINGS, type FindingSortKey, type FindingsPage, type OpenContent, type RestrictResult, type SpaceAccess } from '../../../src/shared/api';
import { EXPOSURE_HELP, exposureLabel, typeLabel } from '../../common/access';
import { ErrorMessage, Loading } from '../../common/AppShell';
import { describeError, type UiError } from '../../common/errors';
import { ExportButtons } from '../../common/ExportButtons';
import { count, formatDate, formatDateTime, formatNumber } from '../../common/format';
import { flag } from '../../common/host';
import { ConfluenceLink } from '../../common/links';
import { callResolver } from '../../common/resolver';
import { labelText, nativeField, prose, row, scrollFrame, smallText, stack, subtleText, tableStyle, tdStyle, thStyle } from '../../common/styles';
import {
  DEFAULT_FILTERS,
  isFiltered,
  nextSort,
  nothingDone,
  notTriedText,
  pageCount,
  pageSelectionState,
  pageWindow,
  PAGE_SIZE,
  rangeText,
  restrictFlag,
  restrictInBatches,
  selectable,
  selectRows,
  toggleRow,
  toQuery,
  withoutIds,
  type FindingsFilters,
} from './findings';
import { RestrictDialog } from './RestrictDialog';
import { locationText } from './table';

/** Wait this long after the last key press before filtering. */
const FILTER_DELAY_MS = 350;

interface Loaded {
  key: string;
  page: FindingsPage | null;
  error: UiError | null;
}

interface Failure {
  id: string;
  title: string;
  reason: string;
}

/**
 * The open pages and blog posts of the last completed review, a page of 50 at a time from `getFindings`
 * (filtered and sorted on the server), with row selection, restricting in bulk, and downloads.
 * The parent keys it by the review's job id, so a new review starts it afresh.
 */
export function Findings({ access, finishedAt, timeZone }: { access: SpaceAccess; finishedAt: string; timeZone: string | undefined }) {
  const [filters, setFilters] = useState<FindingsFilters>(DEFAULT_FILTERS);
  const [text, setText] = useState('');
  const [reload, setReload] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [selection, setSelection] = useState<ReadonlyMap<string, string>>(new Map());
  const [restrictedHere, setRestrictedHere] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<Failure[]>([]);
  const [dialogItems, setDialogItems] = useState<ReadonlyMap<string, string> | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [notTried, setNotTried] = useState<string | null>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const tableTop = useRef<HTMLDivElement>(null);
  const ids = { filter: useId(), exposure: useId(), type: useId(), caption: useId(), status: useId() };

  // Filter as the person types, once they pause.
  useEffect(() => {
    const timer = window.setTimeout(() => setFilters((f) => (f.text === text ? f : { ...f, text, page: 1 })), FILTER_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [text]);

  const queryJson = JSON.stringify(toQuery(filters));
  const key = `${queryJson}#${reload}`;
  useEffect(() => {
    let current = true;
    void callResolver<FindingsPage>(SPACE_SETTINGS.getFindings, JSON.parse(queryJson) as Record<string, unknown>).then((outcome) => {
      if (!current) return;
      setLoaded((previous) => (outcome.ok ? { key, page: outcome.data, error: null } : { key, page: previous?.page ?? null, error: outcome.error }));
    });
    return () => {
      current = false;
    };
  }, [key, queryJson]);

  const loading = loaded?.key !== key;
  const page = loaded?.page ?? null;
  const restricted = useMemo(() => new Set([...(page?.restrictedSince ?? []), ...restrictedHere]), [page, restrictedHere]);
  const items = page?.items ?? [];
  const rowsToSelect = selectable(items, restricted);
  const headState = pageSelectionState(selection, rowsToSelect);
  const pages = pageCount(page?.total ?? 0, PAGE_SIZE);
  const filtered = isFiltered(filters);

  const change = (patch: Partial<FindingsFilters>) => setFilters((f) => ({ ...f, ...patch, page: patch.page ?? 1 }));
  const goTo = (p: number) => {
    change({ page: p });
    tableTop.current?.scrollIntoView({ block: 'start' });
  };
  const clearFilters = () => {
    setText('');
    setFilters((f) => ({ ...DEFAULT_FILTERS, sort: f.sort, direction: f.direction }));
  };

  const openDialog = () => {
    setDialogError(null);
    setDialogItems(new Map(selection));
  };

  const confirm = async (groups: string[]) => {
    const chosen = dialogItems;
    if (chosen === null) return;
    const contentIds = [...chosen.keys()];
    setDialogError(null);
    setProgress(`Restricting ${count(contentIds.length, 'page or blog post', 'pages and blog posts')}.`);
    const totals = await restrictInBatches(
      contentIds,
      groups,
      (payload) => callResolver<RestrictResult>(SPACE_SETTINGS.restrictContent, { ...payload }),
      (tried, total) => setProgress(`Done ${formatNumber(tried)} of ${formatNumber(total)}.`),
    );
    setProgress(null);
    if (nothingDone(totals) && totals.error !== null) {
      // Nothing changed (an unknown group name, say): keep the dialog open so the cause can be fixed.
      setDialogError(describeError(totals.error));
      return;
    }
    setDialogItems(null);
    setRestrictedHere((s) => new Set([...s, ...totals.restricted]));
    setSelection((s) => withoutIds(s, totals.restricted));
    setFailures(totals.failed.map((f) => ({ ...f, title: chosen.get(f.id) ?? `Page ${f.id}` })));
    setNotTried(notTriedText(totals));
    flag(restrictFlag(totals, groups));
    setReload((n) => n + 1);
  };

  const scannedAt = page?.scannedAt ?? finishedAt;
  /** Whether there is a list to explain and download (not while loading, and not when nothing is open). */
  const hasFindings = page !== null && page.scannedAt !== null && (filtered || page.total > 0);

  let body: ReactNode;
  if (page === null) {
    body = loaded?.error ? (
      <ErrorMessage error={loaded.error} onRetry={() => setReload((n) => n + 1)} headingLevel="h3" />
    ) : (
      <Loading text="Loading the list of open pages and blog posts." />
    );
  } else if (page.scannedAt === null) {
    body = <p style={prose}>The list appears here when the first review of this space finishes.</p>;
  } else if (page.total === 0 && !filtered && !loading) {
    body = (
      <EmptyState
        header="No open pages or blog posts"
        headingLevel={3}
        description="Every page and blog post in this space has a view restriction, so only the people and groups it names can read it."
      />
    );
  } else {
    body = (
      <>
        <Filters ids={ids} text={text} onText={setText} filters={filters} onChange={change} />
        <p id={ids.status} role="status" style={smallText}>
          {loading ? 'Loading…' : rangeText(page.offset, page.items.length, page.total, filtered)}
        </p>
        {loaded?.error && !loading && (
          <ErrorMessage error={loaded.error} onRetry={() => setReload((n) => n + 1)} title="The list could not be updated" headingLevel="h3" />
        )}

        <div ref={barRef} tabIndex={-1} style={barStyle} aria-labelledby={`${ids.status}-selected`} role="group">
          <p id={`${ids.status}-selected`} role="status" style={{ margin: 0 }}>
            {selection.size === 0
              ? 'Select pages and blog posts to restrict them.'
              : `${count(selection.size, 'page or blog post', 'pages and blog posts')} selected.`}
          </p>
          {selection.size > 0 && (
            <div style={row('space.100')}>
              <Button appearance="primary" onClick={openDialog}>
                {`Restrict selected (${formatNumber(selection.size)})`}
              </Button>
              <Button appearance="subtle" onClick={() => setSelection(new Map())}>
                Clear selection
              </Button>
            </div>
          )}
        </div>

        {(failures.length > 0 || notTried !== null) && <Failures failures={failures} notTried={notTried} />}

        {page.total === 0 ? (
          <div style={stack('space.100')}>
            <p style={prose}>No pages or blog posts match your filters.</p>
            <div>
              <Button onClick={clearFilters}>Clear filters</Button>
            </div>
          </div>
        ) : (
          <div ref={tableTop} role="region" aria-labelledby={ids.caption} tabIndex={0} style={scrollFrame}>
            <table style={{ ...tableStyle, minWidth: '60rem', opacity: loading ? 0.6 : 1 }} aria-busy={loading}>
              <caption id={ids.caption} className="sc-visually-hidden">
                Open pages and blog posts. Select a column heading to sort by it.
              </caption>
              <thead>
                <tr>
                  <th scope="col" style={{ ...thStyle, width: '2.5rem' }}>
                    <Checkbox
                      isChecked={headState === 'all'}
                      isIndeterminate={headState === 'some'}
                      isDisabled={rowsToSelect.length === 0}
                      onChange={() => setSelection((s) => selectRows(s, rowsToSelect, headState !== 'all'))}
                      label={<span className="sc-visually-hidden">Select all on this page</span>}
                      name="select-page"
                    />
                  </th>
                  {COLUMNS.map((c) => (
                    <SortHeader key={c.key} column={c} filters={filters} onSort={(k) => change(nextSort(filters, k))} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <FindingRow
                    key={item.id}
                    item={item}
                    restricted={restricted.has(item.id)}
                    selected={selection.has(item.id)}
                    onToggle={() => setSelection((s) => toggleRow(s, item))}
                    timeZone={timeZone}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && <Pagination current={filters.page} pages={pages} onGo={goTo} disabled={loading} />}
      </>
    );
  }

  return (
    <section aria-labelledby="findings-heading" style={stack('space.200')}>
      <div style={stack('space.100')}>
        <Heading as="h2" size="medium" id="findings-heading">
          Pages and blog posts open to everyone who can see this space
        </Heading>
        <p style={smallText}>From the review that finished {formatDateTime(scannedAt, timeZone)}.</p>
        {page !== null && page.hiddenBroadGroup > 0 && (
          <p style={prose}>
            {formatNumber(page.hiddenBroadGroup)} more {page.hiddenBroadGroup === 1 ? 'is' : 'are'} restricted only to a group that includes everyone. They are
            not listed here because you are not in every such group, so you may not be able to open them. Ask your Confluence admin to review them.
          </p>
        )}
        {hasFindings && (
          <details style={prose}>
            <summary style={summaryStyle}>What the reasons mean</summary>
            <dl style={termsStyle}>
              <dt style={termStyle}>{exposureLabel('open')}</dt>
              <dd style={definitionStyle}>{EXPOSURE_HELP.open}</dd>
              <dt style={termStyle}>{exposureLabel('broad-group')}</dt>
              <dd style={definitionStyle}>{EXPOSURE_HELP['broad-group']}</dd>
              <dt style={termStyle}>Edit restricted only</dt>
              <dd style={definitionStyle}>
                Someone has limited who can edit it, but not who can view it. Edit restrictions do not stop people reading a page.
              </dd>
            </dl>
          </details>
        )}
      </div>

      {body}

      {hasFindings && (
        <div style={stack('space.100')}>
          <Heading as="h3" size="small">
            Download the list
          </Heading>
          <p style={{ ...prose, ...subtleText }}>The file lists every open page and blog post from the last review, whatever the filters above.</p>
          <ExportButtons functionKey={SPACE_SETTINGS.exportFindings} formats={['csv', 'json']} what="open pages and blog posts" />
        </div>
      )}

      <RestrictDialog
        items={dialogItems}
        broadGroups={access.broadGroups}
        spaceGroups={access.groups.map((g) => g.name)}
        anchor={barRef}
        progress={progress}
        error={dialogError}
        onCancel={() => setDialogItems(null)}
        onConfirm={(groups) => void confirm(groups)}
      />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function Filters({
  ids,
  text,
  onText,
  filters,
  onChange,
}: {
  ids: { filter: string; exposure: string; type: string };
  text: string;
  onText: (text: string) => void;
  filters: FindingsFilters;
  onChange: (patch: Partial<FindingsFilters>) => void;
}) {
  return (
    <div style={filtersStyle}>
      <div style={{ ...stack('space.050'), flex: '2 1 16rem' }}>
        <label htmlFor={ids.filter} style={labelText}>
          Filter by title or location
        </label>
        <Textfield id={ids.filter} value={text} onChange={(e) => onText(e.currentTarget.value)} autoComplete="off" />
      </div>
      <div style={{ ...stack('space.050'), flex: '1 1 12rem' }}>
        <label htmlFor={ids.exposure} style={labelText}>
          Why it is open
        </label>
        <select
          id={ids.exposure}
          value={filters.exposure}
          onChange={(e) => onChange({ exposure: e.currentTarget.value as FindingsFilters['exposure'] })}
          style={nativeField}
        >
          <option value="all">Any reason</option>
          <option value="open">{exposureLabel('open')}</option>
          <option value="broad-group">{exposureLabel('broad-group')}</option>
        </select>
      </div>
      <div style={{ ...stack('space.050'), flex: '1 1 9rem' }}>
        <label htmlFor={ids.type} style={labelText}>
          Type
        </label>
        <select id={ids.type} value={filters.type} onChange={(e) => onChange({ type: e.currentTarget.value as FindingsFilters['type'] })} style={nativeField}>
          <option value="all">Pages and blog posts</option>
          <option value="page">Pages only</option>
          <option value="blogpost">Blog posts only</option>
        </select>
      </div>
    </div>
  );
}

interface Column {
  key: FindingSortKey;
  label: string;
  width?: string;
}

const COLUMNS: Column[] = [
  { key: 'title', label: 'Title', width: '24%' },
  { key: 'type', label: 'Type', width: '8%' },
  { key: 'exposure', label: 'Why it is open', width: '16%' },
  { key: 'location', label: 'Location', width: '20%' },
  { key: 'modified', label: 'Last changed', width: '12%' },
  { key: 'author', label: 'Author', width: '16%' },
];

/** A column heading that sorts by its column: a button inside the `<th>`, with `aria-sort` on the sorted one. */
function SortHeader({ column, filters, onSort }: { column: Column; filters: FindingsFilters; onSort: (key: FindingSortKey) => void }) {
  const sorted = filters.sort === column.key;
  const direction = sorted ? (filters.direction === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" aria-sort={direction} style={{ ...thStyle, width: column.width }}>
      <button type="button" onClick={() => onSort(column.key)} style={sortButtonStyle}>
        {column.label}
        <span aria-hidden="true" style={{ opacity: sorted ? 1 : 0.45 }}>
          {sorted ? (filters.direction === 'asc' ? '↑' : '↓') : '↕'}
        </span>
      </button>
    </th>
  );
}

function FindingRow({
  item,
  restricted,
  selected,
  onToggle,
  timeZone,
}: {
  item: OpenContent;
  restricted: boolean;
  selected: boolean;
  onToggle: () => void;
  timeZone: string | undefined;
}) {
  return (
    <tr style={selected ? selectedRowStyle : undefined}>
      <td style={tdStyle}>
        {!restricted && (
          <Checkbox
            isChecked={selected}
            onChange={onToggle}
            label={<span className="sc-visually-hidden">Select {item.title}</span>}
            name="select-row"
            value={item.id}
          />
        )}
      </td>
      <th scope="row" style={{ ...tdStyle, fontWeight: 'inherit' }}>
        <div style={stack('space.050')}>
          <ConfluenceLink href={item.url}>{item.title}</ConfluenceLink>
          {restricted && (
            <span>
              <Lozenge appearance="success">Restricted since this review</Lozenge>
            </span>
          )}
        </div>
      </th>
      <td style={tdStyle}>{typeLabel(item.type)}</td>
      <td style={tdStyle}>
        <div style={stack('space.050')}>
          <span>{exposureLabel(item.exposure)}</span>
          {item.editOnlyRestrictedBy !== null && (
            <span>
              <Lozenge appearance="default">Edit restricted only</Lozenge>
            </span>
          )}
        </div>
      </td>
      <td style={tdStyle}>
        {item.ancestors.length === 0 ? <span style={subtleText}>{item.type === 'blogpost' ? 'Blog' : 'Top of the space'}</span> : locationText(item)}
      </td>
      <td style={tdStyle}>{item.lastModified === null ? <span style={subtleText}>Unknown</span> : formatDate(item.lastModified, timeZone)}</td>
      <td style={tdStyle}>
        {item.authorName !== null ? (
          item.authorName
        ) : item.authorAccountId === null ? (
          <span style={subtleText}>Unknown</span>
        ) : (
          <span style={accountIdStyle}>{item.authorAccountId}</span>
        )}
      </td>
    </tr>
  );
}

/** Previous, numbered pages (with gaps) and Next, in a labelled `<nav>`. */
function Pagination({ current, pages, onGo, disabled }: { current: number; pages: number; onGo: (page: number) => void; disabled: boolean }) {
  return (
    <nav aria-label="Pages of the list" style={row('space.050')}>
      <Button appearance="subtle" isDisabled={disabled || current <= 1} onClick={() => onGo(current - 1)}>
        Previous
      </Button>
      <ul style={{ ...row('space.050'), listStyle: 'none', margin: 0, padding: 0 }}>
        {pageWindow(current, pages).map((p, i) =>
          p === 'gap' ? (
            <li key={`gap-${i}`} aria-hidden="true" style={subtleText}>
              …
            </li>
          ) : (
            <li key={p}>
              <Button
                appearance={p === current ? 'primary' : 'subtle'}
                aria-current={p === current ? 'page' : undefined}
                aria-label={`Page ${p}`}
                isDisabled={disabled && p !== current}
                onClick={() => {
                  if (p !== current) onGo(p);
                }}
              >
                {String(p)}
              </Button>
            </li>
          ),
        )}
      </ul>
      <Button appearance="subtle" isDisabled={disabled || current >= pages} onClick={() => onGo(current + 1)}>
        Next
      </Button>
      <span className="sc-visually-hidden">
        Page {current} of {pages}
      </span>
    </nav>
  );
}

function Failures({ failures, notTried }: { failures: Failure[]; notTried: string | null }) {
  const listed = failures.slice(0, 50);
  return (
    <SectionMessage appearance="warning" title="Some pages and blog posts were not restricted" headingLevel="h3">
      <div style={stack('space.100')}>
        {listed.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: token('space.250', '20px') }}>
            {listed.map((f) => (
              <li key={f.id}>
                <strong>{f.title}</strong>: {f.reason}
              </li>
            ))}
            {failures.length > listed.length && <li>and {count(failures.length - listed.length, 'other')}</li>}
          </ul>
        )}
        {notTried !== null && <p style={prose}>{notTried}</p>}
        <p style={prose}>They are still selected, so you can try again.</p>
      </div>
    </SectionMessage>
  );
}

const filtersStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: token('space.200', '16px'), alignItems: 'flex-end' };
const barStyle: CSSProperties = {
  ...row('space.150'),
  justifyContent: 'space-between',
  padding: `${token('space.100', '8px')} ${token('space.150', '12px')}`,
  borderRadius: token('radius.small', '4px'),
  backgroundColor: token('color.background.neutral', '#0515240F'),
  minHeight: '3rem',
  outline: 'none',
};
const sortButtonStyle: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: token('space.050', '4px'),
  minHeight: '1.5rem',
  padding: 0,
  border: 'none',
  background: 'none',
  font: 'inherit',
  color: 'inherit',
  textAlign: 'start',
  cursor: 'pointer',
};
const selectedRowStyle: CSSProperties = { backgroundColor: token('color.background.selected', '#E9F2FE') };
const accountIdStyle: CSSProperties = { font: token('font.code'), overflowWrap: 'anywhere' };
const summaryStyle: CSSProperties = { cursor: 'pointer', color: token('color.link', '#1868DB'), minHeight: '1.5rem' };
const termsStyle: CSSProperties = { margin: `${token('space.100', '8px')} 0 0`, display: 'grid', gap: token('space.050', '4px') };
const termStyle: CSSProperties = { fontWeight: token('font.weight.semibold', '600') };
const definitionStyle: CSSProperties = { margin: `0 0 ${token('space.100', '8px')}`, color: token('color.text.subtle', '#505258') };
