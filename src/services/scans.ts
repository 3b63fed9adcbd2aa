import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConfluenceClient } from '../adapters/confluence/client';
import { searchContentSource } from '../adapters/confluence/content-source';
import { ConfluenceError } from '../adapters/confluence/errors';
import { expandFindings, queryFindings, type FindingQuery } from '../domain/audit/findings';
import {
  LOCK_TTL_SECONDS,
  newScanJob,
  publishScan,
  readFindings,
  runSlice,
  scanKeys,
  type LatestScan,
  type ScanJob,
  type ScanSummary,
  type SourceFailure,
} from '../domain/audit/scan-job';
import type { KeyValueStore } from '../domain/ports';
import type { OpenContent, OrgSettings } from '../shared/api';
import { readSpaceAccess } from '../adapters/confluence/space-access';
import { log } from '../adapters/log';
import { visibleFindings } from './broad-groups';
import { loadSettings } from './settings';
import { reviewContributors } from './people';
import { updateIndex } from './space-index';

/**
 * Scans as background jobs: start (one at a time per space), run slices from the queue consumer, read progress,
 * findings and history. The engine is `domain/audit/scan-job.ts`; this layer wires it to Confluence and a queue.
 */

/** The event body a scan slice is queued with. */
export const scanEventSchema = z.object({ spaceId: z.string().regex(/^\d+$/), jobId: z.string().uuid() });
export type ScanEvent = z.infer<typeof scanEventSchema>;

/** Where scan slices are queued (Forge: an `@forge/events` Queue; tests and the CLI: a local loop). */
export interface JobQueue {
  /** Queues one slice; `delaySeconds` 0–900. */
  push(event: ScanEvent, delaySeconds?: number): Promise<void>;
}

/** Maps what the Confluence client throws to how the engine should react. */
export function classifyFailure(error: unknown): SourceFailure {
  if (error instanceof ConfluenceError) {
    if (error.status === 400) return { kind: 'invalid-cursor' };
    if (error.kind === 'rate-limited' || error.kind === 'upstream') {
      return { kind: 'retry-later', message: error.message, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
    }
    return { kind: 'fatal', errorKind: error.kind, message: error.message };
  }
  if (error instanceof TypeError) return { kind: 'retry-later', message: error.message }; // network
  return { kind: 'fatal', errorKind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The outcome of asking for a scan. */
export type StartOutcome = { started: true; job: ScanJob } | { started: false; job: ScanJob | null };

/**
 * Starts a scan of a space unless one is already running (the lock is taken atomically, so two concurrent
 * starts cannot both win). A running job whose lock has lapsed (its consumer died and was not retried) is
 * resumed rather than restarted.
 */
export async function startScan(
  deps: { store: KeyValueStore; queue: JobQueue; now?: () => number; newId?: () => string },
  space: { id: string; key: string },
  requestedBy: string,
  options: { includeArchived?: boolean } = {},
): Promise<StartOutcome> {
  const now = deps.now ?? Date.now;
  const existing = (await deps.store.get(scanKeys.job(space.id))) as ScanJob | undefined;
  const jobId = deps.newId?.() ?? randomUUID();
  const locked = await deps.store.setIfAbsent(scanKeys.lock(space.id), { jobId, at: new Date(now()).toISOString() }, LOCK_TTL_SECONDS);
  if (!locked) return { started: false, job: existing ?? null };
  if (existing && (existing.status === 'running' || existing.status === 'queued')) {
    // Its lock lapsed: pick it up where it stopped.
    await deps.store.set(scanKeys.lock(space.id), { jobId: existing.jobId, at: new Date(now()).toISOString() }, LOCK_TTL_SECONDS);
    await deps.queue.push({ spaceId: space.id, jobId: existing.jobId });
    return { started: true, job: existing };
  }
  const job = newScanJob({ jobId, spaceId: space.id, spaceKey: space.key, requestedBy, includeArchived: options.includeArchived ?? false, now: now() });
  await deps.store.set(scanKeys.job(space.id), job);
  await updateIndex(deps.store, job);
  await deps.queue.push({ spaceId: space.id, jobId });
  return { started: true, job };
}

/** What one queued slice needs. */
export interface SliceRunDeps {
  store: KeyValueStore;
  queue: JobQueue;
  /** Acting as the app (consumers have no user). */
  client: ConfluenceClient;
  now?: () => number;
  remainingMs: () => number;
  reserveMs?: number;
  checkpointEveryMs?: number;
}

/**
 * Handles one queued slice: validates the event, ignores stale or duplicate deliveries (a job id that is not
 * the space's current job, or a finished job), runs the slice and re-queues the job until it is done.
 * @returns what happened, for logs and tests
 */
export async function handleScanEvent(deps: SliceRunDeps, body: unknown): Promise<'ignored' | 'continued' | 'done' | 'failed'> {
  const parsed = scanEventSchema.safeParse(body);
  if (!parsed.success) return 'ignored';
  const { spaceId, jobId } = parsed.data;
  const job = (await deps.store.get(scanKeys.job(spaceId))) as ScanJob | undefined;
  if (!job || job.jobId !== jobId || job.status === 'failed') return 'ignored';
  if (job.status === 'done' && job.published !== false) return 'ignored';
  const now = deps.now ?? Date.now;
  const { settings } = await loadSettings(deps.store);
  if (job.status === 'done') {
    // The consumer that finished this scan was killed before publishing its results: publish them now.
    await publishScan(deps.store, job);
    await afterScan(deps, job, settings);
    return 'done';
  }
  await deps.store.set(scanKeys.lock(spaceId), { jobId, at: new Date(now()).toISOString() }, LOCK_TTL_SECONDS);
  const source = searchContentSource(deps.client, job.spaceKey, { includeArchived: job.includeArchived });
  const outcome = await runSlice(
    {
      store: deps.store,
      source,
      broadGroups: settings.broadGroups,
      classify: classifyFailure,
      now,
      remainingMs: deps.remainingMs,
      stats: () => deps.client.stats,
      ...(deps.reserveMs !== undefined ? { reserveMs: deps.reserveMs } : {}),
      ...(deps.checkpointEveryMs !== undefined ? { checkpointEveryMs: deps.checkpointEveryMs } : {}),
    },
    job,
  );
  if (outcome.kind === 'continue') {
    if (job.status === 'queued') await updateIndex(deps.store, outcome.job);
    await deps.queue.push({ spaceId, jobId }, outcome.delaySeconds);
    return 'continued';
  }
  if (outcome.kind === 'done') await afterScan(deps, outcome.job, settings);
  else await updateIndex(deps.store, outcome.job);
  return outcome.kind;
}

/** After a published scan: the site-wide index entry (with the space's access) and the contributors' profiles. */
async function afterScan(deps: SliceRunDeps, job: ScanJob, settings: OrgSettings): Promise<void> {
  const spaceId = job.spaceId;
  const latest = (await deps.store.get(scanKeys.latest(spaceId))) as LatestScan | undefined;
  let access;
  try {
    access = await readSpaceAccess(deps.client, spaceId, settings.broadGroups);
  } catch (e) {
    log.warn('could not read space access after a scan', { spaceId, error: e instanceof Error ? e.message : String(e) });
  }
  await updateIndex(deps.store, job, { ...(latest ? { summary: latest.summary } : {}), ...(access ? { access } : {}) });
  try {
    await reviewContributors(deps.client, deps.store, job, settings);
  } catch (e) {
    log.warn('could not check contributors after a scan', { spaceId, error: e instanceof Error ? e.message : String(e) });
  }
}

/** Progress and results of a space's scans, as the review shows them. */
export interface ScanOverview {
  job: ScanJob | null;
  latest: LatestScan | null;
  history: ScanSummary[];
}

/** Reads a space's scan state. */
export async function scanOverview(store: KeyValueStore, spaceId: string): Promise<ScanOverview> {
  const [job, latest, history] = await Promise.all([store.get(scanKeys.job(spaceId)), store.get(scanKeys.latest(spaceId)), store.get(scanKeys.history(spaceId))]);
  return {
    job: (job as ScanJob | undefined) ?? null,
    latest: (latest as LatestScan | undefined) ?? null,
    history: Array.isArray(history) ? (history as ScanSummary[]) : [],
  };
}

/** The findings of the last completed scan, expanded for the UI, or null before the first scan completes. */
export async function latestFindings(store: KeyValueStore, spaceId: string, siteUrl: string | null): Promise<OpenContent[] | null> {
  const latest = (await store.get(scanKeys.latest(spaceId))) as LatestScan | undefined;
  if (!latest) return null;
  return expandFindings(await readFindings(store, spaceId, latest), siteUrl);
}

/**
 * One page of the last completed scan's findings.
 * @param seesBroad whether broad-group findings may be shown to this person (see `seesBroadGroupTitles`)
 */
export async function findingsPage(
  store: KeyValueStore,
  spaceId: string,
  siteUrl: string | null,
  query: FindingQuery,
  seesBroad: boolean,
): Promise<{ items: OpenContent[]; total: number; hidden: number } | null> {
  const all = await latestFindings(store, spaceId, siteUrl);
  if (all === null) return null;
  const visible = visibleFindings(all, seesBroad);
  return { ...queryFindings(visible, query), hidden: all.length - visible.length };
}
