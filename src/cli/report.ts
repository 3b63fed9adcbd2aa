import type { OpenContent, SpaceAccess } from '../shared/api';
import { findingCells, toCsv } from '../services/export';

/**
 * What the audit writes: the data (JSON or CSV, to `--out` or stdout) and the human summary (stderr). Pure
 * functions of the audit's results, so tests can check the wording and the shapes without a site.
 */

/** Counts of one space's scan. Restricted counts only what the auditing account could see. */
export interface SpaceSummary {
  /** Pages and blog posts the scan could see. */
  scanned: number;
  /** No view restriction on the item or any ancestor. */
  open: number;
  /** Every view restriction on the way admits a broad group (e.g. `confluence-users`). */
  broadGroup: number;
  /** View-restricted (of those the account could see). */
  restricted: number;
}

/** The audit of one space. */
export interface SpaceAudit {
  key: string;
  name: string;
  id: string;
  /** Who can see the space, or null when its permissions could not be read with the auditing account. */
  access: SpaceAccess | null;
  summary: SpaceSummary;
  findings: OpenContent[];
}

/** The JSON document written by `audit --format json`. */
export interface AuditReport {
  /** The audited site's URL. */
  site: string;
  /** When the audit finished (ISO 8601). */
  generatedAt: string;
  spaces: SpaceAudit[];
}

/** Builds the JSON report, pretty-printed, with a final newline. */
export function jsonReport(site: string, generatedAt: string, spaces: readonly SpaceAudit[]): string {
  const report: AuditReport = {
    site,
    generatedAt,
    spaces: spaces.map((s) => ({ key: s.key, name: s.name, id: s.id, access: s.access, summary: s.summary, findings: s.findings })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Columns of the CSV report: the space key first, then the same columns as the app's findings export. */
export const CSV_FIELDS = ['space key', 'id', 'type', 'title', 'why open', 'location', 'url', 'last modified', 'author account id', 'edit restricted by'];

/**
 * Builds the CSV report: one row per finding (a header row even when there are none). Written by the app's
 * `toCsv` (papaparse with `escapeFormulae`), so a cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed
 * with `'` and spreadsheets will not run it.
 */
export function csvReport(spaces: readonly SpaceAudit[]): string {
  const rows = spaces.flatMap((s) =>
    s.findings.map((c) => {
      const { whyOpen, location } = findingCells(c);
      return [s.key, c.id, c.type, c.title, whyOpen, location, c.url, c.lastModified, c.authorAccountId, c.editOnlyRestrictedBy];
    }),
  );
  return `${toCsv(CSV_FIELDS, rows)}\r\n`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Says who can see a space, in one line: anonymous visitors, all licensed users (and through which broad
 * groups), other groups, named people, and how many guests (directly or through a group).
 */
export function describeAccess(access: SpaceAccess | null): string {
  if (access === null) return 'unknown (the space permissions could not be read with this account)';
  const parts: string[] = [];
  if (access.anonymous) parts.push('anonymous visitors (when the site allows anonymous access)');
  if (access.allLicensedUsers || access.broadGroups.length > 0) {
    parts.push(`all licensed users${access.broadGroups.length > 0 ? ` (via ${access.broadGroups.join(', ')})` : ''}`);
  }
  const otherGroups = access.groupCount - access.broadGroups.length;
  if (otherGroups > 0) parts.push(plural(otherGroups, 'group'));
  if (access.userCount > 0) parts.push(plural(access.userCount, 'named person', 'named people'));
  const who = parts.length > 0 ? parts.join(', ') : 'nobody granted view';
  const guests = access.guestCount === 0 ? 'no guests' : plural(access.guestCount, 'guest');
  return `${who}; ${guests}${access.partial ? ' (permissions read in part: counts are minima)' : ''}`;
}

/** The stderr lines for one audited space. */
export function spaceSummaryLines(space: SpaceAudit, elapsedMs: number): string[] {
  const s = space.summary;
  return [
    `${space.key}  ${space.name}`,
    `    who can see it: ${describeAccess(space.access)}`,
    `    scanned ${s.scanned} · open ${s.open} · open to a broad group ${s.broadGroup} · restricted ${s.restricted} (that this account can see) · ${seconds(elapsedMs)}`,
  ];
}

/** The stderr lines closing the summary: totals, time, and where the data went. */
export function totalLines(spaces: readonly SpaceAudit[], elapsedMs: number, destination: string): string[] {
  const sum = (f: (s: SpaceSummary) => number) => spaces.reduce((n, s) => n + f(s.summary), 0);
  const findings = sum((s) => s.open + s.broadGroup);
  return [
    `Total: ${plural(spaces.length, 'space')} · scanned ${sum((s) => s.scanned)} · open ${sum((s) => s.open)} · open to a broad group ${sum((s) => s.broadGroup)} · restricted ${sum((s) => s.restricted)} · ${seconds(elapsedMs)}`,
    findings === 0
      ? `No open pages or blog posts found. Report written to ${destination}.`
      : `${plural(findings, 'page or blog post', 'pages and blog posts')} can be read by everyone who can see their space. Report written to ${destination}.`,
  ];
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}
