import { newScanJob, readFindings, runSlice, type LatestScan, type ScanSource, type SliceDeps } from '../../src/domain/audit/scan-job';
import type { ContentRecord } from '../../src/domain/exposure/classify';
import { MemoryStore } from '../../src/domain/ports';

/** An open page with its title and link built from its id, under `parent` when given. */
function pageRecord(id: string, parent: string | null = null, webui: string | null = `/spaces/DIG/pages/${id}`): ContentRecord {
  return {
    id,
    type: 'page',
    title: `Page ${id}`,
    ancestors: parent ? [{ id: parent, title: `Page ${parent}` }] : [],
    read: null,
    editRestricted: false,
    authorAccountId: null,
    lastModified: null,
    webui,
  };
}

/** Ten single-item result pages; each read advances the fake clock by `pageMs`. Records the readAhead asked for. */
function source(clock: { t: number }, pageMs: number): ScanSource & { asked: { cursor: string | null; readAhead: boolean }[] } {
  const asked: { cursor: string | null; readAhead: boolean }[] = [];
  return {
    asked,
    async page(cursor, _limit, options) {
      asked.push({ cursor, readAhead: options?.readAhead ?? false });
      clock.t += pageMs;
      const i = cursor === null ? 0 : Number(cursor);
      return { items: [pageRecord(String(i))], next: i + 1 < 10 ? String(i + 1) : null };
    },
    readRestriction: async () => null,
    titles: async () => new Map(),
  };
}

function deps(clock: { t: number }, src: ScanSource, budgetMs: number): SliceDeps {
  const start = clock.t;
  return {
    store: new MemoryStore(() => clock.t),
    source: src,
    broadGroups: [],
    classify: () => ({ kind: 'fatal', errorKind: 'internal', message: 'unexpected' }),
    now: () => clock.t,
    remainingMs: () => budgetMs - (clock.t - start),
    reserveMs: 100,
  };
}

describe('runSlice read-ahead', () => {
  it('asks the source to read ahead while the slice has time for two more cycles, and never for its last page', async () => {
    const clock = { t: 1_000_000 };
    const src = source(clock, 50);
    // 500 ms budget, 100 ms reserve, 50 ms per page: it reads while ≥ 100 ms remain, at 0, 50, … 400 ms (9 pages),
    // and reads ahead while remaining − reserve ≥ two cycles (100 ms), i.e. up to the read at 300 ms.
    const job = newScanJob({ jobId: 'j', spaceId: '1', spaceKey: 'DIG', requestedBy: 'test', now: clock.t });
    const outcome = await runSlice(deps(clock, src, 500), job);
    expect(outcome.kind).toBe('continue');
    expect(src.asked.map((a) => a.readAhead)).toEqual([true, true, true, true, true, true, true, false, false]);
    // The page after the last one read was never read ahead for.
    expect(src.asked.at(-1)?.readAhead).toBe(false);
  });

  it('reads ahead to the end when the slice has time for the whole space', async () => {
    const clock = { t: 1_000_000 };
    const src = source(clock, 50);
    const job = newScanJob({ jobId: 'j', spaceId: '1', spaceKey: 'DIG', requestedBy: 'test', now: clock.t });
    const outcome = await runSlice(deps(clock, src, 60_000), job);
    expect(outcome.kind).toBe('done');
    expect(src.asked).toHaveLength(10);
    expect(src.asked.every((a) => a.readAhead)).toBe(true);
  });
});

describe('runSlice when looking up titles fails', () => {
  it('ends the slice without committing, so the next slice finds every item with its title', async () => {
    const clock = { t: 1_000_000 };
    // Children come before their parent, across a checkpoint: they are restored without titles and looked up.
    const pages: Record<string, { items: ContentRecord[]; next: string | null }> = {
      start: { items: [pageRecord('2', '1'), pageRecord('3', '1')], next: 'p2' },
      p2: { items: [pageRecord('1', null)], next: null },
    };
    let failures = 1;
    const titleCalls: string[][] = [];
    const src: ScanSource = {
      async page(cursor) {
        clock.t += 10;
        return pages[cursor ?? 'start']!;
      },
      readRestriction: async () => null,
      async titles(ids) {
        titleCalls.push([...ids]);
        if (failures-- > 0) throw new Error('Confluence is busy');
        return new Map(ids.map((id) => [id, { title: `Page ${id}`, webui: `/spaces/DIG/pages/${id}` }]));
      },
    };
    const store = new MemoryStore(() => clock.t);
    const d = (budgetMs: number): SliceDeps => {
      const start = clock.t;
      return {
        store,
        source: src,
        broadGroups: [],
        classify: () => ({ kind: 'retry-later', message: 'busy' }),
        now: () => clock.t,
        remainingMs: () => budgetMs - (clock.t - start),
        reserveMs: 5,
      };
    };
    const job = newScanJob({ jobId: 'j', spaceId: '1', spaceKey: 'DIG', requestedBy: 'test', now: clock.t });
    await store.set('scan:1:job', job);
    // Slice 1 has time for one page only: the children are checkpointed as pending, without titles.
    const first = await runSlice(d(12), job);
    expect(first).toMatchObject({ kind: 'continue', job: { cursor: 'p2', findings: 0, counts: { pending: 2 } } });
    // Slice 2 reads the parent; looking up the children's titles fails: nothing of it is committed.
    const second = await runSlice(d(60_000), first.job);
    expect(second.kind).toBe('continue');
    expect(second.job).toMatchObject({ cursor: 'p2', findings: 0, attempts: 1, status: 'running' });
    expect(await store.get('scan:1:job')).toEqual(second.job);
    // Slice 3 reads it again and finds all three, titled.
    const third = await runSlice(d(60_000), second.job);
    expect(third.kind).toBe('done');
    expect(third.job.findings).toBe(3);
    expect(titleCalls).toEqual([
      ['2', '3'],
      ['2', '3'],
    ]);
    const latest = (await store.get('scan:1:latest')) as LatestScan;
    const findings = await readFindings(store, '1', latest);
    expect(findings.map((f) => [f.i, f.n, f.w]).sort()).toEqual([
      ['1', 'Page 1', '/spaces/DIG/pages/1'],
      ['2', 'Page 2', '/spaces/DIG/pages/2'],
      ['3', 'Page 3', '/spaces/DIG/pages/3'],
    ]);
  });
});

describe('runSlice page size', () => {
  it('takes the size the server serves, and grows a halved size back after a few steady pages', async () => {
    const clock = { t: 1_000_000 };
    const asked: number[] = [];
    let served = 0;
    const src: ScanSource = {
      async page(cursor, limit) {
        asked.push(limit);
        clock.t += 1;
        const i = cursor === null ? 0 : Number(cursor);
        served += 1;
        // The server caps pages at 100; the third request met a 5xx, so the client halved it to 50.
        const size = served === 3 ? Math.floor(Math.min(limit, 100) / 2) : Math.min(limit, 100);
        const items = [pageRecord(String(i + 1))];
        return { items, next: i + 1 < 12 ? String(i + 1) : null, limit: size };
      },
      readRestriction: async () => null,
      titles: async () => new Map(),
    };
    const job = newScanJob({ jobId: 'j', spaceId: '1', spaceKey: 'DIG', requestedBy: 'test', now: clock.t, pageSize: 250 });
    const outcome = await runSlice(
      { store: new MemoryStore(() => clock.t), source: src, broadGroups: [], classify: () => ({ kind: 'fatal', errorKind: 'internal', message: 'x' }), now: () => clock.t, remainingMs: () => 60_000, reserveMs: 0 },
      job,
    );
    expect(outcome.kind).toBe('done');
    // 250 asked, 100 served (the cap); halved to 50 once; back to 100 after three steady pages.
    expect(asked).toEqual([250, 100, 100, 50, 50, 100, 100, 100, 100, 100, 100, 100]);
    expect(outcome.job).toMatchObject({ pageSize: 100, maxPageSize: 100 });
  });
});

describe('runSlice when a restored item is gone by the time its title is looked up', () => {
  it('reports it nowhere and takes it off the counts', async () => {
    const clock = { t: 1_000_000 };
    const pages: Record<string, { items: ContentRecord[]; next: string | null }> = {
      start: { items: [pageRecord('2', '1', null), pageRecord('3', '1', null)], next: 'p2' },
      p2: { items: [pageRecord('1', null, null)], next: null },
    };
    const src: ScanSource = {
      async page(cursor) {
        clock.t += 10;
        return pages[cursor ?? 'start']!;
      },
      readRestriction: async () => null,
      // Page 3 was deleted after it was seen.
      titles: async (ids) => new Map(ids.filter((id) => id !== '3').map((id) => [id, { title: `Page ${id}`, webui: null }])),
    };
    const store = new MemoryStore(() => clock.t);
    const d = (budgetMs: number): SliceDeps => {
      const start = clock.t;
      return { store, source: src, broadGroups: [], classify: () => ({ kind: 'retry-later', message: 'x' }), now: () => clock.t, remainingMs: () => budgetMs - (clock.t - start), reserveMs: 5 };
    };
    const job = newScanJob({ jobId: 'j', spaceId: '1', spaceKey: 'DIG', requestedBy: 'test', now: clock.t });
    const first = await runSlice(d(12), job);
    const done = await runSlice(d(60_000), first.job);
    expect(done.kind).toBe('done');
    expect(done.job.findings).toBe(2);
    expect(done.job.counts).toMatchObject({ open: 2, broadGroup: 0, restricted: 0 });
  });
});
