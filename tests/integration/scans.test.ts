import * as backend from '../../src';
import { generateSite, parseSite, type SiteJson } from '../../tools/emulator';
import type { ExportPart, FindingsPage, RestrictResult, ReviewView, ScanStatusView, StartScanResult } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { oracle } from '../helpers/exposure-oracle';
import { startHarness, type Harness } from '../helpers/forge-harness';

/**
 * Background scans through the real @forge/resolver, @forge/api, @forge/kvs and @forge/events, against the
 * emulator: start, progress, slices, a killed consumer, paging, refusal of a second start, scheduled rescans,
 * export and bulk restriction. Every finding set is compared with the emulator's own brute-force answer.
 */

const ADMIN = '5f1b00000000000000000001'; // space admin of every generated space
const QUEUE = 'space-scans';
jest.setTimeout(120_000);

let h: Harness;
let json: SiteJson;
const spaces = () => json.spaces ?? [];

function site(): SiteJson {
  const generated = generateSite({ pages: 1500, spaces: 2, blogposts: 40, restrictedRatio: 0.15, seed: 7 });
  // Small result pages so a scan takes many requests and several slices.
  return { ...generated, site: { ...generated.site, pageCaps: { v1Search: 40, v2: 250 } } };
}

beforeAll(async () => {
  json = site();
  h = await startHarness({ site: parseSite(json, '<generated>') });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.store.clear();
  h.emulator.reset();
  h.runtime.events.clear();
  // Slices of ~0.3 s: the consumer stops reading when 20 s of its budget remain.
  h.runtime.events.register(QUEUE, backend.scanConsumerHandler, { moduleKey: 'space-scan-consumer', timeoutMs: 20_300 });
});
afterEach(() => {
  expect(h.emulator.contractViolations).toEqual([]);
});

const spaceOf = (i: number) => {
  const s = spaces()[i];
  if (!s) throw new Error('no space');
  return { id: String(s.id), key: s.key };
};
const call = <T>(functionKey: string, payload?: unknown, space = spaceOf(0), accountId = ADMIN) =>
  h.invoke<Result<T>>(backend.spaceSettingsHandler, {
    moduleKey: 'secure-use-space-settings',
    functionKey,
    accountId,
    payload,
    extension: { type: 'confluence:spaceSettings', space },
  });
const data = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.data;
};

async function allFindings(space = spaceOf(0)): Promise<FindingsPage['items']> {
  const items: FindingsPage['items'] = [];
  for (let offset = 0; offset < 100_000; offset += 500) {
    const page = data(await call<FindingsPage>('getFindings', { offset, limit: 500, sort: 'title' }, space));
    items.push(...page.items);
    if (offset + 500 >= page.total) break;
  }
  return items;
}

function expectMatchesOracle(items: FindingsPage['items'], spaceId: string): void {
  const truth = oracle(h.emulator.state, spaceId);
  const ids = items.map((i) => i.id);
  expect(new Set(ids).size).toBe(ids.length); // no duplicates
  expect(new Set(ids)).toEqual(new Set([...truth.open, ...truth.broad]));
  expect(new Set(items.filter((i) => i.exposure === 'open').map((i) => i.id))).toEqual(truth.open);
}

describe('background scans', () => {
  it('scans a space in several slices, reports progress, and finds exactly what every member can read', async () => {
    h.emulator.faults.set({ latencyMs: 15 });
    h.runtime.events.register(QUEUE, backend.scanConsumerHandler, { moduleKey: 'space-scan-consumer', timeoutMs: 20_150 });
    const started = data(await call<StartScanResult>('startScan', {}));
    expect(started.started).toBe(true);
    expect(started.scan?.status).toBe('queued');

    await h.runtime.events.runNext({ ignoreDelay: true });
    const midway = data(await call<ScanStatusView>('getScanStatus'));
    expect(midway.scan?.status).toBe('running');
    expect(midway.scan?.scanned).toBeGreaterThan(0);
    expect(midway.latest).toBeNull();

    // 20+ result pages at ≥ 15 ms each cannot fit in one 150 ms slice: the job must have re-queued itself.
    const deliveries = await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    expect(deliveries.every((d) => d.outcome === 'ok')).toBe(true);

    const done = data(await call<ScanStatusView>('getScanStatus'));
    expect(done.scan?.status).toBe('done');
    expect(h.runtime.events.deliveries.length).toBe(1 + deliveries.length);
    const truth = oracle(h.emulator.state, spaceOf(0).id);
    expect(done.latest).toMatchObject({ open: truth.open.size, broadGroup: truth.broad.size });
    expectMatchesOracle(await allFindings(), spaceOf(0).id);

    // One search request per result page, no per-page restriction calls.
    const searches = h.emulator.requests.count({ path: '/wiki/rest/api/content/search' });
    const visible = truth.open.size + truth.broad.size + truth.restricted.size;
    expect(searches).toBeLessThanOrEqual(Math.ceil(visible / 40) + 3);
    expect(h.emulator.requests.count({ path: /\/restriction/ })).toBe(0);
  });

  it('resumes after a killed consumer without losing or duplicating a finding', async () => {
    // Long slices: only the kills (after a number of platform calls, not a time) end them, so this is timing-free.
    h.runtime.events.register(QUEUE, backend.scanConsumerHandler, { moduleKey: 'space-scan-consumer', timeoutMs: 300_000 });
    data(await call<StartScanResult>('startScan', {}));
    const progress: number[] = [];
    for (const calls of [4, 9, 19, 26]) {
      const delivery = await h.runtime.events.runNext({ ignoreDelay: true, killAfterCalls: calls });
      expect(delivery?.outcome).toBe('killed');
      progress.push(data(await call<ScanStatusView>('getScanStatus')).scan?.scanned ?? 0);
    }
    expect(Math.max(...progress)).toBeGreaterThan(0); // a checkpoint survived a kill
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    expect(data(await call<ScanStatusView>('getScanStatus')).scan?.status).toBe('done');
    expectMatchesOracle(await allFindings(), spaceOf(0).id);
  });

  it('publishes a finished scan whose consumer was killed between marking it done and publishing it', async () => {
    h.runtime.events.register(QUEUE, backend.scanConsumerHandler, { moduleKey: 'space-scan-consumer', timeoutMs: 300_000 });
    const jobKey = `scan:${spaceOf(0).id}:job`;
    // Find the kill point by bisection: the fewest platform calls after which the job is done. The call after the
    // one that marked it done is the first of publishing, so killing there leaves it done but unpublished.
    const doneAfter = async (calls: number): Promise<{ status?: string; published?: boolean } | undefined> => {
      h.store.clear();
      h.runtime.events.clear();
      data(await call<StartScanResult>('startScan', {}));
      await h.runtime.events.runNext({ ignoreDelay: true, killAfterCalls: calls });
      return h.store.peek(jobKey) as { status?: string; published?: boolean } | undefined;
    };
    let low = 1; // not done after this many calls
    let high = 1000; // done after this many (checked below)
    expect((await doneAfter(high))?.status).toBe('done');
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if ((await doneAfter(mid))?.status === 'done') high = mid;
      else low = mid;
    }
    const killed = await doneAfter(high);
    expect(h.runtime.events.deliveries.at(-1)?.outcome).toBe('killed');
    const killedAt = killed?.status === 'done' && killed.published === false ? high : 0;
    expect(killedAt).toBeGreaterThan(0);
    // The review does not show it yet…
    expect(data(await call<ScanStatusView>('getScanStatus')).latest).toBeNull();
    // …until the redelivered event publishes it.
    const redelivered = await h.runtime.events.drain({ maxDeliveries: 10, ignoreDelays: true });
    expect(redelivered.map((d) => d.outcome)).toEqual(['ok']);
    const status = data(await call<ReviewView>('getReview'));
    expect(status.scan?.status).toBe('done');
    expect(status.latest?.jobId).toBe(status.scan?.jobId);
    expect(status.history.map((h) => h.jobId)).toEqual([status.scan?.jobId]);
    expect((h.store.peek(jobKey) as { published?: boolean }).published).toBe(true);
    expectMatchesOracle(await allFindings(), spaceOf(0).id);
    // The lock was released: a new scan starts.
    expect(data(await call<StartScanResult>('startScan', {})).started).toBe(true);
  });

  it('refuses to start a second scan of a space while one runs, even when both starts race', async () => {
    const [a, b] = await Promise.all([call<StartScanResult>('startScan', {}), call<StartScanResult>('startScan', {})]);
    expect([data(a).started, data(b).started].sort()).toEqual([false, true]);
    expect(h.runtime.events.pending().length).toBe(1);
    const again = data(await call<StartScanResult>('startScan', {}));
    expect(again).toMatchObject({ started: false, scan: { status: 'queued' } });
  });

  it('pages, sorts and filters findings on the server', async () => {
    data(await call<StartScanResult>('startScan', {}));
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    const all = await allFindings();
    const first = data(await call<FindingsPage>('getFindings', { sort: 'title', direction: 'asc', offset: 0, limit: 10 }));
    expect(first.total).toBe(all.length);
    // Authors come with their names, as the admin sees them.
    for (const item of first.items) {
      if (item.authorAccountId) expect(item.authorName).toBe((json.users ?? []).find((u) => u.accountId === item.authorAccountId)?.displayName);
    }
    expect(first.items).toHaveLength(10);
    const titles = first.items.map((i) => i.title.toLowerCase());
    expect(titles).toEqual([...titles].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const second = data(await call<FindingsPage>('getFindings', { sort: 'title', direction: 'asc', offset: 10, limit: 10 }));
    expect(second.items.map((i) => i.id).filter((id) => first.items.some((f) => f.id === id))).toEqual([]);
    const word = all[0]!.title.split(' ')[0]!;
    const filtered = data(await call<FindingsPage>('getFindings', { filter: word.toUpperCase(), limit: 500 }));
    expect(filtered.total).toBe(all.filter((i) => `${i.title} ${i.ancestors.map((a) => a.title).join(' ')}`.toLowerCase().includes(word.toLowerCase())).length);
    const blogs = data(await call<FindingsPage>('getFindings', { type: 'blogpost', limit: 500 }));
    expect(blogs.items.every((i) => i.type === 'blogpost')).toBe(true);
    expect(await call('getFindings', { limit: 5000 })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('keeps a trend of completed scans and the last result while a new scan runs', async () => {
    data(await call<StartScanResult>('startScan', {}));
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    data(await call<StartScanResult>('startScan', {}));
    const during = data(await call<ReviewView>('getReview'));
    expect(during.scan?.status).toBe('queued');
    expect(during.latest).not.toBeNull();
    expect(data(await call<FindingsPage>('getFindings', { limit: 1 })).total).toBeGreaterThan(0);
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    const after = data(await call<ReviewView>('getReview'));
    expect(after.history).toHaveLength(2);
    expect(after.history[0]!.jobId).toBe(after.scan?.jobId);
  });

  it('exports CSV with formula cells neutralised, and JSON in parts that join back', async () => {
    const target = [...h.emulator.state.content.values()].find((n) => n.space.id === spaceOf(0).id && n.parent === null && n.type === 'page');
    if (!target) throw new Error('no top-level page');
    target.title = '=HYPERLINK("https://example.invalid","x")';
    h.emulator.state.touch();
    data(await call<StartScanResult>('startScan', {}));
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    const csv = data(await call<ExportPart>('exportFindings', { format: 'csv' }));
    expect(csv).toMatchObject({ part: 0, parts: 1, mimeType: 'text/csv' });
    expect(csv.content.split('\r\n')[0]).toBe('id,type,title,why open,location,url,last modified,author,author account id,edit restricted by,restricted since review');
    expect(csv.content).toContain(`"'=HYPERLINK(""https://example.invalid"",""x"")"`);
    expect(csv.content).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const first = data(await call<ExportPart>('exportFindings', { format: 'json' }));
    let text = first.content;
    for (let part = 1; part < first.parts; part++) text += data(await call<ExportPart>('exportFindings', { format: 'json', part })).content;
    const parsed = JSON.parse(text) as { findings: unknown[] };
    expect(parsed.findings).toHaveLength((await allFindings()).length);
    expect(await call('exportFindings', { format: 'csv', part: 7 })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('restricts chosen findings as the admin, and refuses ids that are not in this review', async () => {
    data(await call<StartScanResult>('startScan', {}));
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    const [one] = (await allFindings()).filter((i) => i.type === 'page');
    if (!one) throw new Error('no finding');
    const other = [...h.emulator.state.content.values()].find((n) => n.space.id === spaceOf(1).id);
    const result = data(await call<RestrictResult>('restrictContent', { contentIds: [one.id, other!.id], groups: [] }));
    expect(result.restricted).toEqual([one.id]);
    expect(result.failed).toEqual([{ id: other!.id, reason: 'This page is not in the review of this space.' }]);
    expect(h.emulator.state.content.get(one.id)?.read.users).toEqual([ADMIN]);
    expect(h.emulator.state.content.get(other!.id)?.read).toEqual(other!.read);
    expect(data(await call<FindingsPage>('getFindings', { limit: 1 })).restrictedSince).toEqual([one.id]);
    expect(await call('restrictContent', { contentIds: [one.id], groups: ['no-such-group'] })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(await call('restrictContent', { contentIds: ['x'], groups: [] })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('refuses every scan function to someone who does not administer the space', async () => {
    const member = (json.users ?? []).find((u) => u.accountId !== ADMIN)!.accountId;
    for (const fn of ['getReview', 'startScan', 'getScanStatus', 'getFindings', 'exportFindings', 'restrictContent']) {
      const payload = fn === 'exportFindings' ? { format: 'csv' } : fn === 'restrictContent' ? { contentIds: ['1'], groups: [] } : {};
      expect(await call(fn, payload, spaceOf(0), member)).toMatchObject({ ok: false, error: { kind: 'not-permitted' } });
    }
    expect(h.runtime.events.pending()).toEqual([]);
  });

  it('finishes with the right answer through 429s, server errors and a lost cursor', async () => {
    h.emulator.faults.set({ pathPrefix: '/wiki/rest/api/content/search', rateLimit: { next: 2, retryAfterSeconds: 1 }, serverErrors: { next: 2, status: 503 } });
    data(await call<StartScanResult>('startScan', {}));
    await h.runtime.events.runNext({ ignoreDelay: true });
    h.emulator.faults.set({ invalidCursor: { next: 1 } });
    await h.runtime.events.drain({ maxDeliveries: 500, ignoreDelays: true });
    const status = data(await call<ScanStatusView>('getScanStatus'));
    expect(status.scan?.status).toBe('done');
    expectMatchesOracle(await allFindings(), spaceOf(0).id);
  });
});

describe('scheduled rescans', () => {
  const trigger = () => {
    const t = h.triggers.find((x) => x.key === 'daily-rescan');
    if (!t) throw new Error('no daily-rescan trigger in the manifest');
    return t;
  };

  it('queues one scan per space, none again while they run or once they are fresh', async () => {
    await trigger().fire();
    const queued = h.runtime.events.pending();
    expect(queued.map((e) => e.body['spaceId']).sort()).toEqual(spaces().map((s) => String(s.id)).sort());
    await trigger().fire(); // fires twice: nothing new
    expect(h.runtime.events.pending()).toHaveLength(queued.length);
    await h.runtime.events.drain({ maxDeliveries: 1000, ignoreDelays: true });
    await trigger().fire(); // just scanned: not due
    expect(h.runtime.events.pending()).toEqual([]);
    for (const s of spaces()) expectMatchesOracle(await allFindings({ id: String(s.id), key: s.key }), String(s.id));
  });
});
