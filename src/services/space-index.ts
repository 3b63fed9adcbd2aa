import type { ScanJob, ScanSummary } from '../domain/audit/scan-job';
import { scanKeys } from '../domain/audit/scan-job';
import type { KeyValueStore } from '../domain/ports';
import type { SpaceAccess } from '../shared/api';

/**
 * Each space's entry in the site-wide review (`summary:<spaceId>`): the last completed scan's summary, who could
 * see the space then, and the state of the current scan. Kept small so the whole index lists quickly by prefix.
 */
export interface SpaceIndexEntry {
  spaceId: string;
  spaceKey: string;
  summary: ScanSummary | null;
  access: Pick<SpaceAccess, 'level' | 'anonymous' | 'allLicensedUsers' | 'guestCount'> | null;
  status: ScanJob['status'];
  updatedAt: string;
}

/** Records a scan's state in the index, keeping the last summary and access unless new ones are given. */
export async function updateIndex(
  store: KeyValueStore,
  job: Pick<ScanJob, 'spaceId' | 'spaceKey' | 'status' | 'updatedAt'>,
  update: { summary?: ScanSummary; access?: SpaceAccess } = {},
): Promise<void> {
  const previous = (await store.get(scanKeys.summary(job.spaceId))) as SpaceIndexEntry | undefined;
  const access = update.access
    ? { level: update.access.level, anonymous: update.access.anonymous, allLicensedUsers: update.access.allLicensedUsers, guestCount: update.access.guestCount }
    : (previous?.access ?? null);
  const entry: SpaceIndexEntry = {
    spaceId: job.spaceId,
    spaceKey: job.spaceKey,
    summary: update.summary ?? previous?.summary ?? null,
    access,
    status: job.status,
    updatedAt: job.updatedAt,
  };
  await store.set(scanKeys.summary(job.spaceId), entry);
}

/** Every index entry, by space id. Bounded: at most `maxPages` × 100 entries. */
export async function readIndex(store: KeyValueStore, maxPages = 100): Promise<Map<string, SpaceIndexEntry>> {
  const out = new Map<string, SpaceIndexEntry>();
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Awaited<ReturnType<KeyValueStore['list']>> = await store.list(scanKeys.summaryPrefix, cursor, 100);
    for (const { value } of page.entries) {
      const entry = value as SpaceIndexEntry;
      if (typeof entry?.spaceId === 'string') out.set(entry.spaceId, entry);
    }
    if (page.cursor === null) break;
    cursor = page.cursor;
  }
  return out;
}
