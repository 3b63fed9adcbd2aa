import type { ClassifiedItem } from '../exposure/classify';
import type { OpenContent } from '../../shared/api';

/**
 * A finding as stored in a checkpoint shard: one open (or broad-group) page or blog post, with short keys to keep
 * 100,000 findings in ~150 shards. Ancestor titles are not stored: ancestors of an open item are open too, so
 * their titles are in the findings themselves.
 *
 * i id · t `p` page | `b` blog post · n title · a ancestor ids (root first) · x `o` open | `g` broad group ·
 * e id of the edit-only restriction or null · u author accountId or null · m last modified (ISO) or null ·
 * w webui path (relative to `/wiki`) or null
 */
export interface StoredFinding {
  i: string;
  t: 'p' | 'b';
  n: string;
  a: string[];
  x: 'o' | 'g';
  e: string | null;
  u: string | null;
  m: string | null;
  w: string | null;
}

/** Compacts a classified item for storage. */
export function toStoredFinding(item: ClassifiedItem): StoredFinding {
  const r = item.record;
  return {
    i: r.id,
    t: r.type === 'page' ? 'p' : 'b',
    n: r.title,
    a: r.ancestors.map((a) => a.id),
    x: item.exposure === 'open' ? 'o' : 'g',
    e: item.editOnlyRestrictedBy,
    u: r.authorAccountId,
    m: r.lastModified,
    w: r.webui,
  };
}

/**
 * Expands stored findings to what the UI shows. Ancestor titles come from the findings themselves; an ancestor
 * that is not among them (which should not happen) shows its id.
 * @param siteUrl absolute site URL, no trailing slash (links are `${siteUrl}/wiki${webui}`)
 */
export function expandFindings(findings: readonly StoredFinding[], siteUrl: string | null): OpenContent[] {
  const titles = new Map(findings.map((f) => [f.i, f.n]));
  return findings.map((f) => ({
    id: f.i,
    type: f.t === 'p' ? 'page' : 'blogpost',
    title: f.n,
    url: `${siteUrl ?? ''}/wiki${f.w ?? `/pages/viewpage.action?pageId=${encodeURIComponent(f.i)}`}`,
    exposure: f.x === 'o' ? 'open' : 'broad-group',
    ancestors: f.a.map((id) => ({ id, title: titles.get(id) ?? id })),
    authorAccountId: f.u,
    authorName: null,
    lastModified: f.m,
    editOnlyRestrictedBy: f.e,
  }));
}

/** Columns the review sorts by. */
export type FindingSort = 'title' | 'type' | 'exposure' | 'location' | 'modified' | 'author';

/** A query over findings: filter text (title or location, any case, accents ignored), class, sort, page. */
export interface FindingQuery {
  filter?: string;
  exposure?: 'open' | 'broad-group';
  type?: 'page' | 'blogpost';
  sort?: FindingSort;
  direction?: 'asc' | 'desc';
  offset?: number;
  /** 1–500. */
  limit?: number;
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLocaleLowerCase('en-GB');
}

function location(item: OpenContent): string {
  return item.ancestors.map((a) => a.title).join(' › ');
}

function sortKey(item: OpenContent, sort: FindingSort): string {
  switch (sort) {
    case 'title':
      return fold(item.title);
    case 'type':
      return item.type;
    case 'exposure':
      return item.exposure;
    case 'location':
      return fold(location(item));
    case 'modified':
      return item.lastModified ?? '';
    case 'author':
      return item.authorAccountId ?? '';
  }
}

/**
 * Filters, sorts and pages findings. Stable: ties keep id order, so pages never overlap.
 * @returns the page and the number of findings matching the filter
 */
export function queryFindings(items: readonly OpenContent[], query: FindingQuery): { items: OpenContent[]; total: number } {
  const words = fold(query.filter ?? '')
    .split(/\s+/)
    .filter((w) => w !== '');
  let matched = items.filter(
    (item) =>
      (query.exposure === undefined || item.exposure === query.exposure) &&
      (query.type === undefined || item.type === query.type) &&
      (words.length === 0 || words.every((w) => fold(`${item.title} ${location(item)}`).includes(w))),
  );
  const sort = query.sort ?? 'modified';
  const sign = (query.direction ?? (sort === 'modified' ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  matched = matched
    .map((item) => ({ item, key: sortKey(item, sort) }))
    .sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.item.id.localeCompare(b.item.id, 'en', { numeric: true })))
    .map((x) => x.item);
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(500, Math.max(1, query.limit ?? 50));
  return { items: matched.slice(offset, offset + limit), total: matched.length };
}
