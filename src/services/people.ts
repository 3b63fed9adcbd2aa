import type { ConfluenceClient } from '../adapters/confluence/client';
import { deleteContributors, readContributors, type ScanJob } from '../domain/audit/scan-job';
import { packShards } from '../domain/audit/shards';
import type { KeyValueStore } from '../domain/ports';
import { evaluateProfile } from '../domain/profile/rules';
import type { OrgSettings, PeopleView, PersonFinding } from '../shared/api';

/** Most contributors checked per scan (usersBulk ≤ 250 per call; GraphQL ≤ 50 per query). */
export const MAX_CONTRIBUTORS = 10_000;

/** The stored result of a contributors check (its people are in `scan:<space>:people:<i>` shards). */
interface PeopleIndex {
  jobId: string;
  checked: number;
  jobTitleUnknown: number;
  /** Absent in records written before it was kept. */
  guestsNotChecked?: number;
  mentionNameChecked?: boolean;
  shards: number;
  finishedAt: string;
}

const peopleKey = (spaceId: string) => `scan:${spaceId}:people`;
const peopleShard = (spaceId: string, i: number) => `scan:${spaceId}:people:${i}`;

/**
 * Checks the profiles of everyone a finished scan saw contributing to the space (creating or last changing a
 * page or blog post), and stores those that break the conventions. Runs as the app, after the scan: profiles are
 * read with `createBulkUserLookup`, job titles through GraphQL (`users(accountIds)`); a title that cannot be read
 * is unknown, never a finding. App accounts and deactivated people are skipped; guests unless the settings
 * check them.
 */
export async function reviewContributors(client: ConfluenceClient, store: KeyValueStore, job: ScanJob, settings: OrgSettings): Promise<PeopleIndex> {
  const seen = await readContributors(store, job);
  const ids = [...seen.keys()].slice(0, MAX_CONTRIBUTORS);
  const users = ids.length > 0 ? await client.usersBulk(ids) : [];
  const isGuest = (u: (typeof users)[number]): boolean => u.isGuest === true || u.isExternalCollaborator === true;
  // Not people (apps, service-desk customers) and deactivated or closed accounts are not asked to change anything.
  const active = users.filter((u) => u.accountType !== 'app' && u.accountType !== 'customer' && (u.accountStatus === undefined || u.accountStatus === 'active'));
  const people = settings.checkGuests ? active : active.filter((u) => !isGuest(u));
  const guestsNotChecked = active.length - people.length;
  const titles = settings.rules.jobTitle ? await client.jobTitles(people.map((u) => u.accountId)) : new Map<string, 'unknown'>();
  const findings: PersonFinding[] = [];
  let unknown = 0;
  for (const u of people) {
    const guest = isGuest(u);
    const jobTitle = titles.get(u.accountId) ?? 'unknown';
    if (settings.rules.jobTitle && jobTitle === 'unknown') unknown += 1;
    const broken = evaluateProfile(
      { publicName: u.publicName ?? '', guest, displayName: u.displayName ?? null, photoIsDefault: u.profilePicture?.isDefault ?? null, jobTitle },
      settings.orgCodes,
      settings.rules,
    );
    if (broken.length === 0) continue;
    findings.push({
      accountId: u.accountId,
      publicName: u.publicName ?? '',
      displayName: u.displayName ?? null,
      rules: broken.map((f) => f.rule),
      suggestion: broken.find((f) => f.rule === 'mention-name')?.suggestion ?? null,
      lastSeen: seen.get(u.accountId) || null,
      guest,
    });
  }
  findings.sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.publicName.localeCompare(b.publicName));
  const previous = (await store.get(peopleKey(job.spaceId))) as PeopleIndex | undefined;
  const shards = packShards(findings);
  for (const [i, shard] of shards.entries()) await store.set(peopleShard(job.spaceId, i), shard);
  for (let i = shards.length; i < (previous?.shards ?? 0); i++) await store.delete(peopleShard(job.spaceId, i));
  const index: PeopleIndex = {
    jobId: job.jobId,
    checked: people.length,
    jobTitleUnknown: unknown,
    guestsNotChecked,
    mentionNameChecked: settings.rules.mentionName && settings.orgCodes.length > 0,
    shards: shards.length,
    finishedAt: job.finishedAt ?? new Date().toISOString(),
  };
  await store.set(peopleKey(job.spaceId), index);
  await deleteContributors(store, job);
  return index;
}

/** The stored contributors check of a space, for the review. */
export async function peopleView(store: KeyValueStore, spaceId: string): Promise<PeopleView> {
  const index = (await store.get(peopleKey(spaceId))) as PeopleIndex | undefined;
  if (!index) return { people: [], checked: 0, jobTitleUnknown: 0, guestsNotChecked: 0, mentionNameChecked: true, scannedAt: null };
  const people: PersonFinding[] = [];
  for (let i = 0; i < index.shards; i++) {
    const shard = await store.get(peopleShard(spaceId, i));
    if (Array.isArray(shard)) people.push(...(shard as PersonFinding[]));
  }
  return {
    people,
    checked: index.checked,
    jobTitleUnknown: index.jobTitleUnknown,
    guestsNotChecked: index.guestsNotChecked ?? 0,
    mentionNameChecked: index.mentionNameChecked ?? true,
    scannedAt: index.finishedAt,
  };
}
