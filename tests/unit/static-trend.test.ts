import type { ScanSummaryView } from '../../src/shared/api';
import { sparkline, trendHeadline, trendPoints, trendSummary } from '../../static/space-settings/src/trend';

const s = (jobId: string, finishedAt: string, open: number, broadGroup = 0): ScanSummaryView => ({
  jobId,
  finishedAt,
  open,
  broadGroup,
  restricted: 0,
  scanned: 100,
});

describe('trend', () => {
  // As the resolver sends it: newest first.
  const history = [s('c', '2026-11-29T10:42:00Z', 37, 5), s('b', '2026-11-15T09:00:00Z', 52, 5), s('a', '2026-11-01T09:00:00Z', 60, 2)];

  it('puts the reviews oldest first, each once, without unreadable dates or bad counts', () => {
    const points = trendPoints([...history, s('b', '2026-11-15T09:00:00Z', 99), s('x', 'not a date', 1), s('y', '2026-10-01T00:00:00Z', Number.NaN, -3)]);
    expect(points.map((p) => p.jobId)).toEqual(['y', 'a', 'b', 'c']);
    expect(points[0]).toEqual({ jobId: 'y', finishedAt: '2026-10-01T00:00:00Z', open: 0, broadGroup: 0 });
    expect(points[3]).toEqual({ jobId: 'c', finishedAt: '2026-11-29T10:42:00Z', open: 37, broadGroup: 5 });
  });

  it('draws the highest value at the top and the lowest at the bottom, left to right', () => {
    const line = sparkline([60, 50, 40], 240, 48, 4);
    expect(line.points).toEqual([
      { x: 4, y: 4 },
      { x: 120, y: 24 },
      { x: 236, y: 44 },
    ]);
    expect(line.d).toBe('M4 4 L120 24 L236 44');
    // Rounded to 0.1 so the markup stays small.
    expect(sparkline([60, 52, 37], 240, 48, 4).points[1]).toEqual({ x: 120, y: 17.9 });
  });

  it('draws a flat line through the middle, and nothing for no values', () => {
    expect(sparkline([5, 5], 100, 40, 0).points).toEqual([
      { x: 0, y: 20 },
      { x: 100, y: 20 },
    ]);
    expect(sparkline([7], 100, 40, 0).points).toEqual([{ x: 50, y: 20 }]);
    expect(sparkline([], 100, 40)).toEqual({ points: [], d: '' });
  });

  it('says in words what the line shows (its text alternative)', () => {
    expect(trendSummary(trendPoints(history), 'Europe/London')).toBe(
      'Pages and blog posts with no view restriction at each of the last 3 reviews: 60 on 1 November 2026 and 37 on 29 November 2026, 23 fewer than at the first. The lowest was 37 and the highest 60.',
    );
    expect(trendSummary([])).toBe('');
  });

  it('compares the last review with the one before, counting everything open', () => {
    expect(trendHeadline(trendPoints(history))).toBe('15 fewer pages and blog posts are open to everyone than at the review before: 42, down from 57.');
    expect(trendHeadline(trendPoints([s('b', '2026-11-29T00:00:00Z', 10, 1), s('a', '2026-11-28T00:00:00Z', 10, 0)]))).toBe(
      '1 more page or blog post is open to everyone than at the review before: 11, up from 10.',
    );
    expect(trendHeadline(trendPoints([s('b', '2026-11-29T00:00:00Z', 4), s('a', '2026-11-28T00:00:00Z', 4)]))).toBe(
      'The same number of pages and blog posts are open to everyone as at the review before: 4.',
    );
    expect(trendHeadline(trendPoints([s('a', '2026-11-28T00:00:00Z', 4)]))).toBe('');
  });
});
