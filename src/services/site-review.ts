import type { ConfluenceClient, Page } from '../adapters/confluence/client';
import type { ConfluencePath } from '../adapters/confluence/path';
import type { Space } from '../adapters/confluence/schemas';
import type { KeyValueStore } from '../domain/ports';
import type { OrgSettings, SiteReviewRow, SiteReviewView, SiteScanResult } from '../shared/api';
import { toSummaryView } from './review';
import { startScan, type JobQueue } from './scans';
import { spaceRef } from './space';
import { readIndex } from './space-index';

/** Most spaces listed (and scanned) per call: 40 pages of 250. */
const MAX_SPACE_PAGES = 40;
/** Most scans started by one call (each start is one queue push). */
export const MAX_STARTS_PER_CALL = 200;

/** Every current space the app can see, personal ones only if the settings include them. */
export async function listSpaces(client: ConfluenceClient, settings: Pick<OrgSettings, 'includePersonalSpaces'>): Promise<{ spaces: Space[]; truncated: boolean }> {
  const spaces: Space[] = [];
  let next: ConfluencePath | null = null;
  for (let i = 0; i < MAX_SPACE_PAGES; i++) {
    const page: Page<Space> = await client.spaces(next, { status: 'current', limit: 250 });
    spaces.push(...page.results.filter((s) => settings.includePersonalSpaces || s.type !== 'personal'));
    if (!page.next) return { spaces, truncated: false };
    next = page.next;
  }
  return { spaces, truncated: true };
}

/**
 * The site-wide review for site admins: every space with who could see it and what its last scan found.
 * @param client acting as the app (site admins may not be able to see every space themselves)
 */
export async function siteReview(deps: { client: ConfluenceClient; store: KeyValueStore; siteUrl: string | null }, settings: OrgSettings): Promise<SiteReviewView> {
  const [{ spaces, truncated }, index] = await Promise.all([listSpaces(deps.client, settings), readIndex(deps.store)]);
  const rows: SiteReviewRow[] = spaces.map((space) => {
    const entry = index.get(space.id);
    return {
      space: spaceRef(space, deps.siteUrl),
      access: entry?.access ?? null,
      latest: entry?.summary ? toSummaryView(entry.summary) : null,
      scan: entry ? { status: entry.status, updatedAt: entry.updatedAt } : null,
    };
  });
  const rank = { public: 0, everyone: 1, limited: 2 } as const;
  rows.sort((a, b) => (a.access ? rank[a.access.level] : 3) - (b.access ? rank[b.access.level] : 3) || (b.latest?.open ?? 0) - (a.latest?.open ?? 0) || a.space.key.localeCompare(b.space.key));
  return { rows, truncated };
}

/**
 * Starts a scan of every space (at most {@link MAX_STARTS_PER_CALL}), skipping those already running.
 * @param due when given, only spaces for which it returns true are started (the scheduled rescan uses it)
 */
export async function scanAllSpaces(
  deps: { client: ConfluenceClient; store: KeyValueStore; queue: JobQueue; now?: () => number },
  settings: OrgSettings,
  requestedBy: string,
  due?: (spaceId: string) => boolean,
): Promise<SiteScanResult> {
  const { spaces } = await listSpaces(deps.client, settings);
  const result: SiteScanResult = { started: 0, alreadyRunning: 0, skipped: 0 };
  for (const space of spaces) {
    if ((due && !due(space.id)) || result.started >= MAX_STARTS_PER_CALL) {
      result.skipped += 1;
      continue;
    }
    const outcome = await startScan({ store: deps.store, queue: deps.queue, ...(deps.now ? { now: deps.now } : {}) }, { id: space.id, key: space.key }, requestedBy);
    if (outcome.started) result.started += 1;
    else result.alreadyRunning += 1;
  }
  return result;
}

/**
 * The daily trigger: rescans every space whose last completed scan is older than `settings.rescanDays` (or that
 * was never scanned), and resumes scans whose consumer died. Does nothing when `rescanDays` is 0.
 */
export async function scheduledRescan(deps: { client: ConfluenceClient; store: KeyValueStore; queue: JobQueue; now?: () => number }, settings: OrgSettings): Promise<SiteScanResult> {
  if (settings.rescanDays === 0) return { started: 0, alreadyRunning: 0, skipped: 0 };
  const now = deps.now ?? Date.now;
  const index = await readIndex(deps.store);
  // A little slack so a daily trigger that fires slightly early still rescans a space scanned a day ago.
  const maxAgeMs = settings.rescanDays * 86_400_000 - 3_600_000;
  const due = (spaceId: string): boolean => {
    const entry = index.get(spaceId);
    if (!entry?.summary) return true;
    if (entry.status === 'running' || entry.status === 'queued') return true; // startScan resumes it if its lock lapsed
    return now() - Date.parse(entry.summary.finishedAt) >= maxAgeMs;
  };
  return scanAllSpaces(deps, settings, 'schedule', due);
}
