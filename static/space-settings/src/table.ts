import type { OpenContent } from '../../../src/shared/api';

/**
 * The pure parts of the review table: the text filter and each column's sort value. Kept apart from the React
 * code so they can be unit tested (`tests/unit/static-review-table.test.ts`).
 */

/** Folds text for matching: case- and accent-insensitive, spaces collapsed. */
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

/**
 * Items whose title or location contains every word of `query` (in any order). An empty query keeps all.
 * Order is preserved.
 */
export function filterContent(items: readonly OpenContent[], query: string): OpenContent[] {
  const words = fold(query)
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return [...items];
  return items.filter((item) => {
    const haystack = fold(`${item.title} ${locationText(item)}`);
    return words.every((w) => haystack.includes(w));
  });
}

/** The keys of the sortable columns. */
export type SortKey = 'title' | 'type' | 'exposure' | 'location' | 'modified' | 'author';

/**
 * The value DynamicTable sorts a column by (it compares cell `key`s). Missing dates sort as oldest; text sorts
 * case-insensitively.
 */
export function sortValue(item: OpenContent, key: SortKey): string {
  switch (key) {
    case 'title':
      return fold(item.title);
    case 'type':
      return item.type;
    case 'exposure':
      return item.exposure;
    case 'location':
      return fold(locationText(item));
    case 'modified':
      return item.lastModified ?? '';
    case 'author':
      return item.authorAccountId ?? '';
  }
}
