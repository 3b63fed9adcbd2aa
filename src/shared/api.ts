/**
 * The contract between each Custom UI app (`static/*`) and its resolver (`src/resolvers/*`).
 *
 * Every function returns a {@link Result} envelope (see `./result.ts`). Payload types here are what the UI
 * sends; the resolver validates them again with zod and never trusts ids in them: the space and content
 * always come from the Forge context (`req.context.extension`).
 *
 * Types only: this module must stay importable by the browser bundles without pulling in code.
 */

/** The resolver function keys, one object per Forge module (the manifest names one resolver function each). */
export const SPACE_PAGE = { getSecureUse: 'getSecureUse' } as const;
export const SPACE_SETTINGS = {
  getReview: 'getReview',
  startScan: 'startScan',
  getScanStatus: 'getScanStatus',
  getFindings: 'getFindings',
  exportFindings: 'exportFindings',
  restrictContent: 'restrictContent',
  getPeople: 'getPeople',
  exportPeople: 'exportPeople',
} as const;
export const PAGE_BANNER = {
  getProfileNudge: 'getProfileNudge',
  dismiss: 'dismiss',
  snooze: 'snooze',
} as const;
export const GLOBAL_SETTINGS = {
  getSettings: 'getSettings',
  saveSettings: 'saveSettings',
  getSiteReview: 'getSiteReview',
  startSiteScan: 'startSiteScan',
  exportSiteReview: 'exportSiteReview',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Guidance

/** A citation for a fact in the guidance: the page that says it and when we last checked it (ISO date). */
export interface Source {
  title: string;
  url: string;
  /** ISO date (yyyy-mm-dd) when the fact was last checked against the source. */
  checked: string;
}

/** One piece of advice: a short imperative, a sentence of why, and where it comes from. */
export interface GuidanceItem {
  id: string;
  /** What to do, in plain words ("Use a strong password that you use nowhere else"). */
  advice: string;
  /** Why it matters, one or two sentences. */
  why: string;
  /** Optional how-to steps. */
  steps?: string[];
  sources: Source[];
}

/** A titled group of guidance items (securing the account, protecting data, …). */
export interface GuidanceSection {
  id: 'account' | 'data' | 'information' | 'profile' | 'help';
  title: string;
  summary: string;
  items: GuidanceItem[];
}

// ---------------------------------------------------------------------------------------------------------------
// Space exposure

/** A space as the viewer sees it. `url` is absolute, on the Confluence site. */
export interface SpaceRef {
  id: string;
  key: string;
  name: string;
  type: 'global' | 'personal' | 'collaboration' | 'knowledge_base' | 'onboarding' | 'other';
  url: string;
}

/**
 * Who can see a space, from its space permissions (classic) or role assignments (role-based sites).
 * `level` summarises it: `public` = anonymous users can view; `everyone` = all licensed users (or a configured
 * broad group) can view; `limited` = only named groups and people.
 */
export interface SpaceAccess {
  mode: 'PERMISSIONS' | 'ROLES';
  level: 'public' | 'everyone' | 'limited';
  anonymous: boolean;
  allLicensedUsers: boolean;
  /** Broad groups (e.g. `confluence-users`) that grant view: they count as "everyone". */
  broadGroups: string[];
  /** Number of groups granted view (including broad groups). */
  groupCount: number;
  /** Named groups granted view, sorted by name: listed for space admins only (empty for everyone else). */
  groups: { name: string; canAdminister: boolean }[];
  /** Individual people granted view. */
  userCount: number;
  /** Guests granted view (people outside the organisation with access to this space only). */
  guestCount: number;
  /** True when the permissions list could only be read in part (e.g. the app lacks access); then counts are minima. */
  partial: boolean;
}

/** Why a page is open. `open` = no view restriction on it or any ancestor; `broad-group` = every view restriction admits a broad group. */
export type ExposureClass = 'open' | 'broad-group' | 'restricted';

/**
 * A page or blog post that anyone who can see the space can read. Only open content is ever returned or stored,
 * so its title is no secret from anyone who can see the space.
 */
export interface OpenContent {
  id: string;
  type: 'page' | 'blogpost';
  title: string;
  url: string;
  exposure: Exclude<ExposureClass, 'restricted'>;
  /** Titles of ancestors, root first (they are open too, because view restrictions inherit). */
  ancestors: { id: string; title: string }[];
  authorAccountId: string | null;
  /** The author's name as the viewer may see it (display name, else public name), when it was looked up. */
  authorName: string | null;
  lastModified: string | null;
  /** Id of the nearest ancestor (or the page itself) that restricts editing only; such a restriction does not hide the page. */
  editOnlyRestrictedBy: string | null;
}

/** A recommended action derived from the exposure, most important first. */
export interface Recommendation {
  id: string;
  severity: 'high' | 'medium' | 'low';
  title: string;
  detail: string;
  /** Id of the guidance item that explains it. */
  guidanceId: string;
}

/** What the space page shows. */
export interface SecureUseView {
  space: SpaceRef;
  access: SpaceAccess;
  exposure: {
    openPages: number;
    openBlogPosts: number;
    /** Up to 10 most recently modified open items. */
    examples: OpenContent[];
    /** False when the scan stopped early (time budget or error); counts are then minima. */
    complete: boolean;
    scannedAt: string;
  };
  recommendations: Recommendation[];
  guidance: GuidanceSection[];
  viewer: { canAdministerSpace: boolean };
}

/** Progress of the current (or last) scan of a space. Times are ISO; durations in ms. */
export interface ScanProgress {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** accountId of who started it, `schedule` or `cli`. */
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Pages and blog posts read so far. */
  scanned: number;
  /** Result pages read so far. */
  pages: number;
  /** Time spent scanning so far. */
  elapsedMs: number;
  open: number;
  broadGroup: number;
  /** Why it failed, in words a person can act on (only when `status` is `failed`). */
  error: string | null;
}

/** A completed scan, for the latest result and the trend. */
export interface ScanSummaryView {
  jobId: string;
  finishedAt: string;
  open: number;
  broadGroup: number;
  restricted: number;
  scanned: number;
}

/** What the space settings review shows first (findings come page by page from `getFindings`). */
export interface ReviewView {
  space: SpaceRef;
  access: SpaceAccess;
  /** The current or last scan, or null if the space was never scanned. */
  scan: ScanProgress | null;
  /** The last completed scan, or null. Its findings stay available while a new scan runs. */
  latest: ScanSummaryView | null;
  /** Completed scans, newest first (at most 30), for the trend. */
  history: ScanSummaryView[];
}

/** What `getScanStatus` answers (poll it while a scan runs, every few seconds). */
export interface ScanStatusView {
  scan: ScanProgress | null;
  latest: ScanSummaryView | null;
}

/** Payload of `startScan`. */
export interface StartScanPayload {
  /** Include archived pages and blog posts (default false). */
  includeArchived?: boolean;
}

/** What `startScan` answers: started, or already running (`busy` is not an error here). */
export interface StartScanResult {
  started: boolean;
  scan: ScanProgress | null;
}

/** Columns findings can be sorted by. */
export type FindingSortKey = 'title' | 'type' | 'exposure' | 'location' | 'modified' | 'author';

/** Payload of `getFindings`: one page of the last completed scan's findings. */
export interface FindingsQuery {
  /** Words that must all appear in the title or location (any case, accents ignored). */
  filter?: string;
  exposure?: 'open' | 'broad-group';
  type?: 'page' | 'blogpost';
  sort?: FindingSortKey;
  direction?: 'asc' | 'desc';
  /** 0-based offset. */
  offset?: number;
  /** 1–500, default 50. */
  limit?: number;
}

/** One page of findings. `total` counts all findings matching the query. */
export interface FindingsPage {
  items: OpenContent[];
  total: number;
  offset: number;
  limit: number;
  /** When the scan these come from finished, or null if there is none yet. */
  scannedAt: string | null;
  /** Ids restricted through this app since that scan (shown as done, until the next scan). */
  restrictedSince: string[];
  /**
   * Findings restricted to a group configured as "everyone" that are left out here, because the viewer is not in
   * every such group (so they may not be able to open them). Counted, never titled.
   */
  hiddenBroadGroup: number;
}

/** Payload of `exportFindings` / `exportSiteReview`: CSV or JSON, in parts (each ≤ ~4 MB; bridge responses are capped at 5 MB). */
export interface ExportPayload {
  format: 'csv' | 'json';
  /** 0-based part number. */
  part?: number;
}

/** One part of an export. Concatenate `content` of parts 0…parts-1 (CSV parts after the first have no header). */
export interface ExportPart {
  filename: string;
  mimeType: string;
  part: number;
  parts: number;
  content: string;
}

/** Payload of `restrictContent`: add a view restriction to these pages, admitting the person doing it and these groups. */
export interface RestrictPayload {
  /** Ids from the current findings of this space (anything else is refused). At most 100. */
  contentIds: string[];
  /** Names of groups that should keep view access (the person doing it always keeps it). */
  groups: string[];
}

/** What `restrictContent` did, per page. */
export interface RestrictResult {
  restricted: string[];
  failed: { id: string; reason: string }[];
}

/** A contributor to the space whose own profile breaks the conventions (from the last completed scan). */
export interface PersonFinding {
  accountId: string;
  publicName: string;
  displayName: string | null;
  /** The rules broken, in rule order. */
  rules: ProfileRule[];
  /** A conforming @mention name, when one can be suggested. */
  suggestion: string | null;
  /** When they were last seen creating or changing a page or blog post in this space (ISO), if known. */
  lastSeen: string | null;
  guest: boolean;
}

/** What `getPeople` answers: the contributors whose profiles need attention, from the last completed scan. */
export interface PeopleView {
  people: PersonFinding[];
  /** Contributors checked (including those who conform). */
  checked: number;
  /** Contributors whose job title could not be read (never counted as breaking the rule). */
  jobTitleUnknown: number;
  /** Guests who contributed but were not checked (the settings skip guests). */
  guestsNotChecked: number;
  /** False while the @mention name check is off (switched off, or no organisation codes yet). */
  mentionNameChecked: boolean;
  /** When the scan these come from finished, or null if there is none yet. */
  scannedAt: string | null;
}

/** One row of the site-wide review (site admins). */
export interface SiteReviewRow {
  space: SpaceRef;
  /** Access as of the last scan, or null if never scanned. */
  access: Pick<SpaceAccess, 'level' | 'anonymous' | 'allLicensedUsers' | 'guestCount'> | null;
  latest: ScanSummaryView | null;
  scan: Pick<ScanProgress, 'status' | 'updatedAt'> | null;
}

/** What the site-wide review shows. */
export interface SiteReviewView {
  rows: SiteReviewRow[];
  /** True when the site has more spaces than were listed. */
  truncated: boolean;
}

/** What `startSiteScan` did. */
export interface SiteScanResult {
  started: number;
  alreadyRunning: number;
  skipped: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Profile

/** A profile rule the viewing person breaks. */
export type ProfileRule = 'mention-name' | 'photo' | 'job-title';

/** One finding about the viewer's own profile. */
export interface ProfileFinding {
  rule: ProfileRule;
  /** What is wrong, in one line. */
  problem: string;
  /** Why it matters, from the guidance. */
  why: string;
  /** A conforming value to use, when one can be suggested (e.g. `AlexBlackDDS`). */
  suggestion?: string;
  /** What the profile has now, when it helps to see it (the current @mention name). */
  current?: string;
  /** A caveat about the suggestion, e.g. which code to use when the organisation has several. */
  note?: string;
}

/**
 * What the banner shows: nothing, or the viewer's own findings. `snoozeDays` is the organisation's "remind me
 * later" length, which `snooze` uses when it is sent no `days`.
 */
export type ProfileNudge = { show: false } | { show: true; accountId: string; findings: ProfileFinding[]; snoozeDays: number };

/** Payload of `snooze`: remind again after this many days (1–90); without `days`, the organisation's default. */
export interface SnoozePayload {
  days?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Organisation settings

/** Organisation settings, edited by site admins in global settings. */
export interface OrgSettings {
  /** Organisation codes accepted at the end of an @mention name, upper case (e.g. `MOJ`, `HMRC`). */
  orgCodes: string[];
  rules: { mentionName: boolean; photo: boolean; jobTitle: boolean };
  /** Whether guests' own profiles are checked (they may belong to another organisation). */
  checkGuests: boolean;
  bannerEnabled: boolean;
  /** Default "remind me later" length in days. */
  snoozeDays: number;
  /** Internal IT contact shown in "where to get help" (free text, e.g. an email address or a portal name). */
  itContact: string;
  /** Groups that hold all licensed users and so count as "everyone" in the exposure review. */
  broadGroups: string[];
  /** Rescan every space after this many days (0 = no scheduled rescans). */
  rescanDays: number;
  /** Whether personal spaces are included in site-wide and scheduled scans. */
  includePersonalSpaces: boolean;
}

/** What global settings shows. */
export interface SettingsView {
  settings: OrgSettings;
  /** ISO time of the last save, or null when defaults apply. */
  savedAt: string | null;
}

/** One problem with submitted settings: the field path (e.g. `orgCodes.1`) and what is wrong. */
export interface SettingsProblem {
  field: string;
  message: string;
}

/** Payload of `saveSettings`. */
export interface SaveSettingsPayload {
  settings: OrgSettings;
}

/** What `saveSettings` answers: saved, or the problems to fix (nothing saved). */
export type SaveSettingsResult = { saved: true; view: SettingsView } | { saved: false; problems: SettingsProblem[] };
