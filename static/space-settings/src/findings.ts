import type { FindingSortKey, FindingsQuery, OpenContent, RestrictPayload, RestrictResult } from '../../../src/shared/api';
import { describeError, type UiError } from '../../common/errors';
import { count, formatNumber, listOf } from '../../common/format';
import type { Outcome } from '../../common/outcome';

/**
 * The pure parts of the findings table: the query it sends, paging, row selection, and restricting in batches.
 * No React here (unit tested in `tests/unit/static-findings.test.ts`).
 */

/** Rows per page of the table. */
export const PAGE_SIZE = 50;

/** The most ids one `restrictContent` call takes (the contract's limit). */
export const RESTRICT_BATCH = 100;

/** What the table's controls hold. `page` is 1-based. */
export interface FindingsFilters {
  text: string;
  exposure: 'all' | NonNullable<FindingsQuery['exposure']>;
  type: 'all' | NonNullable<FindingsQuery['type']>;
  sort: FindingSortKey;
  direction: NonNullable<FindingsQuery['direction']>;
  page: number;
}

export const DEFAULT_FILTERS: FindingsFilters = { text: '', exposure: 'all', type: 'all', sort: 'modified', direction: 'desc', page: 1 };

/** The `getFindings` payload for what the controls hold. */
export function toQuery(filters: FindingsFilters, pageSize = PAGE_SIZE): FindingsQuery {
  const text = filters.text.replace(/\s+/gu, ' ').trim();
  return {
    ...(text === '' ? {} : { filter: text }),
    ...(filters.exposure === 'all' ? {} : { exposure: filters.exposure }),
    ...(filters.type === 'all' ? {} : { type: filters.type }),
    sort: filters.sort,
    direction: filters.direction,
    offset: (Math.max(1, Math.floor(filters.page)) - 1) * pageSize,
    limit: pageSize,
  };
}

/** Whether anything narrows the list (so "no results" means "nothing matches", not "nothing open"). */
export function isFiltered(filters: FindingsFilters): boolean {
  return filters.text.trim() !== '' || filters.exposure !== 'all' || filters.type !== 'all';
}

/**
 * The sort after a column heading is pressed: the same column flips direction; a new column starts with the
 * order people expect (newest first for dates, A to Z for the rest).
 */
export function nextSort(current: Pick<FindingsFilters, 'sort' | 'direction'>, key: FindingSortKey): Pick<FindingsFilters, 'sort' | 'direction'> {
  if (current.sort === key) return { sort: key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { sort: key, direction: key === 'modified' ? 'desc' : 'asc' };
}

/** Number of pages for `total` rows (at least 1). */
export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(Math.max(0, total) / pageSize));
}

/**
 * The page links to show: always the first and last, and the current one with its neighbours; gaps between.
 * `[1, 'gap', 4, 5, 6, 'gap', 20]`.
 */
export function pageWindow(current: number, pages: number): (number | 'gap')[] {
  const wanted = new Set([1, pages, current - 1, current, current + 1].filter((p) => p >= 1 && p <= pages));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  for (const p of sorted) {
    const previous = out[out.length - 1];
    if (typeof previous === 'number' && p - previous === 2) out.push(previous + 1);
    else if (typeof previous === 'number' && p - previous > 2) out.push('gap');
    out.push(p);
  }
  return out;
}

/** "Showing 51 to 100 of 1,234 pages and blog posts", "Showing 1 page or blog post", "No pages or blog posts match". */
export function rangeText(offset: number, shown: number, total: number, filtered: boolean): string {
  if (total === 0) return filtered ? 'No pages or blog posts match your filters.' : 'No pages or blog posts are open to everyone.';
  const what = count(total, 'page or blog post', 'pages and blog posts');
  const suffix = filtered ? ` that ${total === 1 ? 'matches' : 'match'} your filters` : '';
  if (shown >= total) return `Showing ${total === 1 ? '' : 'all '}${what}${suffix}.`;
  return `Showing ${formatNumber(offset + 1)} to ${formatNumber(offset + shown)} of ${what}${suffix}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Selection: id → title, so the dialog and the failure list can name pages selected on other pages of the table.

export type Selection = ReadonlyMap<string, string>;

/** The rows on this page that can be selected (not already restricted through the app since the review). */
export function selectable(items: readonly OpenContent[], restrictedSince: ReadonlySet<string>): OpenContent[] {
  return items.filter((i) => !restrictedSince.has(i.id));
}

/** Whether none, some or all of the selectable rows on this page are selected. */
export function pageSelectionState(selection: Selection, rows: readonly OpenContent[]): 'none' | 'some' | 'all' {
  if (rows.length === 0) return 'none';
  const chosen = rows.filter((r) => selection.has(r.id)).length;
  return chosen === 0 ? 'none' : chosen === rows.length ? 'all' : 'some';
}

/** Selects or unselects one row. */
export function toggleRow(selection: Selection, item: OpenContent): Map<string, string> {
  const next = new Map(selection);
  if (next.has(item.id)) next.delete(item.id);
  else next.set(item.id, item.title);
  return next;
}

/** Selects every selectable row on this page (`select`), or unselects them; rows on other pages stay as they are. */
export function selectRows(selection: Selection, rows: readonly OpenContent[], select: boolean): Map<string, string> {
  const next = new Map(selection);
  for (const r of rows) {
    if (select) next.set(r.id, r.title);
    else next.delete(r.id);
  }
  return next;
}

/** The selection without these ids (after they were restricted). */
export function withoutIds(selection: Selection, ids: Iterable<string>): Map<string, string> {
  const next = new Map(selection);
  for (const id of ids) next.delete(id);
  return next;
}

// ---------------------------------------------------------------------------------------------------------------
// Restricting

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const n = Math.max(1, Math.floor(size));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

const MAX_GROUP_NAME = 255;
/** The most groups one restriction takes (the resolver's limit). */
export const MAX_GROUPS = 20;

/**
 * Group names as typed, separated by commas: trimmed, each once (ignoring case), blanks between commas ignored.
 * A problem when a name is too long, or is a group that includes everyone (adding it would leave the pages open).
 */
export function parseGroupNames(text: string, broadGroups: readonly string[] = []): { groups: string[]; problem: string | null } {
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (name === '' || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    groups.push(name);
  }
  if (groups.length > MAX_GROUPS) return { groups, problem: `Enter ${MAX_GROUPS} groups or fewer` };
  const tooLong = groups.find((g) => [...g].length > MAX_GROUP_NAME);
  if (tooLong !== undefined) return { groups, problem: `Group names must be ${MAX_GROUP_NAME} characters or fewer` };
  const broad = new Set(broadGroups.map((g) => g.toLowerCase()));
  const everyone = groups.find((g) => broad.has(g.toLowerCase()));
  if (everyone !== undefined) {
    return {
      groups,
      problem: `Remove ${everyone}: it includes everyone who can use Confluence, so the pages would still be open to everyone`,
    };
  }
  return { groups, problem: null };
}

/** What restricting did overall. */
export interface RestrictTotals {
  restricted: string[];
  /** Pages Confluence or the resolver refused, each with its reason. */
  failed: RestrictResult['failed'];
  /** Pages not tried, because a whole call failed (see `error`). */
  notTried: string[];
  /** Why a whole call failed, stopping the run. */
  error: UiError | null;
}

/**
 * Restricts `ids` in batches of at most {@link RESTRICT_BATCH}, one call at a time. A call that fails as a whole
 * (an unknown group, a rate limit) stops the run: its pages and any after it are returned as not tried, with the
 * error, so the person can fix the cause and try again.
 *
 * @param call sends one `restrictContent` payload (never throws: see `callResolver`)
 * @param onProgress told how many pages have been tried after each batch
 */
export async function restrictInBatches(
  ids: readonly string[],
  groups: readonly string[],
  call: (payload: RestrictPayload) => Promise<Outcome<RestrictResult>>,
  onProgress?: (tried: number, total: number) => void,
): Promise<RestrictTotals> {
  const totals: RestrictTotals = { restricted: [], failed: [], notTried: [], error: null };
  const batches = chunk(ids, RESTRICT_BATCH);
  let tried = 0;
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b] ?? [];
    const outcome = await call({ contentIds: batch, groups: [...groups] });
    if (!outcome.ok) {
      totals.error = outcome.error;
      totals.notTried = batches.slice(b).flat();
      break;
    }
    totals.restricted.push(...outcome.data.restricted);
    totals.failed.push(...outcome.data.failed);
    // A page the resolver neither restricted nor reported is not silently counted as done.
    const answered = new Set([...outcome.data.restricted, ...outcome.data.failed.map((f) => f.id)]);
    for (const id of batch) if (!answered.has(id)) totals.failed.push({ id, reason: 'Confluence did not say whether this page was restricted. Check it.' });
    tried += batch.length;
    onProgress?.(tried, ids.length);
  }
  return totals;
}

/** Whether nothing at all happened (the first call failed): the dialog stays open to show why. */
export function nothingDone(totals: RestrictTotals): boolean {
  return totals.restricted.length === 0 && totals.failed.length === 0 && totals.error !== null;
}

/** The sentence about pages not tried, for the list of failures ("150 others were not tried: …"). */
export function notTriedText(totals: RestrictTotals): string | null {
  if (totals.notTried.length === 0) return null;
  const reason = totals.error === null ? '' : ` ${describeError(totals.error)}`;
  return `${count(totals.notTried.length, 'page or blog post was', 'pages and blog posts were')} not tried, because the app stopped.${reason}`;
}

/** The flag after restricting. */
export function restrictFlag(
  totals: RestrictTotals,
  groups: readonly string[],
): { appearance: 'success' | 'warning' | 'error'; title: string; description: string } {
  const done = totals.restricted.length;
  const failed = totals.failed.length + totals.notTried.length;
  const all = done + failed;
  if (failed === 0) {
    return {
      appearance: 'success',
      title: `Restricted ${count(done, 'page or blog post', 'pages and blog posts')}`,
      description: `Only you${groups.length === 0 ? '' : ` and ${groups.length === 1 ? 'the group' : 'the groups'} ${listOf(groups)}`} can see ${done === 1 ? 'it' : 'them'} now, and any pages below ${done === 1 ? 'it' : 'them'}.`,
    };
  }
  if (done === 0) {
    return {
      appearance: 'error',
      title: `No pages or blog posts were restricted`,
      description: `${failed === 1 ? 'The reason is' : 'The reasons are'} listed on the page.`,
    };
  }
  return {
    appearance: 'warning',
    title: `Restricted ${formatNumber(done)} of ${count(all, 'page or blog post', 'pages and blog posts')}`,
    description: `${formatNumber(failed)} could not be restricted. The reasons are listed on the page.`,
  };
}
