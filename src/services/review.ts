import type { ConfluenceClient } from '../adapters/confluence/client';
import { readSpaceAccess } from '../adapters/confluence/space-access';
import type { Space } from '../adapters/confluence/schemas';
import type { ScanJob, ScanSummary } from '../domain/audit/scan-job';
import type { KeyValueStore } from '../domain/ports';
import type { ReviewView, ScanProgress, ScanSummaryView } from '../shared/api';
import { AppFailure } from './failure';
import { scanOverview } from './scans';
import { loadSettings } from './settings';
import { canAdministerSpace, resolveSpace, spaceRef, type SpaceLocation } from './space';

/** Wording for why a scan failed, by the kind recorded on the job. Never shows raw messages (they name paths). */
const FAILURE_WORDING: Record<string, string> = {
  'not-found': 'The space could not be read any more. It may have been deleted or archived.',
  'not-permitted': 'The app is not allowed to read this space. Check the app has access to it.',
  'missing-scope': 'The app is missing a permission it needs. Ask your Confluence admin to update the app.',
  'rate-limited': 'Confluence kept asking the app to slow down. Try again later.',
  upstream: 'Confluence did not respond properly for too long. Try again later.',
};

/** A job as the UI shows its progress. */
export function toProgress(job: ScanJob): ScanProgress {
  return {
    jobId: job.jobId,
    status: job.status,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.finishedAt,
    scanned: job.counts.seen,
    pages: job.pages,
    elapsedMs: job.activeMs,
    open: job.counts.open,
    broadGroup: job.counts.broadGroup,
    error: job.status === 'failed' ? (FAILURE_WORDING[job.error?.kind ?? ''] ?? 'The review stopped because of a problem in the app. Try again.') : null,
  };
}

/** A summary as the UI shows it. */
export function toSummaryView(s: ScanSummary): ScanSummaryView {
  return { jobId: s.jobId, finishedAt: s.finishedAt, open: s.open, broadGroup: s.broadGroup, restricted: s.restricted, scanned: s.scanned };
}

/**
 * The space of the invocation, if the person administers it (checked as the person with `getSpaceOperations`,
 * not only by the module's display condition).
 * @throws AppFailure(`not-permitted`) for anyone else; (`not-found`) when they cannot see the space
 */
export async function requireSpaceAdmin(client: ConfluenceClient, where: SpaceLocation | null, cache?: { store: KeyValueStore; accountId: string }): Promise<Space> {
  // A confirmed admin is remembered for a minute, so polling a running scan does not re-ask Confluence every
  // two seconds; losing admin rights takes effect within that minute.
  const key = cache && where?.id ? `admin:${where.id}:${cache.accountId}` : null;
  if (cache && key) {
    const remembered = (await cache.store.get(key)) as Space | undefined;
    if (remembered && typeof remembered.id === 'string' && (where?.key === null || where?.key === remembered.key)) return remembered;
  }
  const space = await resolveSpace(client, where);
  if (!(await canAdministerSpace(client, space.id))) throw new AppFailure('not-permitted', 'Only space admins can review this space.');
  if (cache && key) await cache.store.set(key, space, ADMIN_CACHE_SECONDS);
  return space;
}

/** How long a confirmed space admin is remembered, in seconds. */
export const ADMIN_CACHE_SECONDS = 60;

/**
 * The space settings review: who can see the space, and the state of its scans. Findings come separately,
 * page by page.
 * @param client acting as the viewing person
 */
export async function spaceReview(deps: { client: ConfluenceClient; store: KeyValueStore; siteUrl: string | null }, where: SpaceLocation | null): Promise<ReviewView> {
  const space = await requireSpaceAdmin(deps.client, where);
  const { settings } = await loadSettings(deps.store);
  const [access, overview] = await Promise.all([readSpaceAccess(deps.client, space.id, settings.broadGroups), scanOverview(deps.store, space.id)]);
  return {
    space: spaceRef(space, deps.siteUrl),
    access,
    scan: overview.job ? toProgress(overview.job) : null,
    latest: overview.latest ? toSummaryView(overview.latest.summary) : null,
    history: overview.history.map(toSummaryView),
  };
}
