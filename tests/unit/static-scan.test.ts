import type { ScanProgress, ScanSummaryView } from '../../src/shared/api';
import { nextPollDelay, pollStopReason, POLL_INTERVAL_MS, POLL_LIMIT_MS, POLL_MAX_FAILURES } from '../../static/common/polling';
import {
  durationText,
  isActive,
  mergeHistory,
  progressParts,
  progressText,
  scanPhase,
  startedByText,
  statusLine,
  summaryText,
} from '../../static/space-settings/src/scan';

function scan(status: ScanProgress['status'], scanned = 0, elapsedMs = 0, extra: Partial<ScanProgress> = {}): ScanProgress {
  return {
    jobId: 'job-1',
    status,
    requestedBy: 'acc-1',
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:02:00.000Z',
    finishedAt: null,
    scanned,
    pages: 0,
    elapsedMs,
    open: 0,
    broadGroup: 0,
    error: null,
    ...extra,
  };
}

function summary(jobId: string, finishedAt: string, open = 3, broadGroup = 1, scanned = 100): ScanSummaryView {
  return { jobId, finishedAt, open, broadGroup, restricted: 0, scanned };
}

describe('scan phases', () => {
  it('is never scanned only with no scan and no result', () => {
    expect(scanPhase(null, null)).toBe('never');
    expect(scanPhase(null, summary('a', '2026-11-29T10:42:00Z'))).toBe('done');
  });

  it('is active while queued or running, even with an older result', () => {
    const latest = summary('a', '2026-11-28T10:42:00Z');
    expect(scanPhase(scan('queued'), latest)).toBe('active');
    expect(scanPhase(scan('running', 10), null)).toBe('active');
    expect(isActive(scan('running'))).toBe(true);
    expect(isActive(scan('done'))).toBe(false);
    expect(isActive(null)).toBe(false);
  });

  it('reports a failure, whether or not an older result exists', () => {
    expect(scanPhase(scan('failed'), null)).toBe('failed');
    expect(scanPhase(scan('failed'), summary('a', '2026-11-28T10:42:00Z'))).toBe('failed');
    expect(scanPhase(scan('done'), summary('a', '2026-11-28T10:42:00Z'))).toBe('done');
  });
});

describe('progress wording', () => {
  it('says how long in plain words', () => {
    expect(durationText(0)).toBe('less than a minute');
    expect(durationText(59_999)).toBe('less than a minute');
    expect(durationText(60_000)).toBe('1 minute');
    expect(durationText(125_000)).toBe('2 minutes');
    expect(durationText(60 * 60_000)).toBe('1 hour');
    expect(durationText(65 * 60_000)).toBe('1 hour 5 minutes');
    expect(durationText(Number.NaN)).toBe('less than a minute');
    expect(durationText(-5)).toBe('less than a minute');
  });

  it('counts what has been checked so far, with commas, and how long it took', () => {
    expect(progressText(scan('running', 12_340, 125_000))).toBe('Checked 12,340 pages and blog posts so far · 2 minutes');
    expect(progressText(scan('running', 1, 1_000))).toBe('Checked 1 page or blog post so far · less than a minute');
    expect(progressParts(scan('running', 12_340, 125_000))).toEqual({ done: 'Checked 12,340 pages and blog posts so far', elapsed: '2 minutes' });
  });

  it('says a queued or just-started scan is waiting or starting, not "checked 0"', () => {
    expect(progressText(scan('queued'))).toBe('Waiting to start. This usually takes less than a minute.');
    expect(progressParts(scan('queued')).elapsed).toBeNull();
    expect(progressText(scan('running', 0, 5_000))).toBe('Started. Checking the first pages and blog posts · less than a minute');
  });

  it('summarises a finished scan', () => {
    expect(summaryText(summary('a', '2026-11-29T10:42:00Z', 37, 5, 12_340))).toBe(
      'The review checked 12,340 pages and blog posts. 37 have no view restriction and 5 are restricted only to a group that includes everyone, so everyone who can see this space can read them.',
    );
    expect(summaryText(summary('a', '2026-11-29T10:42:00Z', 1, 0, 1))).toBe(
      'The review checked 1 page or blog post. 1 has no view restriction, so everyone who can see this space can read it.',
    );
    expect(summaryText(summary('a', '2026-11-29T10:42:00Z', 0, 2, 50))).toBe(
      'The review checked 50 pages and blog posts. 2 are restricted only to a group that includes everyone, so everyone who can see this space can read them.',
    );
    expect(summaryText(summary('a', '2026-11-29T10:42:00Z', 0, 0, 50))).toBe(
      'The review checked 50 pages and blog posts and found none open to everyone who can see this space.',
    );
  });

  it('gives the status line of each phase, in the viewer’s time zone', () => {
    const latest = summary('a', '2026-11-29T10:42:00Z');
    expect(statusLine('done', scan('done'), latest, 'Europe/London')).toBe('Last reviewed 29 November 2026 at 10:42am.');
    expect(statusLine('never', null, null)).toBe('This space has not been reviewed yet.');
    expect(statusLine('failed', scan('failed'), latest)).toBe('The last review did not finish.');
    expect(statusLine('active', scan('running', 12_340, 125_000), latest)).toBe('Checked 12,340 pages and blog posts so far · 2 minutes');
  });

  it('mentions the schedule only when the schedule started the scan', () => {
    expect(startedByText(scan('done', 1, 1, { requestedBy: 'schedule' }))).toMatch(/automatically/);
    expect(startedByText(scan('done'))).toBeNull();
    expect(startedByText(null)).toBeNull();
  });
});

describe('history', () => {
  const older = [summary('b', '2026-11-28T10:00:00Z'), summary('a', '2026-11-27T10:00:00Z')];

  it('adds a newly finished scan at the front, once', () => {
    const latest = summary('c', '2026-11-29T10:00:00Z');
    expect(mergeHistory(older, latest).map((s) => s.jobId)).toEqual(['c', 'b', 'a']);
    expect(mergeHistory(mergeHistory(older, latest), latest).map((s) => s.jobId)).toEqual(['c', 'b', 'a']);
    expect(mergeHistory(older, older[0]!).map((s) => s.jobId)).toEqual(['b', 'a']);
    expect(mergeHistory(older, null)).toEqual(older);
  });

  it('keeps newest first and at most the limit', () => {
    const many = Array.from({ length: 30 }, (_, i) => summary(`j${i}`, new Date(Date.UTC(2026, 9, 1 + i)).toISOString()));
    const merged = mergeHistory(many, summary('new', '2026-11-29T10:00:00Z'));
    expect(merged).toHaveLength(30);
    expect(merged[0]?.jobId).toBe('new');
    expect(merged[29]?.jobId).toBe('j1');
  });
});

describe('polling limits', () => {
  it('waits the interval, doubling after each failure, up to 30 seconds', () => {
    expect(nextPollDelay(POLL_INTERVAL_MS, 0)).toBe(2_000);
    expect(nextPollDelay(POLL_INTERVAL_MS, 1)).toBe(4_000);
    expect(nextPollDelay(POLL_INTERVAL_MS, 3)).toBe(16_000);
    expect(nextPollDelay(POLL_INTERVAL_MS, 4)).toBe(30_000);
    expect(nextPollDelay(POLL_INTERVAL_MS, 1_000)).toBe(30_000);
  });

  it('stops after 30 minutes, or after too many failures in a row', () => {
    const start = 1_000_000;
    expect(POLL_LIMIT_MS).toBe(30 * 60_000);
    expect(pollStopReason(start, start + 60_000, 0)).toBeNull();
    expect(pollStopReason(start, start + POLL_LIMIT_MS, 0)).toBe('time');
    expect(pollStopReason(start, start + 1_000, POLL_MAX_FAILURES - 1)).toBeNull();
    expect(pollStopReason(start, start + 1_000, POLL_MAX_FAILURES)).toBe('errors');
  });
});
