import Papa from 'papaparse';
import type { ExportPart, OpenContent, PersonFinding, SiteReviewRow } from '../shared/api';

/**
 * Exports in parts: the whole document is built, then cut into parts of at most {@link PART_CHARS} characters, so
 * each bridge response stays under Forge's 5 MB cap whatever the size; the UI concatenates the parts.
 * CSV is written by papaparse with `escapeFormulae`, so a cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return is prefixed with `'` and spreadsheet software will not run it as a formula.
 */

/** Characters per part: 1.2 M characters is at most ~4.8 MB of UTF-8 for the commonest scripts. */
export const PART_CHARS = 1_200_000;

/** Writes rows as CSV with formula cells neutralised. */
export function toCsv(fields: string[], rows: (string | number | null)[][]): string {
  return Papa.unparse({ fields, data: rows }, { escapeFormulae: true, newline: '\r\n' });
}

/** Why a finding is open and where it is, as both CSV exports (the app's and the command line's) write them. */
export function findingCells(c: Pick<OpenContent, 'exposure' | 'ancestors'>): { whyOpen: string; location: string } {
  return {
    whyOpen: c.exposure === 'open' ? 'no view restriction' : 'restricted only to a group of everyone',
    location: c.ancestors.map((a) => a.title).join(' > '),
  };
}

/** The findings as CSV rows (one per page or blog post). */
export function findingsCsv(items: readonly OpenContent[], restrictedSince: ReadonlySet<string>): string {
  return toCsv(
    ['id', 'type', 'title', 'why open', 'location', 'url', 'last modified', 'author', 'author account id', 'edit restricted by', 'restricted since review'],
    items.map((c) => {
      const { whyOpen, location } = findingCells(c);
      return [c.id, c.type, c.title, whyOpen, location, c.url, c.lastModified, c.authorName, c.authorAccountId, c.editOnlyRestrictedBy, restrictedSince.has(c.id) ? 'yes' : 'no'];
    }),
  );
}

const RULE_WORDS = { 'mention-name': 'mention name', photo: 'profile photo', 'job-title': 'job title' } as const;

/** Contributors whose profiles break the conventions, as CSV rows. */
export function peopleCsv(people: readonly PersonFinding[]): string {
  return toCsv(
    ['public name', 'display name', 'account id', 'what to fix', 'suggested @mention name', 'last seen contributing', 'guest'],
    people.map((p) => [p.publicName, p.displayName, p.accountId, p.rules.map((r) => RULE_WORDS[r]).join('; '), p.suggestion, p.lastSeen, p.guest ? 'yes' : 'no']),
  );
}

/** The site review as CSV rows (one per space). */
export function siteReviewCsv(rows: readonly SiteReviewRow[]): string {
  return toCsv(
    ['space key', 'space name', 'type', 'who can see it', 'anonymous access', 'all licensed users', 'guests', 'open', 'open to a group of everyone', 'restricted', 'last reviewed', 'url'],
    rows.map((r) => [
      r.space.key,
      r.space.name,
      r.space.type,
      r.access?.level ?? 'not reviewed',
      r.access ? (r.access.anonymous ? 'yes' : 'no') : null,
      r.access ? (r.access.allLicensedUsers ? 'yes' : 'no') : null,
      r.access?.guestCount ?? null,
      r.latest?.open ?? null,
      r.latest?.broadGroup ?? null,
      r.latest?.restricted ?? null,
      r.latest?.finishedAt ?? null,
      r.space.url,
    ]),
  );
}

/** Part boundaries: every {@link PART_CHARS} UTF-16 units, moved back one where it would split a surrogate pair. */
function boundaries(content: string): number[] {
  const out = [0];
  for (let at = PART_CHARS; at < content.length; at += PART_CHARS) {
    const code = content.charCodeAt(at - 1);
    out.push(code >= 0xd800 && code <= 0xdbff ? at - 1 : at);
  }
  out.push(content.length);
  return out;
}

/**
 * Cuts `content` into parts and returns part `part` (0-based). Concatenating every part gives `content` back.
 * @throws RangeError when `part` is out of range (the resolver maps it to invalid-input)
 */
export function exportPart(content: string, part: number, meta: { filename: string; mimeType: string }): ExportPart {
  const cuts = boundaries(content);
  const parts = cuts.length - 1;
  if (!Number.isInteger(part) || part < 0 || part >= parts) throw new RangeError(`There are ${parts} parts; part ${part} does not exist`);
  return { ...meta, part, parts, content: content.slice(cuts[part], cuts[part + 1]) };
}
