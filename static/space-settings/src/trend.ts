import type { ScanSummaryView } from '../../../src/shared/api';
import { count, formatDate, formatNumber } from '../../common/format';

/**
 * The trend of a space's reviews: the history (newest first, as the resolver sends it) shaped for a small table
 * and a sparkline, and the sparkline's text alternative. Pure (unit tested in `tests/unit/static-trend.test.ts`).
 */

/** One review in the trend. */
export interface TrendPoint {
  jobId: string;
  finishedAt: string;
  /** Pages and blog posts with no view restriction. */
  open: number;
  /** Pages and blog posts restricted only to a group that includes everyone. */
  broadGroup: number;
}

/** The fewest reviews worth drawing a trend for. */
export const MIN_TREND_POINTS = 2;

const safeCount = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * The reviews oldest first (the order a line is read in), each once, dropping any without a readable date.
 */
export function trendPoints(history: readonly ScanSummaryView[]): TrendPoint[] {
  const seen = new Set<string>();
  const points: (TrendPoint & { time: number })[] = [];
  for (const s of history) {
    const time = Date.parse(s.finishedAt);
    if (Number.isNaN(time) || seen.has(s.jobId)) continue;
    seen.add(s.jobId);
    points.push({ jobId: s.jobId, finishedAt: s.finishedAt, open: safeCount(s.open), broadGroup: safeCount(s.broadGroup), time });
  }
  points.sort((a, b) => a.time - b.time);
  return points.map(({ time: _time, ...p }) => p);
}

/** A sparkline's geometry: where each point goes in a `width` × `height` box, and the SVG path through them. */
export interface Sparkline {
  points: { x: number; y: number }[];
  /** `M x y L x y …`, for a `<path d>`. */
  d: string;
}

/**
 * Places values evenly from left to right, scaled so the lowest sits at the bottom and the highest at the top
 * (inside `pad`). A flat line sits in the middle. Coordinates are rounded to 0.1 so the markup stays small.
 */
export function sparkline(values: readonly number[], width: number, height: number, pad = 4): Sparkline {
  if (values.length === 0) return { points: [], d: '' };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const innerW = Math.max(0, width - 2 * pad);
  const innerH = Math.max(0, height - 2 * pad);
  const round = (n: number) => Math.round(n * 10) / 10;
  const points = values.map((v, i) => ({
    x: round(pad + (values.length === 1 ? innerW / 2 : (innerW * i) / (values.length - 1))),
    y: round(max === min ? pad + innerH / 2 : pad + innerH * (1 - (v - min) / (max - min))),
  }));
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  return { points, d };
}

/**
 * The sparkline's text alternative: the first and last values with their dates, the lowest and highest, and
 * whether it went up or down.
 */
export function trendSummary(points: readonly TrendPoint[], timeZone?: string): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return '';
  const values = points.map((p) => p.open);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const change = last.open - first.open;
  const direction =
    change === 0 ? 'no change' : change < 0 ? `${formatNumber(-change)} fewer than at the first` : `${formatNumber(change)} more than at the first`;
  return (
    `Pages and blog posts with no view restriction at each of the last ${count(points.length, 'review')}: ` +
    `${formatNumber(first.open)} on ${formatDate(first.finishedAt, timeZone)} and ${formatNumber(last.open)} on ${formatDate(last.finishedAt, timeZone)}, ` +
    `${direction}. The lowest was ${formatNumber(min)} and the highest ${formatNumber(max)}.`
  );
}

/** A headline for the trend: better, worse or the same since the review before the last. */
export function trendHeadline(points: readonly TrendPoint[]): string {
  const last = points[points.length - 1];
  const before = points[points.length - 2];
  if (last === undefined || before === undefined) return '';
  const now = last.open + last.broadGroup;
  const then = before.open + before.broadGroup;
  if (now === then) return `The same number of pages and blog posts are open to everyone as at the review before: ${formatNumber(now)}.`;
  const diff = Math.abs(now - then);
  return now < then
    ? `${count(diff, 'fewer page or blog post is', 'fewer pages and blog posts are')} open to everyone than at the review before: ${formatNumber(now)}, down from ${formatNumber(then)}.`
    : `${count(diff, 'more page or blog post is', 'more pages and blog posts are')} open to everyone than at the review before: ${formatNumber(now)}, up from ${formatNumber(then)}.`;
}
