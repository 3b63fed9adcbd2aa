import type { OpenContent } from '../../src/shared/api';
import { fold, locationText } from '../../static/space-settings/src/table';

function item(id: string, title: string, ancestors: string[] = []): OpenContent {
  return {
    id,
    type: 'page',
    title,
    url: `https://example.atlassian.net/wiki/pages/${id}`,
    exposure: 'open',
    ancestors: ancestors.map((t, i) => ({ id: `${id}-${i}`, title: t })),
    authorAccountId: null,
    authorName: null,
    lastModified: null,
    editOnlyRestrictedBy: null,
  };
}

describe('review table cells', () => {
  it('folds text for comparing, ignoring case, accents and extra spaces', () => {
    expect(fold('  Café   ROTA ')).toBe('cafe rota');
  });

  it('writes the location as a path, empty at the top of the space', () => {
    expect(locationText(item('3', 'Budget 2027', ['Home', 'Finance', 'Planning']))).toBe('Home › Finance › Planning');
    expect(locationText(item('4', 'Top'))).toBe('');
  });
});
