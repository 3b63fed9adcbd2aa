/**
 * Plain-English formatting in the GOV.UK style: dates as "29 November 2026", times as "10:42am", numbers with
 * commas, and counts with the right singular or plural noun. Dates are in British English, like the rest of the
 * app's text, in the viewer's Confluence time zone when known.
 */

/** "1 page", "37 pages"; `plural` defaults to `singular` + "s". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** "1,234". */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en-GB').format(n);
}

function parse(iso: string | null | undefined): Date | null {
  if (iso === null || iso === undefined || iso === '') return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parts(date: Date, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatPart[] {
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, ...(timeZone ? { timeZone } : {}) }).formatToParts(date);
  } catch {
    // An unknown time zone name: fall back to the browser's.
    return new Intl.DateTimeFormat('en-GB', options).formatToParts(date);
  }
}

/** "29 November 2026", or "unknown date" when missing or unreadable. */
export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  const date = parse(iso);
  if (date === null) return 'unknown date';
  const p = parts(date, timeZone, { day: 'numeric', month: 'long', year: 'numeric' });
  const get = (type: string) => p.find((x) => x.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}`;
}

/** "10:42am", "12pm", "12:05am" (GOV.UK style). */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  const date = parse(iso);
  if (date === null) return '';
  const p = parts(date, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
  const get = (type: string) => p.find((x) => x.type === type)?.value ?? '';
  const minute = get('minute');
  const suffix = get('dayPeriod')
    .toLowerCase()
    .replace(/[^apm]/g, '');
  return `${get('hour')}${minute === '00' ? '' : `:${minute}`}${suffix}`;
}

/** "29 November 2026 at 10:42am". */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  const date = parse(iso);
  if (date === null) return 'an unknown time';
  return `${formatDate(iso, timeZone)} at ${formatTime(iso, timeZone)}`;
}

/** Joins words as English does: "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
