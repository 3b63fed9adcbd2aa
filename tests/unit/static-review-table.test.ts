import type { OpenContent } from '../../src/shared/api';
import { filterContent, fold, locationText, sortValue } from '../../static/space-settings/src/table';

function item(id: string, title: string, ancestors: string[] = [], lastModified: string | null = null): OpenContent {
  return {
    id,
    type: 'page',
    title,
    url: `https://example.atlassian.net/wiki/pages/${id}`,
    exposure: 'open',
    ancestors: ancestors.map((t, i) => ({ id: `${id}-${i}`, title: t })),
    authorAccountId: null,
    lastModified,
    editOnlyRestrictedBy: null,
  };
}

const items = [
  item('1', 'Risk register', ['Home', 'Finance']),
  item('2', 'Café rota', ['Home']),
  item('3', 'Budget 2027', ['Home', 'Finance', 'Planning'], '2026-11-01T00:00:00Z'),
];

describe('review table', () => {
  it('keeps everything for an empty filter', () => {
    expect(filterContent(items, '  ')).toHaveLength(3);
  });

  it('matches every word in the title or location, ignoring case and accents', () => {
    expect(filterContent(items, 'finance RISK').map((i) => i.id)).toEqual(['1']);
    expect(filterContent(items, 'cafe').map((i) => i.id)).toEqual(['2']);
    expect(filterContent(items, 'planning').map((i) => i.id)).toEqual(['3']);
    expect(filterContent(items, 'nothing here')).toEqual([]);
  });

  it('writes the location as a path', () => {
    expect(locationText(items[2]!)).toBe('Home › Finance › Planning');
    expect(locationText(item('4', 'Top'))).toBe('');
  });

  it('sorts text case-insensitively and missing dates as oldest', () => {
    expect(sortValue(items[1]!, 'title')).toBe(fold('Café rota'));
    expect(sortValue(items[0]!, 'modified')).toBe('');
    expect(sortValue(items[2]!, 'modified') > sortValue(items[0]!, 'modified')).toBe(true);
  });
});
