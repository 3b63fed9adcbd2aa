import { ConfluenceClient, halveLimit, type Clock, type ConfluenceTransport } from '../../src/adapters/confluence/client';
import { searchContentSource } from '../../src/adapters/confluence/content-source';
import { ConfluenceError, kindForStatus, parseRetryAfter } from '../../src/adapters/confluence/errors';
import { confluencePath, nextFromLinkHeader, nextLinkPath, withQuery } from '../../src/adapters/confluence/path';
import { RetryBudget, backoffDelay, DEFAULT_RETRY_POLICY } from '../../src/adapters/confluence/retry';

/** A clock that records sleeps instead of waiting. */
function fakeClock(random = 0.5): Clock & { sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
}

/** A transport answering from a script of real WHATWG Responses, recording the paths asked for. */
function scripted(responses: (() => Response)[]): ConfluenceTransport & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async request(_method, path) {
      paths.push(path);
      const next = responses.shift();
      if (!next) throw new Error('script exhausted');
      return next();
    },
  };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const space = { id: '42', key: 'DIG', name: 'Digital' };

describe('ConfluenceClient retries', () => {
  it('waits exactly Retry-After on 429, then succeeds', async () => {
    const clock = fakeClock();
    const transport = scripted([json(429, { message: 'slow down' }, { 'retry-after': '3' }), json(200, space)]);
    const client = new ConfluenceClient(transport, { clock });
    await expect(client.space('42')).resolves.toMatchObject({ key: 'DIG' });
    expect(clock.sleeps).toEqual([3000]);
    expect(client.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1, serverErrors: 0 });
  });

  it('backs off exponentially with jitter on 5xx and gives up after maxAttempts with kind upstream', async () => {
    const clock = fakeClock(0.999);
    const transport = scripted(Array.from({ length: 5 }, () => json(503, { message: 'down' })));
    const client = new ConfluenceClient(transport, { clock, policy: { maxAttempts: 5 } });
    const error = await client.space('42').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfluenceError);
    expect((error as ConfluenceError).kind).toBe('upstream');
    expect((error as ConfluenceError).status).toBe(503);
    // ceilings 500, 1000, 2000, 4000 (x 0.999, floored)
    expect(clock.sleeps).toEqual([499, 999, 1998, 3996]);
  });

  it('does not retry a 404 and maps it to not-found', async () => {
    const clock = fakeClock();
    const client = new ConfluenceClient(scripted([json(404, { message: 'nope' })]), { clock });
    await expect(client.space('42')).rejects.toMatchObject({ kind: 'not-found', status: 404 });
    expect(clock.sleeps).toEqual([]);
  });

  it('stops when the shared budget is spent', async () => {
    const clock = fakeClock();
    const budget = new RetryBudget(1);
    const transport = scripted([json(500, {}), json(500, {}), json(500, {})]);
    const client = new ConfluenceClient(transport, { clock, budget });
    await expect(client.space('42')).rejects.toMatchObject({ kind: 'upstream' });
    expect(transport.paths).toHaveLength(2);
    expect(budget.spent).toBe(1);
  });

  it('fails fast, carrying Retry-After, when the wait would overrun the invocation', async () => {
    const clock = fakeClock();
    const client = new ConfluenceClient(scripted([json(429, {}, { 'retry-after': '10' })]), { clock, remainingMs: () => 5_000 });
    await expect(client.space('42')).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 10_000 });
    expect(clock.sleeps).toEqual([]);
  });

  it('retries network failures', async () => {
    const clock = fakeClock();
    let calls = 0;
    const transport: ConfluenceTransport = {
      async request() {
        calls += 1;
        if (calls === 1) throw new TypeError('fetch failed');
        return json(200, space)();
      },
    };
    await expect(new ConfluenceClient(transport, { clock }).space('42')).resolves.toMatchObject({ id: '42' });
    expect(calls).toBe(2);
  });

  it('halves the search page size after a 5xx and keeps following the server\'s next link', async () => {
    const clock = fakeClock();
    const page = (next?: string) => json(200, { results: [{ id: '1', type: 'page', status: 'current', title: 'A' }], limit: 50, size: 1, _links: next ? { next } : {} });
    const transport = scripted([json(500, {}), page('/rest/api/content/search?cql=x&limit=50&cursor=abc')]);
    const client = new ConfluenceClient(transport, { clock });
    const result = await client.searchContent('space = "DIG"', null, 100);
    expect(transport.paths[0]).toContain('limit=100');
    expect(transport.paths[1]).toContain('limit=50');
    expect(result.next).toBe('/wiki/rest/api/content/search?cql=x&limit=50&cursor=abc');
  });

  it('reports an unexpected response shape as upstream, naming the field', async () => {
    const client = new ConfluenceClient(scripted([json(200, { id: 42 })]), { clock: fakeClock() });
    await expect(client.space('42')).rejects.toMatchObject({ kind: 'upstream', message: expect.stringContaining('id') });
  });

  it('reads a job title, and says unknown (never empty) when GraphQL refuses or hides it', async () => {
    const graph = (body: unknown, status = 200): ConfluenceTransport => ({
      request: () => Promise.reject(new Error('unused')),
      graphql: async () => new Response(JSON.stringify(body), { status }),
    });
    const title = (t: unknown) => ({ data: { user: { accountId: 'a', extendedProfile: { jobTitle: t } } } });
    await expect(new ConfluenceClient(graph(title('Analyst'))).jobTitle('a')).resolves.toEqual({ status: 'known', jobTitle: 'Analyst' });
    await expect(new ConfluenceClient(graph(title(''))).jobTitle('a')).resolves.toEqual({ status: 'empty' });
    await expect(new ConfluenceClient(graph(title(null))).jobTitle('a')).resolves.toMatchObject({ status: 'unknown' });
    await expect(new ConfluenceClient(graph({ errors: [{ message: 'denied' }] })).jobTitle('a')).resolves.toMatchObject({ status: 'unknown' });
    await expect(new ConfluenceClient(graph({}, 403)).jobTitle('a')).resolves.toMatchObject({ status: 'unknown' });
    await expect(new ConfluenceClient({ request: () => Promise.reject(new Error('x')) }).jobTitle('a')).resolves.toMatchObject({ status: 'unknown' });
  });
});

describe('search read-ahead (searchContentSource)', () => {
  const item = (id: string, title = `Page ${id}`) => ({ id, type: 'page', status: 'current', title, ancestors: [] });
  const searchPage = (ids: string[], next?: string, extra: Record<string, unknown> = {}) =>
    json(200, { results: ids.map((id) => item(id)), limit: 2, size: ids.length, _links: { base: 'http://127.0.0.1', ...(next ? { next } : {}) }, ...extra });
  const next1 = '/rest/api/content/search?cql=x&limit=2&cursor=p2';
  const next2 = '/rest/api/content/search?cql=x&limit=2&cursor=p3';
  /** A transport that answers search pages by cursor, so the order of requests does not matter. */
  function byCursor(pages: Record<string, () => Response>): ConfluenceTransport & { paths: string[] } {
    const paths: string[] = [];
    return {
      paths,
      async request(_method, path) {
        paths.push(path);
        const cursor = /cursor=([^&]+)/.exec(path)?.[1] ?? 'first';
        const answer = pages[cursor];
        if (!answer) throw new Error(`no page ${cursor}`);
        return answer();
      },
    };
  }

  it('asks for the next page as soon as this one arrives, and uses that answer when the next page is wanted', async () => {
    const transport = byCursor({ first: searchPage(['1', '2'], next1), p2: searchPage(['3', '4'], next2), p3: searchPage(['5']) });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
    const first = await source.page(null, 2, { readAhead: true });
    expect(first.items.map((i) => i.id)).toEqual(['1', '2']);
    expect(transport.paths).toHaveLength(2); // page 2 is already on its way
    expect(transport.paths[1]).toBe(`/wiki${next1}`);
    const second = await source.page(first.next, 2, { readAhead: false });
    expect(second.items.map((i) => i.id)).toEqual(['3', '4']);
    expect(transport.paths).toHaveLength(2); // answered from the read-ahead, and no read-ahead asked for
    const third = await source.page(second.next, 2);
    expect(third).toMatchObject({ next: null });
    expect(third.items.map((i) => i.id)).toEqual(['5']);
    expect(transport.paths).toHaveLength(3);
    expect(source.readAhead).toEqual({ used: 1, wasted: 0 });
  });

  it('sends nothing ahead without readAhead, or after the last page', async () => {
    const transport = byCursor({ first: searchPage(['1']) });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
    await source.page(null, 2, { readAhead: true });
    expect(transport.paths).toHaveLength(1);
    const again = byCursor({ first: searchPage(['1', '2'], next1) });
    await searchContentSource(new ConfluenceClient(again, { clock: fakeClock() }), 'DIG').page(null, 2);
    expect(again.paths).toHaveLength(1);
  });

  it('trusts only the parsed next link: a read-ahead for another path is counted as wasted, never used', async () => {
    // A later top-level member also named "next" makes the tail's hint differ from _links.next.
    const transport = byCursor({
      first: searchPage(['1', '2'], next1, { zz: { next: next2 } }),
      p2: searchPage(['3']),
      p3: searchPage(['99']),
    });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
    const first = await source.page(null, 2, { readAhead: true });
    expect(first.next).toBe(`/wiki${next1}`);
    expect(transport.paths[1]).toBe(`/wiki${next2}`); // the (wrong) hint
    const second = await source.page(first.next, 2);
    expect(second.items.map((i) => i.id)).toEqual(['3']); // page 2, asked for afresh
    expect(source.readAhead).toEqual({ used: 0, wasted: 1 });
  });

  it('is not fooled by a title that spells a next link: JSON escapes its quotes', async () => {
    const evil = 'x","next":"/rest/api/content/search?cursor=evil';
    const transport = byCursor({ first: json(200, { results: [item('1', evil)], limit: 2, size: 1, _links: {} }) });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
    const page = await source.page(null, 2, { readAhead: true });
    expect(page.items[0]?.title).toBe(evil);
    expect(page.next).toBeNull();
    expect(transport.paths).toHaveLength(1);
  });

  it('looks titles up across every page of the answer, with the scan\'s statuses, and keeps their links', async () => {
    const transport = byCursor({
      first: json(200, { results: [item('7'), item('8')].map((r) => ({ ...r, _links: { webui: `/spaces/DIG/pages/${r.id}` } })), limit: 2, size: 2, _links: { next: next1 } }),
      p2: json(200, { results: [{ ...item('9'), status: 'archived', _links: { webui: '/spaces/DIG/pages/9' } }], limit: 2, size: 1, _links: {} }),
    });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG', { includeArchived: true });
    const found = await source.titles(['7', '8', '9', 'not-an-id']);
    expect([...found.entries()]).toEqual([
      ['7', { title: 'Page 7', webui: '/spaces/DIG/pages/7' }],
      ['8', { title: 'Page 8', webui: '/spaces/DIG/pages/8' }],
      ['9', { title: 'Page 9', webui: '/spaces/DIG/pages/9' }],
    ]);
    const cql = new URL(`http://127.0.0.1${transport.paths[0]!}`).searchParams.get('cql');
    expect(cql).toBe('space = "DIG" and id in (7,8,9) and status in (current, archived)');
    expect(transport.paths).toHaveLength(2);
  });

  it('lets the read-ahead request leave before decoding the page it has', async () => {
    // Like undici and fetch, this transport writes a request to the wire a turn of the event loop after being asked.
    const log: string[] = [];
    const pages: Record<string, () => Response> = { first: searchPage(['1', '2'], next1), p2: searchPage(['3']) };
    const transport: ConfluenceTransport = {
      async request(_method, path) {
        const cursor = /cursor=([^&]+)/.exec(path)?.[1] ?? 'first';
        await new Promise<void>((resolve) => setImmediate(resolve));
        log.push(`sent ${cursor}`);
        return pages[cursor]!();
      },
    };
    const parse = JSON.parse;
    const spy = jest.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (text.startsWith('{"results"')) log.push(`decoded ${parse(text).results.map((r: { id: string }) => r.id).join(',')}`);
      return parse(text, reviver) as unknown;
    });
    try {
      const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
      await source.page(null, 2, { readAhead: true });
    } finally {
      spy.mockRestore();
    }
    expect(log).toEqual(['sent first', 'sent p2', 'decoded 1,2']);
  });

  it('reports a failed read-ahead when that page is asked for, not before', async () => {
    const transport = byCursor({ first: searchPage(['1', '2'], next1), p2: json(404, { message: 'gone' }) });
    const source = searchContentSource(new ConfluenceClient(transport, { clock: fakeClock() }), 'DIG');
    const first = await source.page(null, 2, { readAhead: true });
    expect(first.items).toHaveLength(2);
    await expect(source.page(first.next, 2)).rejects.toMatchObject({ kind: 'not-found', status: 404 });
  });
});

describe('paths and errors', () => {
  it('percent-encodes every interpolated value', () => {
    expect(confluencePath`/wiki/api/v2/spaces/${'1/../2?x'}`).toBe('/wiki/api/v2/spaces/1%2F..%2F2%3Fx');
    expect(() => confluencePath`/rest/api/${'x'}`).toThrow('Not a Confluence REST path');
    expect(withQuery(confluencePath`/wiki/rest/api/content/search`, { cql: 'space = "A&B"', expand: ['a', 'b'], cursor: undefined })).toBe(
      '/wiki/rest/api/content/search?cql=space+%3D+%22A%26B%22&expand=a%2Cb',
    );
  });

  it('follows only next links on this site\'s REST API', () => {
    expect(nextLinkPath('/rest/api/content/search?cursor=1')).toBe('/wiki/rest/api/content/search?cursor=1');
    expect(nextLinkPath('https://x.atlassian.net/wiki/api/v2/spaces?cursor=2')).toBe('/wiki/api/v2/spaces?cursor=2');
    expect(() => nextLinkPath('/wiki/admin/delete-everything')).toThrow('Refusing');
    expect(nextFromLinkHeader('</wiki/api/v2/spaces?cursor=3>; rel="next"')).toBe('/wiki/api/v2/spaces?cursor=3');
    expect(nextFromLinkHeader(null)).toBeNull();
  });

  it('maps statuses to kinds, telling a missing scope from a missing permission', () => {
    expect(kindForStatus(401, '{"message":"Unauthorized; scope does not match"}')).toBe('missing-scope');
    expect(kindForStatus(403, '{"message":"not allowed"}')).toBe('not-permitted');
    expect(kindForStatus(429, '')).toBe('rate-limited');
    expect(kindForStatus(502, '')).toBe('upstream');
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('bounds backoff and halves limits to at least 1', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 10, 0.999)).toBeLessThan(DEFAULT_RETRY_POLICY.maxDelayMs);
    expect(halveLimit(confluencePath`/wiki/rest/api/content/search` + '?limit=1' as never)).toContain('limit=1');
  });
});
