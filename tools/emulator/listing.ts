/**
 * Paginated content listings (v1 CQL search, v2 pages/blog posts of a space): results are computed once per
 * (principal, normalized query) and site version, cached, and served page by page with keyset cursors.
 *
 * Cost: the first page of a query filters the candidate content once (O(n) with O(1) amortized visibility per node,
 * plus a sort unless the order is by id); every later page is a binary search and a slice.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from './http';
import type { ContentNode } from './model';
import { SortedResult, type SortDirs, type SortKey } from './paging';

/** What defines a listing. `id` must capture every parameter that changes the result set or its order. */
export interface ListingSpec {
  id: string;
  /** Candidates in id order (the caller guarantees ascending numeric id when `idOrder` is set). */
  candidates: () => readonly ContentNode[];
  /** Keeps candidates that match and that the caller may see. */
  filter: (n: ContentNode) => boolean;
  /** Sort key (must end with the numeric id, so keys are unique). */
  keyOf: (n: ContentNode) => SortKey;
  dirs: SortDirs;
  /** `asc`/`desc` when the order is by id alone: candidates are already sorted, no sort needed. */
  idOrder?: 'asc' | 'desc';
}

/** A computed listing and the hash its cursors carry. */
export interface Listing<T = ContentNode> {
  result: SortedResult<T>;
  hash: string;
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 16);
}

/** An uncached listing of a small list (spaces, permissions, roles): sorted now, cursors bound to `id`. */
export function plainListing<T>(id: string, items: readonly T[], keyOf: (item: T) => SortKey, dirs: SortDirs): Listing<T> {
  return { result: new SortedResult(items, keyOf, dirs), hash: hashOf(id) };
}

const MAX_CACHED = 256;

/** How many listings were computed (not served from cache) since the process started: for tests and benchmarks. */
export const listingStats = { computed: 0 };

/** Returns the cached listing for this caller and spec, computing it if needed. */
export function getListing(ctx: RequestContext, spec: ListingSpec): Listing {
  const hash = hashOf(spec.id);
  const cache = ctx.state.cache<string, Listing>('listings');
  const key = `${ctx.view.key}\n${hash}`;
  let listing = cache.get(key);
  if (!listing) {
    const matched: ContentNode[] = [];
    for (const n of spec.candidates()) if (spec.filter(n)) matched.push(n);
    if (spec.idOrder === 'desc') matched.reverse();
    listing = { result: new SortedResult(matched, spec.keyOf, spec.dirs, spec.idOrder !== undefined), hash };
    listingStats.computed++;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, listing);
  }
  return listing;
}

/** One served page of a listing. */
export interface ServedPage<T = ContentNode> {
  items: T[];
  start: number;
  pageNo: number;
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * Serves one page: decodes and checks the cursor (`fail` answers 400 for a bad, forged or foreign cursor), slices the
 * page, and encodes cursors for the neighbouring pages.
 */
export function servePage<T>(ctx: RequestContext, listing: Listing<T>, cursorToken: string | null, limit: number, fail: (msg: string) => never): ServedPage<T> {
  let cursor: { key: SortKey; dir: 'n' | 'p' } | null = null;
  let pageNo = 1;
  if (cursorToken !== null) {
    const payload = ctx.cursors.decode(cursorToken);
    if (!payload || payload.q !== listing.hash) fail('Invalid cursor: the cursor is malformed, expired or belongs to another query');
    cursor = { key: payload.k, dir: payload.d };
    pageNo = Math.max(1, payload.p);
  }
  const page = listing.result.page(cursor, limit);
  return {
    items: page.items,
    start: page.start,
    pageNo,
    nextCursor: page.nextKey ? ctx.cursors.encode({ q: listing.hash, k: page.nextKey, d: 'n', p: pageNo + 1 }) : null,
    prevCursor: page.prevKey ? ctx.cursors.encode({ q: listing.hash, k: page.prevKey, d: 'p', p: Math.max(1, pageNo - 1) }) : null,
  };
}

/** Runs the `deleteBetweenPages` fault after a page was built. */
export function afterPageServed(ctx: RequestContext, listing: Listing, page: ServedPage): void {
  ctx.faults.afterResultPage(ctx.state, page.pageNo, () => listing.result.items.slice(page.start + page.items.length));
}
