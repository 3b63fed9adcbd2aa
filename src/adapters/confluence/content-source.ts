import type { ContentRecord, PrincipalSet } from '../../domain/exposure/classify';
import type { ScanSource } from '../../domain/audit/scan-job';
import type { ConfluenceClient, ReceivedSearchPage } from './client';
import { ConfluenceError } from './errors';
import { nextLinkPath, withLimit, type ConfluencePath } from './path';
import type { SearchContent } from './schemas';

/** Space keys are letters and digits, or `~` plus an id for personal spaces; anything else is refused. */
const SPACE_KEY = /^~?[A-Za-z0-9_-]{1,255}$/;

/** Options for {@link searchContentSource}. */
export interface SearchSourceOptions {
  /** Include archived content (default false: the review covers live content). */
  includeArchived?: boolean;
}

/**
 * The CQL for one space's pages and blog posts, oldest first so that parents usually precede their children
 * (the ledger copes either way). CQL: developer.atlassian.com/cloud/confluence/advanced-searching-using-cql/.
 * @throws Error for a malformed space key (never interpolate an unchecked key into CQL)
 */
export function spaceContentCql(spaceKey: string, options: SearchSourceOptions = {}): string {
  if (!SPACE_KEY.test(spaceKey)) throw new Error(`Not a space key: ${JSON.stringify(spaceKey)}`);
  const status = options.includeArchived ? ' and status in (current, archived)' : '';
  return `space = "${spaceKey}" and type in (page, blogpost)${status} order by created asc`;
}

/** Maps one v1 search result to a record, or null for content types the review does not cover. */
export function toContentRecord(item: SearchContent): ContentRecord | null {
  if (item.type !== 'page' && item.type !== 'blogpost') return null;
  return {
    id: item.id,
    type: item.type,
    title: item.title,
    ancestors: item.type === 'page' ? (item.ancestors ?? []).map((a) => ({ id: a.id, title: a.title ?? '' })) : [],
    read: principals(item.restrictions?.read),
    editRestricted: principals(item.restrictions?.update) !== null,
    authorAccountId: item.history?.createdBy?.accountId ?? null,
    lastModified: item.version?.when ?? item.history?.lastUpdated?.when ?? item.history?.createdDate ?? null,
    webui: item._links?.webui ?? null,
    contributions: contributionsOf(item),
  };
}

function contributionsOf(item: SearchContent): { accountId: string; at: string | null }[] {
  const out: { accountId: string; at: string | null }[] = [];
  const created = item.history?.createdBy?.accountId;
  if (created) out.push({ accountId: created, at: item.history?.createdDate ?? null });
  const updated = item.version?.by?.accountId ?? item.history?.lastUpdated?.by?.accountId;
  if (updated) out.push({ accountId: updated, at: item.version?.when ?? item.history?.lastUpdated?.when ?? null });
  return out;
}

function principals(restriction: NonNullable<SearchContent['restrictions']>['read']): PrincipalSet | null {
  const users = (restriction?.restrictions?.user?.results ?? []).map((u) => u.accountId);
  const groups = (restriction?.restrictions?.group?.results ?? []).map((g) => g.name);
  return users.length === 0 && groups.length === 0 ? null : { users, groups };
}

/** Counters of a source's read-ahead requests: answers used, and requests sent for a page nobody asked for. */
export interface ReadAheadStats {
  readonly readAhead: { used: number; wasted: number };
}

/**
 * A {@link ScanSource} over `searchContentByCQL`: one request per result page, with the page's own
 * restrictions and ancestor ids expanded (never ancestors' restrictions: CONFCLOUD-77618). With `readAhead` it
 * requests the next page as soon as this one's bytes are in (its `next` read from the body's tail), so the network
 * wait overlaps the scan's own work; the page's parsed `next` decides, and a mismatched read-ahead is counted as
 * wasted, never used.
 */
export function searchContentSource(client: ConfluenceClient, spaceKey: string, options: SearchSourceOptions = {}): ScanSource & ReadAheadStats {
  const cql = spaceContentCql(spaceKey, options);
  /** The request for the page after the last one returned, sent before that one was parsed (at most one). */
  let ahead: { path: ConfluencePath; received: Promise<ReceivedSearchPage> } | null = null;
  const readAhead = { used: 0, wasted: 0 };
  return {
    readAhead,
    async page(cursor, limit, pageOptions) {
      // The caller's page size applies to a next link too (it may have been halved after a 5xx, or grown back).
      const path = cursor === null ? null : withLimit(nextLinkPath(cursor), limit);
      let received: Promise<ReceivedSearchPage>;
      if (ahead !== null && path !== null && ahead.path === path) {
        received = ahead.received;
        readAhead.used += 1;
      } else {
        if (ahead !== null) readAhead.wasted += 1;
        received = client.searchContentReceived(cql, path, limit);
      }
      ahead = null;
      const current = await received;
      if (pageOptions?.readAhead && current.nextHint !== null) {
        // Ask for the next page now; decoding and classifying this one overlap with the wait. A failure surfaces
        // when the caller asks for that page (and is ignored if it never does).
        const hinted = withLimit(current.nextHint, limit);
        const next = client.searchContentReceived(cql, hinted, limit);
        next.catch(() => undefined);
        ahead = { path: hinted, received: next };
        // Decoding this page is tens of milliseconds of synchronous work, and HTTP clients write a request to its
        // socket on a later turn of the event loop (undici and fetch do): yield one turn so the request leaves
        // first. Without it the next page waited for this one's decoding (1.28× instead of 1.13× at 1k pages).
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const page = current.parse();
      const items: ContentRecord[] = [];
      for (const result of page.results) {
        const record = toContentRecord(result);
        if (record) items.push(record);
      }
      return { items, next: page.next, limit: page.limit };
    },
    async titles(ids) {
      const wanted = ids.filter((id) => /^\d+$/.test(id));
      const found = new Map<string, { title: string; webui: string | null }>();
      if (wanted.length === 0) return found;
      // The same statuses as the scan (archived items included when it includes them), every page of the answer:
      // the server may cap the page below the number of ids asked for.
      const status = options.includeArchived ? ' and status in (current, archived)' : '';
      const cql = `space = "${spaceKey}" and id in (${wanted.join(',')})${status}`;
      let next: ConfluencePath | null = null;
      for (let page = 0; page <= wanted.length; page++) {
        const answer = await client.searchContent(cql, next, wanted.length, []);
        for (const r of answer.results) found.set(r.id, { title: r.title, webui: r._links?.webui ?? null });
        next = answer.next;
        if (next === null || answer.results.length === 0) break;
      }
      return found;
    },
    async readRestriction(id) {
      try {
        const read = await client.readRestriction(id);
        const groups = read.groups.map((g) => g.name);
        return read.users.length === 0 && groups.length === 0 ? null : { users: read.users, groups };
      } catch (e) {
        if (e instanceof ConfluenceError && (e.kind === 'not-found' || e.kind === 'not-permitted')) return 'not-visible';
        throw e;
      }
    },
  };
}
