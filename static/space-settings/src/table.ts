import type { OpenContent } from '../../../src/shared/api';

/**
 * Pure helpers for the review table's cells. Filtering and sorting happen on the server now (`getFindings`), so
 * only what the cells show is left here (unit tested in `tests/unit/static-review-table.test.ts`).
 */

/** Folds text for comparing: case- and accent-insensitive, spaces collapsed. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('en-GB')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Home › Finance › Planning", or "" at the top of the space. */
export function locationText(item: OpenContent): string {
  return item.ancestors.map((a) => a.title).join(' › ');
}
