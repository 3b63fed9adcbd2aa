import type { ScanProgress, ScanSummaryView } from '../../../src/shared/api';
import { count, formatDateTime, formatNumber } from '../../common/format';

/**
 * The words and states of the review's background scan. Pure (unit tested in `tests/unit/static-scan.test.ts`).
 */

/** Where the space's review is: never run, running now, failed last time, or finished. */
export type ScanPhase = 'never' | 'active' | 'failed' | 'done';

/** Whether a scan is waiting or running (and so worth polling). */
export function isActive(scan: ScanProgress | null): scan is ScanProgress & { status: 'queued' | 'running' } {
  return scan !== null && (scan.status === 'queued' || scan.status === 'running');
}

export function scanPhase(scan: ScanProgress | null, latest: ScanSummaryView | null): ScanPhase {
  if (isActive(scan)) return 'active';
  if (scan?.status === 'failed') return 'failed';
  if (scan === null && latest === null) return 'never';
  return 'done';
}

/** "less than a minute", "1 minute", "12 minutes", "1 hour 5 minutes", "2 hours". */
export function durationText(ms: number): string {
  const minutes = Math.floor((Number.isFinite(ms) && ms > 0 ? ms : 0) / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return count(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? count(hours, 'hour') : `${count(hours, 'hour')} ${count(rest, 'minute')}`;
}

const ITEMS = ['page or blog post', 'pages and blog posts'] as const;

/** What a running scan has done so far, as a line and how long it has taken (shown after a middle dot). */
export function progressParts(scan: ScanProgress): { done: string; elapsed: string | null } {
  if (scan.status === 'queued') return { done: 'Waiting to start. This usually takes less than a minute.', elapsed: null };
  if (scan.scanned <= 0) return { done: 'Started. Checking the first pages and blog posts', elapsed: durationText(scan.elapsedMs) };
  return { done: `Checked ${count(scan.scanned, ...ITEMS)} so far`, elapsed: durationText(scan.elapsedMs) };
}

/** The progress line as one sentence: "Checked 12,340 pages and blog posts so far · 2 minutes". */
export function progressText(scan: ScanProgress): string {
  const { done, elapsed } = progressParts(scan);
  return elapsed === null ? done : `${done} · ${elapsed}`;
}

/** What a finished scan found, in a sentence or two. */
export function summaryText(latest: ScanSummaryView): string {
  const checked = `The review checked ${count(latest.scanned, ...ITEMS)}`;
  const open = latest.open + latest.broadGroup;
  if (open === 0) return `${checked} and found none open to everyone who can see this space.`;
  const parts: string[] = [];
  if (latest.open > 0) parts.push(`${formatNumber(latest.open)} ${latest.open === 1 ? 'has' : 'have'} no view restriction`);
  if (latest.broadGroup > 0) {
    parts.push(`${formatNumber(latest.broadGroup)} ${latest.broadGroup === 1 ? 'is' : 'are'} restricted only to a group that includes everyone`);
  }
  return `${checked}. ${capitalise(parts.join(' and '))}, so everyone who can see this space can read ${open === 1 ? 'it' : 'them'}.`;
}

/** Who started a scan, when it is worth saying (the schedule); null for a person or the command line. */
export function startedByText(scan: ScanProgress | null): string | null {
  return scan?.requestedBy === 'schedule' ? 'This review ran automatically, on the schedule your Confluence admin set.' : null;
}

/**
 * The sentence the status region holds for each phase. Screen readers announce it when it changes, so it changes
 * only when something worth hearing happens (see `useThrottled` for the running count).
 */
export function statusLine(phase: ScanPhase, scan: ScanProgress | null, latest: ScanSummaryView | null, timeZone?: string): string {
  switch (phase) {
    case 'never':
      return 'This space has not been reviewed yet.';
    case 'active':
      return scan === null ? '' : progressText(scan);
    case 'failed':
      return 'The last review did not finish.';
    case 'done':
      return latest === null ? 'The review has finished.' : `Last reviewed ${formatDateTime(latest.finishedAt, timeZone)}.`;
  }
}

/** The history with a newly finished scan added: newest first, each scan once, at most `limit`. */
export function mergeHistory(history: readonly ScanSummaryView[], latest: ScanSummaryView | null, limit = 30): ScanSummaryView[] {
  const all = latest === null ? [...history] : [latest, ...history];
  const seen = new Set<string>();
  const merged = all.filter((s) => {
    if (seen.has(s.jobId)) return false;
    seen.add(s.jobId);
    return true;
  });
  const time = (s: ScanSummaryView) => {
    const t = Date.parse(s.finishedAt);
    return Number.isNaN(t) ? 0 : t;
  };
  merged.sort((a, b) => time(b) - time(a));
  return merged.slice(0, limit);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
