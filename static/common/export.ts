import type { ExportPart } from '../../src/shared/api';
import type { UiError } from './errors';
import type { Outcome } from './outcome';

/**
 * Putting an export back together. Resolvers answer an export in parts (a bridge response is capped at 5 MB), so
 * the UI asks for part 0, learns how many parts there are, asks for the rest in order and joins their text.
 * Pure (the caller passes the fetch), so it is unit tested in `tests/unit/static-export.test.ts`.
 */

/** A whole export, ready to save. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
}

/** No export is this big (at ~4 MB a part, 50 parts is 200 MB); a reply that says so is wrong, not big. */
export const MAX_EXPORT_PARTS = 50;

const broken: UiError = { kind: 'internal', message: 'The download came back incomplete. Try again.' };

/**
 * Fetches parts 0 … parts-1 one after another and joins their `content`. Stops at the first failure, and treats a
 * reply that does not fit (a part number out of order, a part count that changes or is out of range) as a failure
 * rather than saving a file with a piece missing.
 *
 * @param fetchPart asks the resolver for one part (never throws: see `callResolver`)
 * @param onProgress told after each part, e.g. to say "part 2 of 3"
 */
export async function assembleExport(
  fetchPart: (part: number) => Promise<Outcome<ExportPart>>,
  onProgress?: (done: number, parts: number) => void,
): Promise<Outcome<ExportFile>> {
  const first = await fetchPart(0);
  if (!first.ok) return first;
  const { filename, mimeType, parts } = first.data;
  if (!Number.isInteger(parts) || parts < 1 || parts > MAX_EXPORT_PARTS || first.data.part !== 0) return { ok: false, error: broken };
  const pieces: string[] = [first.data.content];
  onProgress?.(1, parts);
  for (let part = 1; part < parts; part++) {
    const next = await fetchPart(part);
    if (!next.ok) return next;
    if (next.data.part !== part || next.data.parts !== parts) return { ok: false, error: broken };
    pieces.push(next.data.content);
    onProgress?.(part + 1, parts);
  }
  return { ok: true, data: { filename: safeFilename(filename), mimeType: mimeType || 'text/plain', content: pieces.join('') } };
}

/** A file name safe to offer for download: no folders, no control characters, never empty. */
export function safeFilename(name: string): string {
  const base = [...(name.split(/[\\/]/u).pop() ?? '')]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || '<>:"|?*'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/^\.+/u, '')
    .trim();
  return base === '' ? 'export.txt' : base;
}
