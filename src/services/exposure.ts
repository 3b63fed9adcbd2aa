import type { ConfluenceClient } from '../adapters/confluence/client';
import { searchContentSource } from '../adapters/confluence/content-source';
import type { Space } from '../adapters/confluence/schemas';
import type { ClassifiedItem } from '../domain/exposure/classify';
import { scanSpace } from '../domain/exposure/scan';
import type { KeyValueStore } from '../domain/ports';
import type { OpenContent } from '../shared/api';
import { keys } from './keys';

/** How long a space's exposure summary is reused before it is scanned again, in seconds. */
export const SUMMARY_TTL_SECONDS = 600;
/** Most examples kept in a summary. */
const EXAMPLES = 10;

/**
 * A space's exposure, as cached and shared by every viewer of the space: counts, and titles only of items with no
 * view restriction anywhere on their chain (which every space member can read).
 */
export interface ExposureSummary {
  openPages: number;
  openBlogPosts: number;
  broadGroupItems: number;
  restrictedSeen: number;
  examples: OpenContent[];
  complete: boolean;
  scannedAt: string;
}

/** Turns a classified item into what the UI shows. @param siteUrl absolute site URL (no trailing slash) */
export function toOpenContent(item: ClassifiedItem, siteUrl: string | null): OpenContent {
  const r = item.record;
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    url: `${siteUrl ?? ''}/wiki${r.webui ?? `/pages/viewpage.action?pageId=${encodeURIComponent(r.id)}`}`,
    exposure: item.exposure,
    ancestors: r.ancestors.map((a) => ({ id: a.id, title: a.title })),
    authorAccountId: r.authorAccountId,
    authorName: null,
    lastModified: r.lastModified,
    editOnlyRestrictedBy: item.editOnlyRestrictedBy,
  };
}

/** Options for a bounded scan inside one resolver invocation. */
export interface BoundedScanOptions {
  broadGroups: readonly string[];
  /** Stop starting new result pages after this many milliseconds. */
  budgetMs: number;
  pageSize?: number;
  now?: () => number;
}

/**
 * Scans one space as the given client within a time budget.
 * @returns the open and broad-group items found, and whether the scan covered the whole space
 */
export async function scanWithinBudget(client: ConfluenceClient, space: Space, options: BoundedScanOptions) {
  const now = options.now ?? Date.now;
  const started = now();
  return scanSpace(searchContentSource(client, space.key), {
    broadGroups: options.broadGroups,
    pageSize: options.pageSize ?? 100,
    shouldStop: () => now() - started > options.budgetMs,
  });
}

/**
 * The space's exposure summary, from the cache when fresh, else from a bounded scan as the viewing person.
 * A summary is only cached when the viewer is not a guest: a guest cannot see pages open to the licensed-users
 * group, so their scan would under-count.
 */
export async function exposureSummary(
  client: ConfluenceClient,
  store: KeyValueStore,
  space: Space,
  options: BoundedScanOptions & { siteUrl: string | null; viewerIsGuest: boolean },
): Promise<ExposureSummary> {
  const cached = (await store.get(keys.spaceSummary(space.id))) as ExposureSummary | undefined;
  if (cached && typeof cached.scannedAt === 'string' && Array.isArray(cached.examples)) return cached;
  const result = await scanWithinBudget(client, space, options);
  const examples = result.items
    .filter((item) => item.exposure === 'open')
    .sort((a, b) => (b.record.lastModified ?? '').localeCompare(a.record.lastModified ?? ''))
    .slice(0, EXAMPLES)
    .map((item) => toOpenContent(item, options.siteUrl));
  const open = result.items.filter((i) => i.exposure === 'open');
  const summary: ExposureSummary = {
    openPages: open.filter((i) => i.record.type === 'page').length,
    openBlogPosts: open.filter((i) => i.record.type === 'blogpost').length,
    broadGroupItems: result.items.length - open.length,
    restrictedSeen: result.counts.restricted,
    examples,
    complete: result.complete,
    scannedAt: new Date(options.now?.() ?? Date.now()).toISOString(),
  };
  if (!options.viewerIsGuest) await store.set(keys.spaceSummary(space.id), summary, SUMMARY_TTL_SECONDS);
  return summary;
}
