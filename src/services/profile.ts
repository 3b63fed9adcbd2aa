import type { ConfluenceClient } from '../adapters/confluence/client';
import type { KeyValueStore } from '../domain/ports';
import { evaluateProfile, type ProfileFacts } from '../domain/profile/rules';
import { DEFAULT_SETTINGS } from '../domain/settings';
import type { OrgSettings, ProfileFinding, ProfileNudge } from '../shared/api';
import { keys } from './keys';
import { loadSettings } from './settings';

/** How long a profile verdict is reused, in milliseconds (profiles change rarely; a fix shows within the hour). */
export const VERDICT_TTL_MS = 60 * 60 * 1000;

/** One person's banner record: their cached verdict and whether they dismissed or snoozed the banner. */
export interface BannerRecord {
  verdict?: { findings: ProfileFinding[]; settingsFingerprint: string; expiresAt: number };
  /** Fingerprint of the findings the person dismissed: new findings show the banner again. */
  dismissed?: string;
  /** Epoch ms until which the banner stays hidden. */
  snoozedUntil?: number;
}

/** What {@link profileNudge} needs. */
export interface ProfileDeps {
  /** Acting as the viewing person. */
  client: ConfluenceClient;
  store: KeyValueStore;
  now?: () => number;
}

function fingerprint(value: unknown): string {
  return JSON.stringify(value);
}

function settingsFingerprint(s: OrgSettings): string {
  return fingerprint({ codes: s.orgCodes, rules: s.rules, guests: s.checkGuests });
}

async function settingsOrDefaults(store: KeyValueStore): Promise<OrgSettings> {
  try {
    return (await loadSettings(store)).settings;
  } catch {
    return DEFAULT_SETTINGS; // storage trouble must not break page views
  }
}

async function readRecord(store: KeyValueStore, accountId: string): Promise<BannerRecord> {
  const raw = await store.get(keys.bannerState(accountId));
  if (typeof raw !== 'object' || raw === null) return {};
  return raw;
}

/**
 * The viewing person's findings about their own profile, for the page banner. Cheap by design: on a cache hit
 * it reads storage only; on a miss it makes one Confluence REST request (`getCurrentUser`) and, when the
 * job-title rule is on, one GraphQL query for the job title.
 * @param accountId the invoking person, from the Forge context (never from the payload)
 */
export async function profileNudge(deps: ProfileDeps, accountId: string): Promise<ProfileNudge> {
  const now = deps.now ?? Date.now;
  const settings = await settingsOrDefaults(deps.store);
  if (!settings.bannerEnabled) return { show: false };
  const record = await readRecord(deps.store, accountId);
  if (record.snoozedUntil !== undefined && record.snoozedUntil > now()) return { show: false };

  const sf = settingsFingerprint(settings);
  let findings: ProfileFinding[];
  if (record.verdict && record.verdict.expiresAt > now() && record.verdict.settingsFingerprint === sf && Array.isArray(record.verdict.findings)) {
    findings = record.verdict.findings;
  } else {
    findings = await evaluateViewer(deps.client, accountId, settings);
    await deps.store.set(keys.bannerState(accountId), { ...record, verdict: { findings, settingsFingerprint: sf, expiresAt: now() + VERDICT_TTL_MS } });
  }
  if (findings.length === 0) return { show: false };
  if (record.dismissed !== undefined && record.dismissed === fingerprint(findings.map((f) => f.rule))) return { show: false };
  return { show: true, accountId, findings, snoozeDays: settings.snoozeDays };
}

async function evaluateViewer(client: ConfluenceClient, accountId: string, settings: OrgSettings): Promise<ProfileFinding[]> {
  const me = await client.currentUser();
  if (me.accountId !== accountId) return []; // never judge anyone but the viewer
  if (me.accountType === 'app' || me.accountType === 'customer') return [];
  const guest = me.isGuest === true || me.isExternalCollaborator === true;
  if (guest && !settings.checkGuests) return [];
  const job = settings.rules.jobTitle ? await client.jobTitle(accountId) : { status: 'unknown' as const, reason: 'rule off' };
  const facts: ProfileFacts = {
    publicName: me.publicName ?? '',
    guest,
    displayName: me.displayName ?? null,
    photoIsDefault: me.profilePicture?.isDefault ?? null,
    jobTitle: job.status,
  };
  return evaluateProfile(facts, settings.orgCodes, settings.rules);
}

/** Hides the banner until the person's findings change. */
export async function dismissNudge(deps: ProfileDeps, accountId: string): Promise<void> {
  const record = await readRecord(deps.store, accountId);
  const findings = record.verdict?.findings ?? [];
  await deps.store.set(keys.bannerState(accountId), { ...record, dismissed: fingerprint(findings.map((f) => f.rule)) });
}

/**
 * Hides the banner for `days` days, or for the organisation's snooze length when `days` is not given.
 * @param days whole days, 1–90 (validated by the resolver)
 */
export async function snoozeNudge(deps: ProfileDeps, accountId: string, days?: number): Promise<{ until: string; days: number }> {
  const now = deps.now ?? Date.now;
  if (days === undefined) days = (await settingsOrDefaults(deps.store)).snoozeDays;
  const record = await readRecord(deps.store, accountId);
  const until = now() + days * 86_400_000;
  await deps.store.set(keys.bannerState(accountId), { ...record, snoozedUntil: until });
  return { until: new Date(until).toISOString(), days };
}
