import { newScanJob, runSlice, type ScanSource, type SliceDeps } from '../../src/domain/audit/scan-job';
import type { ContentRecord } from '../../src/domain/exposure/classify';
import { MemoryStore } from '../../src/domain/ports';

/** Ten single-item result pages; each read advances the fake clock by `pageMs`. Records the readAhead asked for. */
function source(clock: { t: number }, pageMs: number): ScanSource & { asked: { cursor: string | null; readAhead: boolean }[] } {
  const asked: { cursor: string | null; readAhead: boolean }[] = [];
  const record = (i: number): ContentRecord => ({
    id: String(i),
    type: 'page',
    title: `Page ${i}`,
    ancestors: [],
    read: null,
    editRestricted: false,
    authorAccountId: null,
    lastModified: null,
    webui: null,
  });
  return {
    asked,
    async page(cursor, _limit, options) {
      asked.push({ cursor, readAhead: options?.readAhead ?? false });
      clock.t += pageMs;
      const i = cursor === null ? 0 : Number(cursor);
      return { items: [record(i)], next: i + 1 < 10 ? String(i + 1) : null };
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
