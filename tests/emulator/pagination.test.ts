import { generateSite, listingStats, parseSite, type Emulator, type SiteJson } from '../../tools/emulator';
import { call, searchAll, searchPath, start, v2All, type Answer, type V1Error, type V1Page, type V2Error, type V2Page } from './helpers';

const USER = '5f1b00000000000000000001';
const CQL = 'space = "GEN1" and type in (page, blogpost)';

function site1000(caps?: { v1Search?: number; v2?: number }): SiteJson {
  const json = generateSite({ pages: 1000, depth: 6, restrictedRatio: 0, seed: 7, users: 5, groups: 2 });
  if (caps) json.site.pageCaps = caps;
  return json;
}

let emu: Emulator;
let allIds: string[];
beforeAll(async () => {
  emu = await start({ site: parseSite(site1000(), 'site1000') });
  allIds = emu.state
    .contentOfSpace(emu.state.getSpaceByKey('GEN1')!)
    .map((n) => n.id)
    .sort((a, b) => Number(a) - Number(b));
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => emu.reset());

describe('v1 search pagination', () => {
  it('visits every page of a 1,000-page space exactly once through _links.next', async () => {
    expect(allIds).toHaveLength(1000);
    const seen = await searchAll(emu, CQL, USER, { limit: 100 });
    expect(seen).toEqual(allIds);
    expect(emu.requests.count({ path: '/wiki/rest/api/content/search' })).toBe(10);
    const first = await call<V1Page>(emu, searchPath(CQL, { limit: 100 }), { as: USER });
    expect(first.body).toMatchObject({ start: 0, limit: 100, size: 100 });
    expect(first.body._links.base).toBe('https://generated.atlassian.net/wiki');
    expect(first.body._links.context).toBe('/wiki');
    expect(first.body._links.next).toMatch(/^\/rest\/api\/content\/search\?next=true&cursor=[^&]+&limit=100&cql=/);
    const second = await call<V1Page>(emu, `/wiki${first.body._links.next}`, { as: USER });
    expect(second.body.start).toBe(100);
    expect(second.body.results[0]!.id).toBe(allIds[100]);
    const back = await call<V1Page>(emu, `/wiki${second.body._links.prev}`, { as: USER });
    expect(back.body.results.map((c) => c.id)).toEqual(allIds.slice(0, 100));
  });

  it('computes a query once per principal and serves later pages from cache until the site changes', async () => {
    const before = listingStats.computed;
    await searchAll(emu, CQL, USER, { limit: 100 });
    expect(listingStats.computed - before).toBe(1);
    await searchAll(emu, `${CQL.replace('=', ' = ')}`, USER, { limit: 50 }); // same query, other spacing and page size
    expect(listingStats.computed - before).toBe(1);
    await searchAll(emu, CQL, 'app', { limit: 100 });
    expect(listingStats.computed - before).toBe(2);
    const first = await call<V1Page>(emu, searchPath(CQL, { limit: 100 }), { as: USER });
    emu.state.setStatus(allIds[500]!, 'archived');
    await call(emu, `/wiki${first.body._links.next}`, { as: USER });
    expect(listingStats.computed - before).toBe(3);
  });

  it('keeps ORDER BY across pages', async () => {
    const titles = await searchAll(emu, `${CQL} ORDER BY title DESC`, USER, { limit: 70 });
    const expected = emu.state
      .contentOfSpace(emu.state.getSpaceByKey('GEN1')!)
      .slice()
      .sort((a, b) => (a.title.toLowerCase() < b.title.toLowerCase() ? 1 : a.title.toLowerCase() > b.title.toLowerCase() ? -1 : b.numId - a.numId))
      .map((n) => n.id);
    expect(titles).toEqual(expected);
  });

  it('caps the page size: min(requested, cap), default cap 100', async () => {
    const r = await call<V1Page>(emu, searchPath(CQL, { limit: 500 }), { as: USER });
    expect(r.body.limit).toBe(100);
    expect(r.body.size).toBe(100);
    const small = await start({ site: parseSite(site1000({ v1Search: 40, v2: 60 }), 'capped') });
    try {
      const c = await call<V1Page>(small, searchPath(CQL, { limit: 100 }), { as: USER });
      expect(c.body).toMatchObject({ limit: 40, size: 40 });
      expect(await searchAll(small, CQL, USER, { limit: 100 })).toHaveLength(1000);
      const v2 = await call<V2Page>(small, '/wiki/api/v2/spaces/2000001/pages?limit=250', { as: USER });
      expect(v2.body.results).toHaveLength(60);
    } finally {
      await small.stop();
    }
  });

  it('answers 400 for a malformed, tampered or foreign cursor', async () => {
    const first = await call<V1Page>(emu, searchPath(CQL, { limit: 10 }), { as: USER });
    const next = first.body._links.next!;
    const cursor = new URLSearchParams(next.split('?')[1]).get('cursor')!;
    const tampered = cursor.slice(0, 5) + (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(6);
    for (const bad of ['garbage', tampered]) {
      const r = await call<V1Error>(emu, searchPath(CQL, { limit: 10, cursor: bad }), { as: USER });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('cursor') });
    }
    const foreign = await call(emu, searchPath('type = page', { limit: 10, cursor }), { as: USER });
    expect(foreign.status).toBe(400);
    const v2 = await call<V2Error>(emu, '/wiki/api/v2/spaces/2000001/pages?cursor=nope', { as: USER });
    expect(v2.status).toBe(400);
    expect(v2.body.errors[0]).toMatchObject({ status: 400, code: 'INVALID_REQUEST_PARAMETER' });
  });

  it('neither duplicates nor skips content when items are deleted between pages', async () => {
    const first = await call<V1Page>(emu, searchPath(CQL, { limit: 100 }), { as: USER });
    const served: string[] = first.body.results.map((c) => c.id);
    // Trash one already-served item (shifts positions) and one not yet served; re-parent the latter's children.
    const alreadyServed = served[50]!;
    const notYetServed = allIds.find((id) => Number(id) > Number(served[99]) && emu.state.getContent(id)!.children.length > 0)!;
    emu.state.trashContent(alreadyServed);
    emu.state.trashContent(notYetServed);
    let path: string | null = `/wiki${first.body._links.next}`;
    for (let i = 0; path && i < 100; i++) {
      const r: Answer<V1Page> = await call<V1Page>(emu, path, { as: USER });
      served.push(...r.body.results.map((c) => c.id));
      path = r.body._links.next ? `/wiki${r.body._links.next}` : null;
    }
    expect(new Set(served).size).toBe(served.length);
    expect(served).toEqual(allIds.filter((id) => id !== notYetServed));
  });

  it('the deleteBetweenPages fault trashes a random unserved item after page N (seeded)', async () => {
    emu.faults.set({ seed: 42, deleteBetweenPages: { afterPage: 2 } });
    const seen = await searchAll(emu, CQL, USER, { limit: 100 });
    expect(emu.faults.deleted).toHaveLength(1);
    const deleted = emu.faults.deleted[0]!;
    expect(Number(deleted)).toBeGreaterThan(Number(allIds[199]));
    expect(seen).toEqual(allIds.filter((id) => id !== deleted));
    expect(emu.state.getContent(deleted)!.status).toBe('trashed');
    // Same seed, same victim.
    emu.reset();
    emu.faults.set({ seed: 42, deleteBetweenPages: { afterPage: 2 } });
    await searchAll(emu, CQL, USER, { limit: 100 });
    expect(emu.faults.deleted).toEqual([deleted]);
  });
});

describe('v2 pagination', () => {
  it('visits every page exactly once through the Link header, with _links.next equal to it', async () => {
    const pages = await v2All(emu, '/wiki/api/v2/spaces/2000001/pages?limit=250', USER);
    expect(pages.map((p) => p.id)).toEqual(allIds);
    const r = await call<V2Page>(emu, '/wiki/api/v2/spaces/2000001/pages?limit=250', { as: USER });
    const link = r.headers.get('link')!;
    expect(link).toMatch(
      /^<\/wiki\/api\/v2\/spaces\/2000001\/pages\?limit=250&cursor=[^>]+>; rel="next", <https:\/\/generated\.atlassian\.net\/wiki>; rel="base"$/,
    );
    expect(link).toContain(`<${r.body._links.next}>`);
    expect(r.body._links.base).toBe('https://generated.atlassian.net/wiki');
  });

  it('rejects a limit outside 1..250 as the spec does', async () => {
    expect((await call(emu, '/wiki/api/v2/spaces/2000001/pages?limit=251', { as: USER })).status).toBe(400);
    expect((await call(emu, '/wiki/api/v2/spaces/2000001/pages?limit=0', { as: USER })).status).toBe(400);
  });

  it('keeps the rest intact when the deleteBetweenPages fault fires on a v2 listing', async () => {
    emu.faults.set({ seed: 3, deleteBetweenPages: { afterPage: 1 } });
    const pages = await v2All(emu, '/wiki/api/v2/spaces/2000001/pages?limit=250&sort=-modified-date', USER);
    const ids = pages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(999);
    expect(ids).not.toContain(emu.faults.deleted[0]);
  });
});

describe('visibility-consistent pagination on a restricted site', () => {
  it('pages through exactly the content the model says the caller can view', async () => {
    const site = parseSite(generateSite({ pages: 1500, depth: 8, restrictedRatio: 0.2, seed: 11, users: 8, groups: 3 }), 'restricted');
    const r = await start({ site });
    try {
      const user = '5f1b00000000000000000003';
      const view = r.state.viewFor({ kind: 'user', user: r.state.getUser(user)! });
      const expected = r.state
        .allContent()
        .filter((n) => view.canView(n, new Set(['current'])))
        .map((n) => n.id);
      expect(expected.length).toBeGreaterThan(100);
      expect(expected.length).toBeLessThan(1500);
      expect(await searchAll(r, CQL, user, { limit: 100 })).toEqual(expected);
      expect((await v2All(r, '/wiki/api/v2/spaces/2000001/pages?limit=200', user)).map((p) => p.id)).toEqual(expected);
    } finally {
      await r.stop();
    }
  });
});
