import { compileCql, CqlError, parseCql, type Emulator } from '../../tools/emulator';
import { DEMO_PERSONAS as P } from '../../tools/emulator/demo-site';
import { call, searchAll, searchPath, start, type V1Error } from './helpers';

describe('CQL parser', () => {
  it('gives AND precedence over OR and honours parentheses and NOT', () => {
    const q = parseCql('space = A or type = page and id = 1');
    expect(q.where).toMatchObject({ kind: 'or', items: [{ kind: 'clause', field: 'space' }, { kind: 'and' }] });
    const p = parseCql('(space = A OR type = page) AND NOT id IN (1, 2)');
    expect(p.where).toMatchObject({ kind: 'and', items: [{ kind: 'or' }, { kind: 'not', item: { kind: 'clause', op: 'in' } }] });
    expect(parseCql('id not in (3)').where).toMatchObject({ kind: 'clause', op: 'not in' });
  });

  it('normalizes equivalent queries to the same canonical text', () => {
    const a = compileCql('space="DIG" and type in (page,blogpost) order by title desc');
    const b = compileCql("SPACE = 'DIG'   AND   type IN ( page , blogpost ) ORDER BY title DESC");
    expect(a.canonical).toBe(b.canonical);
    expect(a.canonical).toBe('(space = "DIG" AND type IN ("page", "blogpost")) ORDER BY title DESC');
    expect(a.spaceScope).toEqual(new Set(['dig']));
    expect(compileCql('space = A or space = B').spaceScope).toBeNull();
    expect(compileCql('space.key in ("A","B") and space = "B"').spaceScope).toEqual(new Set(['b']));
    expect(compileCql('type = page').mentionsStatus).toBe(false);
    expect(compileCql('status in (current, archived)').mentionsStatus).toBe(true);
  });

  it.each([
    ['nosuch = 1', "No field exists with the name 'nosuch' (position 0)"],
    ['space = ', 'expected a value but found end of query at position 8'],
    ['space = "DIG', 'unterminated string starting at position 8'],
    ['space > "DIG"', 'operator ">" is not supported for field \'space\' (position 6)'],
    ['lastmodified >= "2024-13-01"', '"2024-13-01" is not a valid date (position 16)'],
    ['type = page ORDER BY creator', 'cannot order by "creator" (supported: id, created, lastmodified, title)'],
    ['type = widget', '"widget" is not a content type'],
    ['id = abc', '"abc" is not a content id (field \'id\')'],
    ['space = A space = B', 'expected AND, OR, ORDER BY or the end of the query but found "space" at position 10'],
    ['creator = now()', "function now() is not supported for field 'creator' (position 10)"],
  ])('rejects %s', (cql, message) => {
    expect(() => compileCql(cql)).toThrow(CqlError);
    expect(() => compileCql(cql)).toThrow(message);
  });
});

describe('CQL over the demo site', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('filters by date, creator, contributor, title and type', async () => {
    const recent = await searchAll(emu, 'space = DIG and lastmodified >= "2025-01-01"', P.tom, { limit: 100 });
    expect(recent.length).toBeGreaterThan(0);
    for (const id of recent) expect(emu.state.getContent(id)!.lastModifiedMs).toBeGreaterThanOrEqual(Date.UTC(2025, 0, 1));
    const before = await searchAll(emu, 'space = DIG and lastmodified < "2025/01/01"', P.tom, { limit: 100 });
    const all = await searchAll(emu, 'space = DIG', P.tom, { limit: 100 });
    expect(recent.length + before.length).toBe(all.length);

    const mine = await searchAll(emu, 'creator = currentUser()', P.alex, { limit: 100 });
    expect(mine.length).toBeGreaterThan(3);
    for (const id of mine) expect(emu.state.getContent(id)!.authorId).toBe(P.alex);
    const contributed = await searchAll(emu, `contributor = "${P.alex}"`, P.tom, { limit: 100 });
    for (const id of contributed) expect(emu.state.getContent(id)!.contributors.has(P.alex)).toBe(true);

    expect(await searchAll(emu, 'title ~ "incident response" and space = DIG', P.tom)).toEqual(['120007']);
    expect(await searchAll(emu, 'title = "database FAILOVER"', P.tom)).toEqual(['120008']);
    const blogs = await searchAll(emu, 'type = blogpost and not space in (DIG, POL, HR, SUP, ARC)', P.tom);
    expect(blogs.every((id) => emu.state.getContent(id)!.space.key === 'PUB')).toBe(true);
    expect(blogs).toHaveLength(6);
  });

  it('answers 400 with a Confluence-style message for bad CQL or a missing cql', async () => {
    const r = await call<V1Error>(emu, searchPath('type = page and nosuch ~ x'), { as: P.tom });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, message: 'Could not parse cql : type = page and nosuch ~ x', reason: 'Bad Request' });
    expect(r.body.data.errors[0]!.message.translation).toContain("No field exists with the name 'nosuch'");
    expect((await call(emu, '/wiki/rest/api/content/search', { as: P.tom })).status).toBe(400);
    const ctx = await call(emu, searchPath('type = page', { cqlcontext: '{"contentStatuses":["trashed"]}' }), { as: P.tom });
    expect(ctx.status).toBe(400);
  });
});
