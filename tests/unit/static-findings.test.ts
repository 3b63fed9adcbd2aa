import type { OpenContent, RestrictPayload, RestrictResult } from '../../src/shared/api';
import type { Outcome } from '../../static/common/outcome';
import {
  chunk,
  DEFAULT_FILTERS,
  isFiltered,
  nextSort,
  nothingDone,
  notTriedText,
  pageCount,
  pageSelectionState,
  pageWindow,
  parseGroupNames,
  rangeText,
  RESTRICT_BATCH,
  restrictFlag,
  restrictInBatches,
  selectable,
  selectRows,
  toggleRow,
  toQuery,
  withoutIds,
} from '../../static/space-settings/src/findings';

function item(id: string, title = `Page ${id}`): OpenContent {
  return {
    id,
    type: 'page',
    title,
    url: `https://example.atlassian.net/wiki/pages/${id}`,
    exposure: 'open',
    ancestors: [],
    authorAccountId: null,
    authorName: null,
    lastModified: null,
    editOnlyRestrictedBy: null,
  };
}

describe('findings query', () => {
  it('sends only what narrows the list, with the page as an offset', () => {
    expect(toQuery(DEFAULT_FILTERS)).toEqual({ sort: 'modified', direction: 'desc', offset: 0, limit: 50 });
    expect(toQuery({ text: '  risk   register ', exposure: 'broad-group', type: 'blogpost', sort: 'title', direction: 'asc', page: 3 })).toEqual({
      filter: 'risk register',
      exposure: 'broad-group',
      type: 'blogpost',
      sort: 'title',
      direction: 'asc',
      offset: 100,
      limit: 50,
    });
    expect(toQuery({ ...DEFAULT_FILTERS, page: 0 }).offset).toBe(0);
  });

  it('knows when the list is filtered', () => {
    expect(isFiltered(DEFAULT_FILTERS)).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, text: ' ' })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, type: 'page' })).toBe(true);
  });

  it('flips the direction of the sorted column, and starts others the expected way', () => {
    expect(nextSort({ sort: 'title', direction: 'asc' }, 'title')).toEqual({ sort: 'title', direction: 'desc' });
    expect(nextSort({ sort: 'title', direction: 'desc' }, 'title')).toEqual({ sort: 'title', direction: 'asc' });
    expect(nextSort({ sort: 'title', direction: 'desc' }, 'modified')).toEqual({ sort: 'modified', direction: 'desc' });
    expect(nextSort({ sort: 'modified', direction: 'desc' }, 'author')).toEqual({ sort: 'author', direction: 'asc' });
  });
});

describe('paging', () => {
  it('counts pages, at least one', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(pageCount(1234)).toBe(25);
  });

  it('shows the first, last, current and neighbouring pages, with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(1, 25)).toEqual([1, 2, 'gap', 25]);
    expect(pageWindow(10, 25)).toEqual([1, 'gap', 9, 10, 11, 'gap', 25]);
    // A gap of a single page shows the page instead.
    expect(pageWindow(4, 25)).toEqual([1, 2, 3, 4, 5, 'gap', 25]);
    expect(pageWindow(25, 25)).toEqual([1, 'gap', 24, 25]);
  });

  it('says which rows are showing', () => {
    expect(rangeText(0, 50, 1234, false)).toBe('Showing 1 to 50 of 1,234 pages and blog posts.');
    expect(rangeText(1200, 34, 1234, true)).toBe('Showing 1,201 to 1,234 of 1,234 pages and blog posts that match your filters.');
    expect(rangeText(0, 7, 7, false)).toBe('Showing all 7 pages and blog posts.');
    expect(rangeText(0, 1, 1, true)).toBe('Showing 1 page or blog post that matches your filters.');
    expect(rangeText(0, 0, 0, true)).toBe('No pages or blog posts match your filters.');
    expect(rangeText(0, 0, 0, false)).toBe('No pages or blog posts are open to everyone.');
  });
});

describe('selection', () => {
  const rows = [item('1', 'One'), item('2', 'Two'), item('3', 'Three')];
  const restricted = new Set(['2']);

  it('never offers rows already restricted since the review', () => {
    expect(selectable(rows, restricted).map((r) => r.id)).toEqual(['1', '3']);
  });

  it('toggles one row, remembering its title', () => {
    const one = toggleRow(new Map(), rows[0]!);
    expect([...one]).toEqual([['1', 'One']]);
    expect(toggleRow(one, rows[0]!).size).toBe(0);
  });

  it('selects and clears a whole page, keeping rows chosen on other pages', () => {
    const elsewhere = new Map([['99', 'Elsewhere']]);
    const page = selectable(rows, restricted);
    const all = selectRows(elsewhere, page, true);
    expect([...all.keys()].sort()).toEqual(['1', '3', '99']);
    expect(pageSelectionState(all, page)).toBe('all');
    expect(pageSelectionState(toggleRow(all, rows[0]!), page)).toBe('some');
    const cleared = selectRows(all, page, false);
    expect([...cleared.keys()]).toEqual(['99']);
    expect(pageSelectionState(cleared, page)).toBe('none');
    expect(pageSelectionState(all, [])).toBe('none');
  });

  it('drops restricted ids from the selection', () => {
    expect([
      ...withoutIds(
        new Map([
          ['1', 'a'],
          ['2', 'b'],
        ]),
        ['1'],
      ).keys(),
    ]).toEqual(['2']);
  });
});

describe('group names', () => {
  it('reads names separated by commas: trimmed, each once, blanks ignored', () => {
    expect(parseGroupNames(' pol-editors ,, Strategy Unit, POL-editors,')).toEqual({ groups: ['pol-editors', 'Strategy Unit'], problem: null });
    expect(parseGroupNames('   ')).toEqual({ groups: [], problem: null });
  });

  it('refuses a group that includes everyone, since the pages would stay open', () => {
    expect(parseGroupNames('pol-editors, Confluence-Users', ['confluence-users']).problem).toBe(
      'Remove Confluence-Users: it includes everyone who can use Confluence, so the pages would still be open to everyone',
    );
  });

  it('takes at most 20 groups, as the resolver does', () => {
    const names = Array.from({ length: 21 }, (_, i) => `g${i}`);
    expect(parseGroupNames(names.join(',')).problem).toBe('Enter 20 groups or fewer');
    expect(parseGroupNames(names.slice(0, 20).join(',')).problem).toBeNull();
  });

  it('refuses a name longer than Confluence allows', () => {
    expect(parseGroupNames('g'.repeat(256)).problem).toBe('Group names must be 255 characters or fewer');
    expect(parseGroupNames('g'.repeat(255)).problem).toBeNull();
  });
});

describe('restricting in batches', () => {
  const ids = Array.from({ length: 250 }, (_, i) => String(i + 1));

  it('splits into runs of at most the batch size', () => {
    expect(chunk(ids, RESTRICT_BATCH).map((b) => b.length)).toEqual([100, 100, 50]);
    expect(chunk([], 100)).toEqual([]);
  });

  it('sends at most 100 ids a call, in order, and adds up the answers', async () => {
    const sent: RestrictPayload[] = [];
    const progress: number[] = [];
    const totals = await restrictInBatches(
      ids,
      ['pol-editors'],
      async (payload): Promise<Outcome<RestrictResult>> => {
        sent.push(payload);
        const [bad, ...good] = payload.contentIds;
        return { ok: true, data: { restricted: good, failed: [{ id: bad!, reason: 'You cannot edit its restrictions.' }] } };
      },
      (tried) => progress.push(tried),
    );
    expect(sent.map((p) => p.contentIds.length)).toEqual([100, 100, 50]);
    expect(sent.every((p) => p.groups.join() === 'pol-editors')).toBe(true);
    expect(progress).toEqual([100, 200, 250]);
    expect(totals.restricted).toHaveLength(247);
    expect(totals.failed.map((f) => f.id)).toEqual(['1', '101', '201']);
  });

  it('stops at a call that fails, reporting it and the pages not tried, in words', async () => {
    let calls = 0;
    const totals = await restrictInBatches(ids, [], async (payload): Promise<Outcome<RestrictResult>> => {
      calls += 1;
      if (calls === 2) return { ok: false, error: { kind: 'rate-limited' } };
      return { ok: true, data: { restricted: payload.contentIds, failed: [] } };
    });
    expect(calls).toBe(2);
    expect(totals.restricted).toHaveLength(100);
    expect(totals.failed).toEqual([]);
    expect(totals.notTried).toHaveLength(150);
    expect(totals.notTried[0]).toBe('101');
    expect(nothingDone(totals)).toBe(false);
    expect(notTriedText(totals)).toBe(
      '150 pages and blog posts were not tried, because the app stopped. Confluence is busy at the moment. Wait a minute, then try again.',
    );
    expect(restrictFlag(totals, []).title).toBe('Restricted 100 of 250 pages and blog posts');
  });

  it('changes nothing when the first call fails, so the dialog can show why', async () => {
    const totals = await restrictInBatches(['1'], ['nosuch'], async () => ({
      ok: false,
      error: { kind: 'invalid-input', message: 'No group is called “nosuch”. Check the spelling.' },
    }));
    expect(nothingDone(totals)).toBe(true);
    expect(totals.notTried).toEqual(['1']);
    expect(notTriedText({ restricted: [], failed: [], notTried: [], error: null })).toBeNull();
  });

  it('does not count a page the resolver did not answer for as restricted', async () => {
    const totals = await restrictInBatches(['1', '2'], [], async () => ({ ok: true, data: { restricted: ['1'], failed: [] } }));
    expect(totals.restricted).toEqual(['1']);
    expect(totals.failed.map((f) => f.id)).toEqual(['2']);
  });

  it('words the flag for all, some or none restricted', () => {
    const none = { notTried: [], error: null };
    expect(restrictFlag({ restricted: ['1', '2'], failed: [], ...none }, ['pol-editors'])).toEqual({
      appearance: 'success',
      title: 'Restricted 2 pages and blog posts',
      description: 'Only you and the group pol-editors can see them now, and any pages below them.',
    });
    expect(restrictFlag({ restricted: ['1'], failed: [], ...none }, []).description).toBe('Only you can see it now, and any pages below it.');
    expect(restrictFlag({ restricted: ['1'], failed: [{ id: '2', reason: 'x' }], ...none }, [])).toEqual({
      appearance: 'warning',
      title: 'Restricted 1 of 2 pages and blog posts',
      description: '1 could not be restricted. The reasons are listed on the page.',
    });
    expect(restrictFlag({ restricted: [], failed: [{ id: '2', reason: 'x' }], ...none }, []).appearance).toBe('error');
  });
});
