import type { SiteReviewRow, SiteScanResult } from '../../../src/shared/api';
import { count, listOf } from '../../common/format';

/**
 * The site review's words: who can see each space, the state of its review, and what "Review every space now"
 * did. Pure (unit tested in `tests/unit/static-site-review.test.ts`).
 */

/** Lozenge appearances used here (Atlaskit's names: `removed` is red, `moved` is amber). */
export type Appearance = 'default' | 'inprogress' | 'moved' | 'removed' | 'success';

export interface Tag {
  text: string;
  appearance: Appearance;
}

/** Who can see a space, in a few words, with tags for what needs attention (public, everyone, guests). */
export function accessSummary(access: SiteReviewRow['access']): { text: string; tags: Tag[] } {
  if (access === null) return { text: 'Not known until the space is reviewed', tags: [] };
  const tags: Tag[] = [];
  let text: string;
  if (access.level === 'public' || access.anonymous) {
    text = 'Anyone on the internet';
    tags.push({ text: 'Public', appearance: 'removed' });
  } else if (access.level === 'everyone') {
    text = 'Everyone on this site';
    tags.push({ text: 'Everyone', appearance: 'moved' });
  } else {
    text = 'Only named groups and people';
  }
  if (access.guestCount > 0) {
    text += `, and ${count(access.guestCount, 'guest')}`;
    tags.push({ text: 'Guests', appearance: 'moved' });
  }
  return { text, tags };
}

/** The state of a space's review, as a short word or two and how to show it. */
export function reviewStatus(row: Pick<SiteReviewRow, 'scan' | 'latest'>): Tag {
  switch (row.scan?.status) {
    case 'queued':
      return { text: 'Waiting to start', appearance: 'inprogress' };
    case 'running':
      return { text: 'Reviewing now', appearance: 'inprogress' };
    case 'failed':
      return { text: 'Did not finish', appearance: 'removed' };
    case 'done':
      return { text: 'Finished', appearance: 'success' };
    default:
      return row.latest === null ? { text: 'Never reviewed', appearance: 'default' } : { text: 'Finished', appearance: 'success' };
  }
}

/** Whether any space is being reviewed now (so the table is worth refreshing). */
export function anyActive(rows: readonly SiteReviewRow[]): boolean {
  return rows.some((r) => r.scan?.status === 'queued' || r.scan?.status === 'running');
}

/** The flag after "Review every space now": "Started 12 reviews", "3 already running and 40 skipped". */
export function siteScanFlag(result: SiteScanResult): { appearance: 'success' | 'info'; title: string; description?: string } {
  const title = result.started === 0 ? 'No new reviews started' : `Started ${count(result.started, 'review')}`;
  const parts: string[] = [];
  if (result.alreadyRunning > 0) parts.push(`${count(result.alreadyRunning, 'review was', 'reviews were')} already running`);
  if (result.skipped > 0) parts.push(`${count(result.skipped, 'space was', 'spaces were')} skipped`);
  let description = parts.length === 0 ? undefined : `${listOf(parts)}.`;
  // The app starts only so many reviews at once; the rest can be started once these finish.
  if (result.skipped > 0) description += ' The app starts a limited number of reviews at once. Select “Review every space now” again later to start the rest.';
  return {
    appearance: result.started === 0 ? 'info' : 'success',
    title,
    ...(description === undefined ? {} : { description: description.charAt(0).toUpperCase() + description.slice(1) }),
  };
}

/** Totals for the sentence above the table. */
export function siteTotals(rows: readonly SiteReviewRow[]): { spaces: number; reviewed: number; exposed: number; open: number } {
  let reviewed = 0;
  let exposed = 0;
  let open = 0;
  for (const r of rows) {
    if (r.latest !== null) {
      reviewed += 1;
      open += r.latest.open + r.latest.broadGroup;
    }
    if (r.access !== null && (r.access.level !== 'limited' || r.access.anonymous)) exposed += 1;
  }
  return { spaces: rows.length, reviewed, exposed, open };
}
