import type { Emulator, FaultSettings } from '../../tools/emulator';
import { DEMO_PERSONAS as P, DEMO_SPACES as S } from '../../tools/emulator/demo-site';
import { call, searchPath, start, type GraphqlErrors, type V1Error, type V1Page, type V2Error } from './helpers';

let emu: Emulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => emu.reset());

const spaces = '/wiki/api/v2/spaces';

describe('faults', () => {
  it('adds fixed latency to every API request (start option and fault setting)', async () => {
    emu.faults.set({ latencyMs: 120 });
    let t = Date.now();
    expect((await call(emu, spaces, { as: P.tom })).status).toBe(200);
    const elapsed = Date.now() - t;
    expect(elapsed).toBeGreaterThanOrEqual(115);
    // Latency is the response time: the answer is built on arrival and leaves 120 ms after it, so the wall time covers
    // the latency and the server's work (which does not count the wait), whatever the machine's speed.
    expect(emu.requests[0]!.workMs).toBeLessThanOrEqual(elapsed);
    expect(emu.requests[0]!.workMs).toBeGreaterThan(0);
    expect(emu.requests[0]!.cpuMs).toBeGreaterThanOrEqual(0);
    const slow = await start({ latencyMs: 80 });
    try {
      t = Date.now();
      await call(slow, spaces, { as: P.tom });
      expect(Date.now() - t).toBeGreaterThanOrEqual(75);
    } finally {
      await slow.stop();
    }
  });

  it('answers 429 with Retry-After and a JSON body for the next N requests, then recovers', async () => {
    emu.faults.set({ rateLimit: { next: 2, retryAfterSeconds: 3 } });
    const a = await call<V2Error>(emu, spaces, { as: P.tom });
    const b = await call<V1Error>(emu, searchPath('type = page'), { as: P.tom });
    const c = await call(emu, spaces, { as: P.tom });
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get('retry-after')).toBe('3');
    expect(a.body.errors[0]).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(b.body).toMatchObject({ statusCode: 429 });
  });

  it('rate-limits every k-th request', async () => {
    emu.faults.set({ rateLimit: { everyNth: 3, retryAfterSeconds: 0 } });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(emu, spaces, { as: P.tom })).status);
    expect(statuses).toEqual([200, 200, 429, 200, 200, 429, 200]);
  });

  it('answers a burst of 5xx set over HTTP, and /__emulator/reset clears it', async () => {
    const set = await call<FaultSettings>(emu, '/__emulator/faults', { body: { serverErrors: { next: 3, status: 503 } } });
    expect(set.status).toBe(200);
    expect(set.body.serverErrors).toMatchObject({ next: 3, status: 503 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(emu, spaces, { as: P.tom })).status);
    expect(statuses).toEqual([503, 503, 503, 200]);
    await call(emu, '/__emulator/faults', { body: { serverErrors: { next: 5, status: 502 } } });
    expect((await call(emu, spaces, { as: P.tom })).status).toBe(502);
    expect((await call(emu, '/__emulator/reset', { method: 'POST' })).status).toBe(200);
    expect((await call(emu, spaces, { as: P.tom })).status).toBe(200);
  });

  it('rejects invalid fault settings with the field named', async () => {
    const r = await call<{ message: string }>(emu, '/__emulator/faults', { body: { serverErrors: { next: 1, status: 418 } } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^invalid fault settings: serverErrors\.status: /);
    expect(() => emu.faults.set({ rateLimit: { next: -1 } })).toThrow(/rateLimit\.next/);
  });

  it('makes the next cursor-bearing request fail as an expired cursor', async () => {
    emu.faults.set({ invalidCursor: { next: 1 } });
    const first = await call<V1Page>(emu, searchPath('space = DIG', { limit: 10 }), { as: P.tom });
    expect(first.status).toBe(200);
    const nextPath = `/wiki${first.body._links.next}`;
    const expired = await call<V1Error>(emu, nextPath, { as: P.tom });
    expect(expired.status).toBe(400);
    expect(expired.body.message).toContain('cursor');
    const retry = await call<V1Page>(emu, nextPath, { as: P.tom });
    expect(retry.status).toBe(200);
    expect(retry.body.results).toHaveLength(10);
  });

  it('refuses GraphQL with a permission error until cleared', async () => {
    const query = { query: 'query($id: ID!){ user(accountId: $id){ accountId } }', variables: { id: P.tom } };
    emu.faults.set({ graphqlRefused: true });
    const refused = await call<GraphqlErrors>(emu, '/graphql', { as: 'app', body: query });
    expect(refused.status).toBe(200);
    expect(refused.body.errors[0]).toMatchObject({ message: 'Forbidden', extensions: { statusCode: 403 } });
    const viaGateway = await call<GraphqlErrors>(emu, '/gateway/api/graphql', { as: 'app', body: query });
    expect(viaGateway.body.errors[0]!.extensions.statusCode).toBe(403);
    emu.faults.set({ graphqlRefused: null });
    const ok = await call(emu, '/graphql', { as: 'app', body: query });
    expect(ok.body).toEqual({ data: { user: { accountId: P.tom } } });
  });

  it('restricts faults to a path prefix', async () => {
    emu.faults.set({ pathPrefix: '/wiki/api/v2/', serverErrors: { everyNth: 1, status: 500 } });
    expect((await call(emu, spaces, { as: P.tom })).status).toBe(500);
    expect((await call(emu, searchPath('space = DIG'), { as: P.tom })).status).toBe(200);
    expect((await call(emu, `/wiki/api/v2/spaces/${S.DIG}`, { as: P.tom })).status).toBe(500);
  });

  it('is reproducible: the same seed gives the same probabilistic failures', async () => {
    const run = async (): Promise<number[]> => {
      emu.reset();
      emu.faults.set({ seed: 9, serverErrors: { probability: 0.5, status: 500 } });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await call(emu, spaces, { as: P.tom })).status);
      return out;
    };
    const a = await run();
    expect(a).toContain(500);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
  });
});
