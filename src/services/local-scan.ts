import { randomUUID } from 'node:crypto';
import type { ConfluenceClient } from '../adapters/confluence/client';
import { searchContentSource } from '../adapters/confluence/content-source';
import { newScanJob, readFindings, runSlice, scanKeys, type LatestScan, type ScanJob } from '../domain/audit/scan-job';
import type { StoredFinding } from '../domain/audit/findings';
import type { KeyValueStore } from '../domain/ports';
import { classifyFailure } from './scans';

/** Options for {@link scanToCompletion}. Durations in ms. */
export interface LocalScanOptions {
  client: ConfluenceClient;
  store: KeyValueStore;
  space: { id: string; key: string };
  broadGroups: readonly string[];
  includeArchived?: boolean;
  /** Time each slice may read for before it checkpoints (default: one slice for the whole scan). */
  sliceMs?: number;
  /** Checkpoint at least this often inside a slice (default 10 s). */
  checkpointEveryMs?: number;
  /** Most slices before giving up (a bound on the loop; default 10,000). */
  maxSlices?: number;
  /** Longest wait honoured between slices when the server asks to slow down (default 60 s). */
  maxWaitMs?: number;
  /** Page size to ask for first (the server may cap it). */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (job: ScanJob) => void;
  /** Read the findings back when done (default true); off when only the job's counts are wanted. */
  readBack?: boolean;
}

/**
 * Runs a whole scan in this process — the same engine and checkpoints as the Forge consumer, driven by a loop
 * instead of a queue. Used by the command line, benchmarks and tests.
 * @returns the finished job, its findings (empty when `readBack` is false) and how many search pages were read
 *   ahead (used) or read ahead in vain (wasted)
 * @throws Error when the scan fails or does not finish within `maxSlices`
 */
export async function scanToCompletion(options: LocalScanOptions): Promise<{ job: ScanJob; findings: StoredFinding[]; readAhead: { used: number; wasted: number } }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let job = newScanJob({
    jobId: randomUUID(),
    spaceId: options.space.id,
    spaceKey: options.space.key,
    requestedBy: 'cli',
    includeArchived: options.includeArchived ?? false,
    now: Date.now(),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  });
  await options.store.set(scanKeys.job(job.spaceId), job);
  const source = searchContentSource(options.client, options.space.key, { includeArchived: job.includeArchived });
  const sliceMs = options.sliceMs ?? 24 * 3_600_000;
  for (let slice = 0; slice < (options.maxSlices ?? 10_000); slice++) {
    const started = Date.now();
    const outcome = await runSlice(
      {
        store: options.store,
        source,
        broadGroups: options.broadGroups,
        classify: classifyFailure,
        now: Date.now,
        remainingMs: () => sliceMs - (Date.now() - started),
        reserveMs: 0,
        ...(options.checkpointEveryMs !== undefined ? { checkpointEveryMs: options.checkpointEveryMs } : {}),
        stats: () => options.client.stats,
      },
      job,
    );
    job = outcome.job;
    options.onProgress?.(job);
    if (outcome.kind === 'done') {
      const readAhead = { ...source.readAhead };
      if (options.readBack === false) return { job, findings: [], readAhead };
      const latest = (await options.store.get(scanKeys.latest(job.spaceId))) as LatestScan;
      return { job, findings: await readFindings(options.store, job.spaceId, latest), readAhead };
    }
    if (outcome.kind === 'failed') throw new Error(`The scan of ${job.spaceKey} failed: ${job.error?.message ?? 'unknown error'}`);
    if (outcome.delaySeconds > 0) await sleep(Math.min(options.maxWaitMs ?? 60_000, outcome.delaySeconds * 1000));
  }
  throw new Error(`The scan of ${job.spaceKey} did not finish within ${options.maxSlices ?? 10_000} slices`);
}
