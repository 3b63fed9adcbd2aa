import { z } from 'zod';
import type { ConfluenceClient, HttpResponse } from '../src/adapters/confluence/client';
import { ConfluenceError } from '../src/adapters/confluence/errors';
import { confluencePath, nextFromLinkHeader, nextLinkPath, withQuery, type ConfluencePath } from '../src/adapters/confluence/path';
import { multiEntity } from '../src/adapters/confluence/schemas';

/**
 * The naive per-page exposure scan, as a baseline for the benchmarks (not product code): list the space's pages and
 * blog posts with the v2 API (cursor paging), then read each item's own view restriction with
 * `GET /wiki/rest/api/content/{id}/restriction/byOperation/read`, one request per item, one after the other, and
 * compute inheritance from the listing's `parentId` chain.
 */

const listed = z.object({ id: z.string(), status: z.string().optional(), parentId: z.string().nullish() });

type Own = 'none' | 'broad' | 'restricted';
const RANK: Record<Own, number> = { none: 0, broad: 1, restricted: 2 };

/** What the naive scan did. Times in ms. */
export interface NaiveOutcome {
  /** Pages and blog posts listed. */
  items: number;
  listingRequests: number;
  listingMs: number;
  /** Restriction reads actually made (all items, or the sample). */
  restrictionRequests: number;
  restrictionMs: number;
  /** Each restriction read's duration, for the estimate and its spread. */
  perRestrictionMs: number[];
  sampled: boolean;
  /** Classified items (only when every item was read). */
  counts: { open: number; broad: number; restricted: number } | null;
  /** Ids classified open or broad-group (only when every item was read). */
  exposedIds: string[] | null;
}

async function listAll(client: ConfluenceClient, first: ConfluencePath, maxPages: number): Promise<{ items: z.infer<typeof listed>[]; requests: number }> {
  const items: z.infer<typeof listed>[] = [];
  let path: ConfluencePath | null = first;
  let requests = 0;
  for (let i = 0; i < maxPages && path !== null; i++) {
    const { data, response }: { data: z.infer<ReturnType<typeof multiEntity<typeof listed>>>; response: HttpResponse } = await client.json(multiEntity(listed), 'GET', path);
    requests += 1;
    items.push(...data.results);
    const link: string | null = nextFromLinkHeader(response.headers.get('link')) ?? data._links?.next ?? null;
    path = link ? nextLinkPath(link) : null;
  }
  if (path !== null) throw new Error(`The v2 listing did not end within ${maxPages} pages`);
  return { items, requests };
}

/**
 * Runs the naive scan of one space.
 * @param sample when set, reads the restrictions of only this many items (evenly spread over the listing) and
 *   leaves the classification out; the caller estimates the full cost from them
 */
export async function naiveScan(client: ConfluenceClient, spaceId: string, broadGroups: readonly string[], opts: { sample: number | null; maxItems: number }): Promise<NaiveOutcome> {
  const broad = new Set(broadGroups.map((g) => g.toLowerCase()));
  const maxPages = Math.ceil(opts.maxItems / 250) + 2;
  const t0 = performance.now();
  const pages = await listAll(client, withQuery(confluencePath`/wiki/api/v2/spaces/${spaceId}/pages`, { limit: 250, status: 'current' }), maxPages);
  const blogs = await listAll(client, withQuery(confluencePath`/wiki/api/v2/spaces/${spaceId}/blogposts`, { limit: 250, status: 'current' }), maxPages);
  const listingMs = performance.now() - t0;
  const all = [...pages.items, ...blogs.items];
  const parent = new Map<string, string | null>(all.map((i) => [i.id, i.parentId ?? null]));

  const sampled = opts.sample !== null && opts.sample < all.length;
  const step = sampled ? all.length / (opts.sample ?? 1) : 1;
  const toRead = sampled ? Array.from({ length: opts.sample ?? 0 }, (_, k) => all[Math.floor(k * step)]!) : all;
  const own = new Map<string, Own>();
  const perRestrictionMs: number[] = [];
  const t1 = performance.now();
  for (const item of toRead) {
    const r0 = performance.now();
    try {
      const read = await client.readRestriction(item.id);
      own.set(item.id, read.users.length === 0 && read.groups.length === 0 ? 'none' : read.groups.some((g) => broad.has(g.name.toLowerCase())) ? 'broad' : 'restricted');
    } catch (e) {
      // Gone or hidden since the listing: not part of the result.
      if (!(e instanceof ConfluenceError && (e.kind === 'not-found' || e.kind === 'not-permitted'))) throw e;
    }
    perRestrictionMs.push(performance.now() - r0);
  }
  const restrictionMs = performance.now() - t1;
  const base = { items: all.length, listingRequests: pages.requests + blogs.requests, listingMs, restrictionRequests: toRead.length, restrictionMs, perRestrictionMs, sampled };
  if (sampled) return { ...base, counts: null, exposedIds: null };

  // Inheritance: an item's class is the worst own class on its chain (itself and every ancestor).
  const effective = new Map<string, Own>();
  const classify = (id: string): Own => {
    const chain: string[] = [];
    let known: Own | undefined;
    for (let at: string | null = id, guard = 0; at !== null && guard < 10_000; at = parent.get(at) ?? null, guard++) {
      known = effective.get(at);
      if (known !== undefined) break;
      chain.push(at);
    }
    let acc: Own = known ?? 'none';
    for (const at of chain.reverse()) {
      const mine = own.get(at) ?? 'restricted'; // an ancestor we could not read counts as restricting
      if (RANK[mine] > RANK[acc]) acc = mine;
      effective.set(at, acc);
    }
    return acc;
  };
  const counts = { open: 0, broad: 0, restricted: 0 };
  const exposedIds: string[] = [];
  for (const item of all) {
    if (!own.has(item.id)) continue;
    const c = classify(item.id);
    if (c === 'none') counts.open += 1;
    else if (c === 'broad') counts.broad += 1;
    else counts.restricted += 1;
    if (c !== 'restricted') exposedIds.push(item.id);
  }
  return { ...base, counts, exposedIds };
}
