import { ExposureLedger, type ClassifiedItem, type LedgerCounts, type NodeEntry, type UntitledRecord } from '../exposure/classify';
import type { ContentSource } from '../exposure/scan';
import type { KeyValueStore } from '../ports';
import { toStoredFinding, type StoredFinding } from './findings';
import { packShards } from './shards';

/**
 * The resumable scan of one space: the engine behind the review, the scheduled rescans and the command line.
 *
 * A scan runs in slices. Each slice restores the checkpoint, reads result pages (v1 content search) until its
 * invocation's time is nearly spent, and checkpoints: the ledger's new node entries and the new findings are
 * appended as shards (each ≤ 200 KiB), then the job record is written — that write is the commit point, so a
 * slice killed at any moment leaves the last commit intact, and the next slice re-reads at most the pages since
 * then (the ledger ignores items it has already seen, so nothing is found twice).
 *
 * Storage layout (all keys per space, with the job id where data belongs to one run):
 * - `scan:<space>:job` the current or last {@link ScanJob} (the commit point);
 * - `scan:<space>:lock` held from start to finish so two scans of a space never run at once (TTL lease);
 * - `scan:<space>:<job>:n:<i>` node entry shards, `…:f:<i>` finding shards, `…:p` pending items (no titles);
 * - `scan:<space>:latest` the last completed scan (its findings stay readable while a new scan runs);
 * - `scan:<space>:history` the last {@link HISTORY_LENGTH} summaries, newest first;
 * - `scan:<space>:restricted` ids restricted through the app since the last completed scan (cleared by the next);
 * - `summary:<space>` the space's entry in the site-wide review (written by the service layer).
 */

/** Keys of the scan storage layout. */
export const scanKeys = {
  job: (spaceId: string) => `scan:${spaceId}:job`,
  lock: (spaceId: string) => `scan:${spaceId}:lock`,
  nodes: (spaceId: string, jobId: string, i: number) => `scan:${spaceId}:${jobId}:n:${i}`,
  findings: (spaceId: string, jobId: string, i: number) => `scan:${spaceId}:${jobId}:f:${i}`,
  contributors: (spaceId: string, jobId: string, i: number) => `scan:${spaceId}:${jobId}:c:${i}`,
  pending: (spaceId: string, jobId: string) => `scan:${spaceId}:${jobId}:p`,
  latest: (spaceId: string) => `scan:${spaceId}:latest`,
  history: (spaceId: string) => `scan:${spaceId}:history`,
  restricted: (spaceId: string) => `scan:${spaceId}:restricted`,
  summary: (spaceId: string) => `summary:${spaceId}`,
  summaryPrefix: 'summary:',
} as const;

/** Summaries kept per space for the trend. */
export const HISTORY_LENGTH = 30;
/** How long a scan's lock lasts without a slice renewing it, in seconds. */
export const LOCK_TTL_SECONDS = 20 * 60;

export type ScanStatus = 'queued' | 'running' | 'done' | 'failed';

/** One scan of one space: progress, where to resume, and what has been committed. Timestamps are ISO. */
export interface ScanJob {
  jobId: string;
  spaceId: string;
  spaceKey: string;
  includeArchived: boolean;
  /** An accountId, `schedule` or `cli`. */
  requestedBy: string;
  status: ScanStatus;
  createdAt: string;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
  /** Where the next slice resumes: the next result page's path, or null for the first page. */
  cursor: string | null;
  /** Page size to ask for: the server's own choice once known, halved after a 5xx, grown back after steady pages. */
  pageSize: number;
  /** The largest page the server has served in this job (what the page size grows back to). Absent in old records. */
  maxPageSize?: number;
  /** Result pages read (including re-reads after a restart). */
  pages: number;
  counts: { open: number; broadGroup: number; restricted: number; seen: number; pending: number };
  nodeShards: number;
  findingShards: number;
  /** Shards of `[accountId, lastSeen]` contributor entries (later entries supersede earlier ones). */
  contributorShards: number;
  findings: number;
  /** Restarts from the first page after the server refused a cursor. */
  restarts: number;
  slices: number;
  /** Milliseconds spent scanning, over all slices. */
  activeMs: number;
  requests: number;
  retries: number;
  /** Consecutive slices that ended on a transient failure. */
  attempts: number;
  error: { kind: string; message: string } | null;
  /**
   * For a done job: false from the commit that marks it done until its results are published (latest, history,
   * clean-up), then true. A consumer killed in between leaves it false, so the redelivered event publishes them.
   * Absent on records written before this field existed (treated as published).
   */
  published?: boolean;
  /** The completed scan this one replaces (its finding shards are deleted once this one is published). */
  supersedes?: { jobId: string; findingShards: number } | null;
}

/** What a completed scan found, kept in the history for the trend. */
export interface ScanSummary {
  jobId: string;
  spaceId: string;
  spaceKey: string;
  finishedAt: string;
  open: number;
  broadGroup: number;
  restricted: number;
  /** Pages and blog posts the scanner could see. */
  scanned: number;
  pages: number;
  requests: number;
  activeMs: number;
}

/** The last completed scan of a space: where its findings are. */
export interface LatestScan {
  jobId: string;
  findingShards: number;
  summary: ScanSummary;
}

/** How a source failure should be handled. */
export type SourceFailure =
  | { kind: 'invalid-cursor' }
  | { kind: 'retry-later'; retryAfterMs?: number; message: string }
  | { kind: 'fatal'; errorKind: string; message: string };

/** A {@link ContentSource} that can also look up titles and links of items (for findings restored without them). */
export interface ScanSource extends ContentSource {
  /**
   * Title and UI link of each of these items, as the scanner sees them now; items that are gone are absent.
   * @throws whatever the source throws (the slice then ends without committing, and the job retries)
   */
  titles(ids: readonly string[]): Promise<Map<string, { title: string; webui: string | null }>>;
}

/** What a slice needs. Time in epoch milliseconds. */
export interface SliceDeps {
  store: KeyValueStore;
  source: ScanSource;
  broadGroups: readonly string[];
  /** Maps anything the source throws to how to handle it. */
  classify(error: unknown): SourceFailure;
  now(): number;
  /** Milliseconds left in this invocation. */
  remainingMs(): number;
  /** Stop reading when less than this is left (default 20 s: time to checkpoint and re-queue). */
  reserveMs?: number;
  /** Checkpoint at least this often while reading (default 10 s)… */
  checkpointEveryMs?: number;
  /** …and at least every this many result pages (default 10), so progress survives a kill whatever the timing. */
  checkpointEveryPages?: number;
  /** Restarts after refused cursors allowed per job (default 3). */
  maxRestarts?: number;
  /** Consecutive failed slices before the job fails (default 6). */
  maxAttempts?: number;
  /** Request and retry counters of the client, read before and after the slice. */
  stats?: () => { requests: number; retries: number };
}

/** How a slice ended: carry on (after `delaySeconds`), finished, or failed for good. */
export type SliceOutcome = { kind: 'continue'; delaySeconds: number; job: ScanJob } | { kind: 'done'; job: ScanJob } | { kind: 'failed'; job: ScanJob };

/** A new job record, queued. @param pageSize the page size to ask for first */
export function newScanJob(init: { jobId: string; spaceId: string; spaceKey: string; requestedBy: string; includeArchived?: boolean; pageSize?: number; now: number }): ScanJob {
  const at = new Date(init.now).toISOString();
  return {
    jobId: init.jobId,
    spaceId: init.spaceId,
    spaceKey: init.spaceKey,
    includeArchived: init.includeArchived ?? false,
    requestedBy: init.requestedBy,
    status: 'queued',
    createdAt: at,
    startedAt: null,
    updatedAt: at,
    finishedAt: null,
    cursor: null,
    pageSize: init.pageSize ?? 250,
    pages: 0,
    counts: { open: 0, broadGroup: 0, restricted: 0, seen: 0, pending: 0 },
    nodeShards: 0,
    findingShards: 0,
    contributorShards: 0,
    findings: 0,
    restarts: 0,
    slices: 0,
    activeMs: 0,
    requests: 0,
    retries: 0,
    attempts: 0,
    error: null,
  };
}

const MAX_PAGES_PER_SLICE = 100_000;
/** Pages served without a 5xx before a halved page size is doubled again. */
const GROW_AFTER_PAGES = 3;
const MAX_ANCESTOR_LOOKUPS = 50;
const TITLE_BATCH = 100;

async function readShards<T>(store: KeyValueStore, key: (i: number) => string, count: number): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += 8) {
    const batch = await Promise.all(Array.from({ length: Math.min(8, count - start) }, (_, k) => store.get(key(start + k))));
    for (const [k, value] of batch.entries()) {
      if (!Array.isArray(value)) throw new Error(`Checkpoint shard ${key(start + k)} is missing or corrupt`);
      out.push(...(value as T[]));
    }
  }
  return out;
}

/**
 * Reads every contributor a scan saw: accountId → latest time seen contributing (ISO, or '' when unknown).
 * @throws Error when a shard is missing
 */
export async function readContributors(store: KeyValueStore, job: Pick<ScanJob, 'spaceId' | 'jobId' | 'contributorShards'>): Promise<Map<string, string>> {
  const entries = await readShards<[string, string]>(store, (i) => scanKeys.contributors(job.spaceId, job.jobId, i), job.contributorShards);
  const out = new Map<string, string>();
  for (const [id, at] of entries) if ((out.get(id) ?? '') <= at) out.set(id, at);
  return out;
}

/** Deletes a scan's contributor shards (once the service has evaluated them). */
export async function deleteContributors(store: KeyValueStore, job: Pick<ScanJob, 'spaceId' | 'jobId' | 'contributorShards'>): Promise<void> {
  for (let i = 0; i < job.contributorShards; i++) await store.delete(scanKeys.contributors(job.spaceId, job.jobId, i));
}

/** Reads the stored findings of a completed scan. @throws Error when a shard is missing (a corrupt store) */
export function readFindings(store: KeyValueStore, spaceId: string, latest: LatestScan): Promise<StoredFinding[]> {
  return readShards<StoredFinding>(store, (i) => scanKeys.findings(spaceId, latest.jobId, i), latest.findingShards);
}

/**
 * Runs one slice of a scan and commits its progress. Never throws for source failures (they become a retry or a
 * failed job); throws only if storage itself fails, in which case nothing after the last commit is lost either.
 */
export async function runSlice(deps: SliceDeps, start: ScanJob): Promise<SliceOutcome> {
  const reserve = deps.reserveMs ?? 20_000;
  const every = deps.checkpointEveryMs ?? 10_000;
  const sliceStart = deps.now();
  const stats0 = deps.stats?.() ?? { requests: 0, retries: 0 };
  const job: ScanJob = { ...start, counts: { ...start.counts }, status: 'running', slices: start.slices + 1, contributorShards: start.contributorShards ?? 0 };
  job.startedAt ??= new Date(sliceStart).toISOString();

  const nodes = await readShards<NodeEntry>(deps.store, (i) => scanKeys.nodes(job.spaceId, job.jobId, i), job.nodeShards);
  const pendingStored = (await deps.store.get(scanKeys.pending(job.spaceId, job.jobId))) as UntitledRecord[] | undefined;
  const ledger = ExposureLedger.restore(deps.broadGroups, {
    nodes,
    pending: Array.isArray(pendingStored) ? pendingStored : [],
    counts: { open: job.counts.open, broadGroup: job.counts.broadGroup, restricted: job.counts.restricted },
  });
  let uncommitted: StoredFinding[] = [];
  /** The job as last committed: what the store holds, and what an abandoned slice falls back to. */
  let committed: ScanJob = { ...start, counts: { ...start.counts } };
  /** Contributors seen since the last commit: accountId → latest ISO time seen contributing. */
  let contributorDelta = new Map<string, string>();
  let lastCommit = deps.now();
  let pagesSinceCommit = 0;

  const collect = async (): Promise<void> => {
    const resolved = ledger.takeResolved();
    const untitled = resolved.filter((r) => r.titleMissing).map((r) => r.record.id);
    const titles = new Map<string, { title: string; webui: string | null }>();
    for (let i = 0; i < untitled.length; i += TITLE_BATCH) {
      // A failure here is not caught: the slice ends without committing (see `runSlice`), so nothing is lost.
      for (const [id, found] of await deps.source.titles(untitled.slice(i, i + TITLE_BATCH))) titles.set(id, found);
    }
    for (const item of resolved) {
      if (item.titleMissing) {
        const found = titles.get(item.record.id);
        if (found === undefined) {
          ledger.forget(item); // gone since it was seen: nothing to report, and not counted
          continue;
        }
        uncommitted.push(toStoredFinding(withTitle(item, found)));
      } else uncommitted.push(toStoredFinding(item));
    }
  };

  const commit = async (): Promise<void> => {
    const nodeShards = packShards(ledger.takeNodeDelta());
    for (const [k, shard] of nodeShards.entries()) await deps.store.set(scanKeys.nodes(job.spaceId, job.jobId, job.nodeShards + k), shard);
    const findingShards = packShards(uncommitted);
    for (const [k, shard] of findingShards.entries()) await deps.store.set(scanKeys.findings(job.spaceId, job.jobId, job.findingShards + k), shard);
    const contributorShards = packShards([...contributorDelta.entries()]);
    for (const [k, shard] of contributorShards.entries()) await deps.store.set(scanKeys.contributors(job.spaceId, job.jobId, job.contributorShards + k), shard);
    await deps.store.set(scanKeys.pending(job.spaceId, job.jobId), ledger.pendingSnapshot());
    const now = deps.now();
    const stats = deps.stats?.() ?? { requests: 0, retries: 0 };
    const next: ScanJob = {
      ...job,
      nodeShards: job.nodeShards + nodeShards.length,
      findingShards: job.findingShards + findingShards.length,
      contributorShards: job.contributorShards + contributorShards.length,
      findings: job.findings + uncommitted.length,
      counts: countsOf(ledger.counts()),
      updatedAt: new Date(now).toISOString(),
      activeMs: start.activeMs + (now - sliceStart),
      requests: start.requests + (stats.requests - stats0.requests),
      retries: start.retries + (stats.retries - stats0.retries),
    };
    await deps.store.set(scanKeys.job(job.spaceId), next); // the commit point
    committed = { ...next, counts: { ...next.counts } };
    Object.assign(job, next);
    uncommitted = [];
    contributorDelta = new Map();
    lastCommit = now;
    pagesSinceCommit = 0;
  };

  /**
   * Ends the slice without committing what it read since the last commit (used when looking up titles fails: the
   * items it resolved are not in any finding yet, so committing the ledger would lose them). Only the attempt is
   * recorded; the next slice re-reads from the last committed cursor.
   */
  const abandon = async (error: unknown): Promise<SliceOutcome> => {
    const attempts = committed.attempts + 1;
    const next = afterFailure(deps.classify(error), attempts, deps.maxAttempts ?? 6);
    const updatedAt = new Date(deps.now()).toISOString();
    const record: ScanJob = { ...committed, status: committed.status === 'queued' ? 'running' : committed.status, slices: job.slices, updatedAt };
    if (next.failed) Object.assign(record, { status: 'failed', finishedAt: updatedAt, error: next.error });
    else record.attempts = attempts;
    await deps.store.set(scanKeys.job(job.spaceId), record);
    if (!next.failed) return { kind: 'continue', delaySeconds: next.delaySeconds, job: record };
    await deps.store.delete(scanKeys.lock(job.spaceId));
    return { kind: 'failed', job: record };
  };

  const stopFor = async (failure: SourceFailure): Promise<SliceOutcome> => {
    const next = afterFailure(failure, job.attempts + 1, deps.maxAttempts ?? 6);
    if (next.failed) Object.assign(job, { status: 'failed', finishedAt: new Date(deps.now()).toISOString(), error: next.error });
    else job.attempts += 1;
    await commit();
    if (!next.failed) return { kind: 'continue', delaySeconds: next.delaySeconds, job };
    await deps.store.delete(scanKeys.lock(job.spaceId));
    return { kind: 'failed', job };
  };

  /** Pages served in a row at the current (shrunk) page size, to decide when to grow it back. */
  let steadyPages = 0;
  /** How long the last read-classify-checkpoint cycle took, to predict whether this slice reads one more page. */
  let cycleMs = 0;
  let cycleStart = deps.now();
  for (let read = 0; read < MAX_PAGES_PER_SLICE; read++) {
    const top = deps.now();
    if (read > 0) cycleMs = top - cycleStart;
    cycleStart = top;
    const remaining = deps.remainingMs();
    if (remaining < reserve) break;
    // Let the source ask for the following page while this one is worked on, unless this slice is likely to stop
    // after it (then that request would be wasted): twice the last cycle is the margin.
    const readAhead = read + 1 < MAX_PAGES_PER_SLICE && remaining - reserve >= 2 * cycleMs;
    let page: Awaited<ReturnType<ScanSource['page']>>;
    try {
      page = await deps.source.page(job.cursor, job.pageSize, { readAhead });
    } catch (error) {
      const failure = deps.classify(error);
      if (failure.kind === 'invalid-cursor' && job.cursor !== null && job.restarts < (deps.maxRestarts ?? 3)) {
        // The server no longer accepts the cursor: read again from the start; the ledger skips what it has seen.
        job.restarts += 1;
        job.cursor = null;
        continue;
      }
      return stopFor(failure.kind === 'invalid-cursor' ? { kind: 'fatal', errorKind: 'upstream', message: 'Confluence kept refusing the scan position' } : failure);
    }
    job.pages += 1;
    job.attempts = 0;
    if (page.limit !== undefined && page.limit > 0) {
      // The server's page size, as served. After a 5xx the client halved it; once pages come back steadily, grow it
      // back towards the largest the server has served, so a few errors do not slow the rest of the scan.
      if (page.limit < job.pageSize) steadyPages = 0;
      job.pageSize = page.limit;
      job.maxPageSize = Math.max(job.maxPageSize ?? 0, page.limit);
      if (job.pageSize < job.maxPageSize && ++steadyPages >= GROW_AFTER_PAGES) {
        job.pageSize = Math.min(job.maxPageSize, job.pageSize * 2);
        steadyPages = 0;
      }
    }
    for (const item of page.items) {
      ledger.add(item);
      for (const c of item.contributions ?? []) {
        const at = c.at ?? '';
        const before = contributorDelta.get(c.accountId);
        if (before === undefined || at > before) contributorDelta.set(c.accountId, at);
      }
    }
    try {
      await collect();
    } catch (error) {
      return abandon(error);
    }
    job.cursor = page.next;
    pagesSinceCommit += 1;
    if (page.next === null) {
      try {
        await finishCollect(deps, ledger, collect);
      } catch (error) {
        return abandon(error);
      }
      return finish(deps, job, commit);
    }
    if (deps.now() - lastCommit >= every || pagesSinceCommit >= (deps.checkpointEveryPages ?? 10)) await commit();
  }
  await commit();
  return { kind: 'continue', delaySeconds: 0, job };
}

/**
 * What a failure means for the job on its `attempts`-th consecutive failure: give up (a fatal failure, or too many),
 * or retry after a delay in seconds — the server's Retry-After, else capped exponential back-off (5 s, 10 s, … 900 s).
 */
function afterFailure(failure: SourceFailure, attempts: number, maxAttempts: number): { failed: true; error: { kind: string; message: string } } | { failed: false; delaySeconds: number } {
  if (failure.kind === 'fatal') return { failed: true, error: { kind: failure.errorKind, message: failure.message } };
  if (attempts >= maxAttempts) return { failed: true, error: { kind: 'upstream', message: failure.kind === 'retry-later' ? failure.message : 'Too many failures' } };
  const backoff = Math.min(900, 5 * 2 ** (attempts - 1));
  const delay = failure.kind === 'retry-later' && failure.retryAfterMs !== undefined ? Math.ceil(failure.retryAfterMs / 1000) : backoff;
  return { failed: false, delaySeconds: Math.min(900, Math.max(1, delay)) };
}

/** The last page is in: looks up ancestors still missing, settles the ledger and collects the last findings. */
async function finishCollect(deps: SliceDeps, ledger: ExposureLedger, collect: () => Promise<void>): Promise<void> {
  for (const id of ledger.missingAncestors().slice(0, MAX_ANCESTOR_LOOKUPS)) {
    try {
      const read = await deps.source.readRestriction(id);
      if (read !== 'not-visible') ledger.addAncestorState(id, read, false);
    } catch {
      // An ancestor we cannot read counts as restricting (ledger.finish() below), the safe reading.
    }
  }
  ledger.finish();
  await collect();
}

async function finish(deps: SliceDeps, job: ScanJob, commit: () => Promise<void>): Promise<SliceOutcome> {
  const previous = (await deps.store.get(scanKeys.latest(job.spaceId))) as LatestScan | undefined;
  job.status = 'done';
  job.finishedAt = new Date(deps.now()).toISOString();
  job.published = false;
  job.supersedes = previous && previous.jobId !== job.jobId && Number.isInteger(previous.findingShards) ? { jobId: previous.jobId, findingShards: previous.findingShards } : null;
  await commit(); // the commit point: everything the scan found is stored
  await publishScan(deps.store, job);
  return { kind: 'done', job };
}

/** The summary kept in the history for a done job. */
export function summaryOf(job: ScanJob): ScanSummary {
  return {
    jobId: job.jobId,
    spaceId: job.spaceId,
    spaceKey: job.spaceKey,
    finishedAt: job.finishedAt ?? job.updatedAt,
    open: job.counts.open,
    broadGroup: job.counts.broadGroup,
    restricted: job.counts.restricted,
    scanned: job.counts.open + job.counts.broadGroup + job.counts.restricted,
    pages: job.pages,
    requests: job.requests,
    activeMs: job.activeMs,
  };
}

/**
 * Publishes a done job's results: adds its summary to the history (once), makes it the latest scan, deletes its
 * checkpoint (node shards, pending items) and the superseded scan's findings, marks the job published and releases
 * the space's lock. Idempotent, so a consumer killed part-way can simply run it again.
 * @throws Error when `job` is not done; storage errors as the store throws them
 */
export async function publishScan(store: KeyValueStore, job: ScanJob): Promise<void> {
  if (job.status !== 'done') throw new Error(`Only a done scan can be published (job ${job.jobId} is ${job.status})`);
  const summary = summaryOf(job);
  const history = (await store.get(scanKeys.history(job.spaceId))) as ScanSummary[] | undefined;
  const earlier = (Array.isArray(history) ? history : []).filter((h) => h.jobId !== job.jobId);
  await store.set(scanKeys.history(job.spaceId), [summary, ...earlier].slice(0, HISTORY_LENGTH));
  const latest: LatestScan = { jobId: job.jobId, findingShards: job.findingShards, summary };
  await store.set(scanKeys.latest(job.spaceId), latest); // from here the review shows this scan
  await store.delete(scanKeys.restricted(job.spaceId));
  for (let i = 0; i < job.nodeShards; i++) await store.delete(scanKeys.nodes(job.spaceId, job.jobId, i));
  await store.delete(scanKeys.pending(job.spaceId, job.jobId));
  const superseded = job.supersedes;
  if (superseded && superseded.jobId !== job.jobId) {
    for (let i = 0; i < superseded.findingShards; i++) await store.delete(scanKeys.findings(job.spaceId, superseded.jobId, i));
  }
  job.published = true;
  await store.set(scanKeys.job(job.spaceId), job);
  await store.delete(scanKeys.lock(job.spaceId));
}

function countsOf(c: LedgerCounts): ScanJob['counts'] {
  return { open: c.open, broadGroup: c.broadGroup, restricted: c.restricted, seen: c.seen, pending: c.pending };
}

function withTitle(item: ClassifiedItem, found: { title: string; webui: string | null }): ClassifiedItem {
  return { ...item, record: { ...item.record, title: found.title, webui: found.webui ?? item.record.webui }, titleMissing: false };
}
