import { createServer, type Server } from 'node:http';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { ConfluenceClient, discardBody } from '../../src/adapters/confluence/client';
import { confluencePath } from '../../src/adapters/confluence/path';
import { basicAuthorization, httpTransport } from '../../src/adapters/http/http-transport';
import { DEMO_SITE_PATH, DEMO_SPACES, loadSite, startEmulator, type Emulator } from '../../tools/emulator';

/** The command line's transport (undici `request`) over real loopback HTTP: to the emulator and to bare servers. */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ site: loadSite(DEMO_SITE_PATH), port: 0, validateResponses: true });
});
afterAll(async () => {
  await emulator.stop();
});

/** A loopback server for cases the emulator does not make: it answers with `handler`, and counts connections. */
async function bareServer(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server; connections: () => number }> {
  const server = createServer(handler);
  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, connections: () => connections };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('httpTransport', () => {
  it('sends the authorization and reads status, headers and body as the client expects', async () => {
    const transport = httpTransport({ baseUrl: `${emulator.url}/`, authorization: 'Bearer emu-app' });
    const res = await transport.request('GET', confluencePath`/wiki/api/v2/spaces/${DEMO_SPACES.DIG}`);
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('x-not-sent')).toBeNull();
    expect(await res.json()).toMatchObject({ id: DEMO_SPACES.DIG, key: 'DIG' });
    expect(emulator.requests.at(-1)).toMatchObject({ principal: expect.stringMatching(/^app:/), status: 200 });

    const bytes = await (await transport.request('GET', confluencePath`/wiki/api/v2/spaces/${DEMO_SPACES.DIG}`)).arrayBuffer!();
    expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toMatchObject({ key: 'DIG' });

    const missing = await transport.request('GET', confluencePath`/wiki/api/v2/spaces/${'999999'}`);
    expect(missing.ok).toBe(false);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('404');
  });

  it('sends a JSON body, and the client reads every answer to the end (undici holds a connection until then)', async () => {
    const seen: { method?: string; type?: string; body: string; auth?: string }[] = [];
    const bare = await bareServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, type: req.headers['content-type'], body, auth: req.headers.authorization });
        res.writeHead(403, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
        // A large error body (2 MB, more than undici buffers unread): only reading it frees the connection.
        res.end(JSON.stringify({ message: 'not allowed', detail: 'x'.repeat(2 ** 21) }));
      });
    });
    try {
      const transport = httpTransport({ baseUrl: bare.url, authorization: basicAuthorization('a@example.gov.uk', 't0ken') });
      const res = await transport.request('POST', confluencePath`/wiki/rest/api/content/${'42'}/restriction`, [{ operation: 'read' }]);
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
      await discardBody(res);
      expect(seen).toEqual([{ method: 'POST', type: 'application/json', body: '[{"operation":"read"}]', auth: `Basic ${Buffer.from('a@example.gov.uk:t0ken').toString('base64')}` }]);
      // Refusals in a row, REST and GraphQL, each body read by the client: the same connections serve them all
      // (undici may alternate between two; an unread body would hold its connection and force a new one each time).
      const client = new ConfluenceClient(transport);
      for (let i = 0; i < 20; i++) {
        await expect(client.addReadRestriction('42', { accountIds: [], groupIds: [] })).rejects.toMatchObject({ status: 403 });
        await expect(client.jobTitle('5f1b00000000000000000001')).resolves.toEqual({ status: 'unknown', reason: 'HTTP 403' });
      }
      expect(seen).toHaveLength(41);
      expect(bare.connections()).toBeLessThanOrEqual(2);
    } finally {
      await close(bare.server);
    }
  });

  it('offers gzip, deflate and br as fetch did, and decodes what comes back', async () => {
    const page = { results: [{ id: '1', title: 'Café ’quotes’' }], size: 1 };
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateRawSync, identity: (b) => b };
    const offered: (string | undefined)[] = [];
    const bare = await bareServer((req, res) => {
      offered.push(req.headers['accept-encoding']);
      const coding = req.url!.split('/').pop()!;
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
      res.end(encoders[coding]!(Buffer.from(JSON.stringify(page), 'utf8')));
    });
    try {
      const transport = httpTransport({ baseUrl: bare.url });
      for (const coding of Object.keys(encoders)) {
        const path = confluencePath`/wiki/rest/api/${coding}`;
        expect(await (await transport.request('GET', path)).json()).toEqual(page);
        expect(JSON.parse(await (await transport.request('GET', path)).text())).toEqual(page);
        expect(JSON.parse(Buffer.from(await (await transport.request('GET', path)).arrayBuffer!()).toString('utf8'))).toEqual(page);
      }
      expect(new Set(offered)).toEqual(new Set(['gzip, deflate, br']));
    } finally {
      await close(bare.server);
    }
  });

  it('refuses a body, or a decompressed body, larger than maxResponseBytes', async () => {
    const big = Buffer.alloc(2 ** 21, 'x');
    const bare = await bareServer((req, res) => {
      const zipped = req.url!.endsWith('/zipped');
      res.writeHead(200, { 'content-type': 'application/json', ...(zipped ? { 'content-encoding': 'gzip' } : {}) });
      res.end(zipped ? gzipSync(big) : big); // 2 MB, or a 2 KB gzip that inflates to 2 MB
    });
    try {
      const transport = httpTransport({ baseUrl: bare.url, maxResponseBytes: 2 ** 20 });
      const plain = await transport
        .request('GET', confluencePath`/wiki/rest/api/plain`)
        .then((r) => r.text())
        .catch((e: unknown) => e);
      expect(plain).toMatchObject({ code: 'UND_ERR_RES_EXCEEDED_MAX_SIZE' });
      const zipped = await (await transport.request('GET', confluencePath`/wiki/rest/api/zipped`)).text().catch((e: unknown) => e);
      expect(zipped).toMatchObject({ name: 'RangeError', code: 'ERR_BUFFER_TOO_LARGE' });
    } finally {
      await close(bare.server);
    }
  });

  it('gives up on a server that never answers after timeoutMs, with a TimeoutError', async () => {
    const bare = await bareServer(() => undefined);
    try {
      const transport = httpTransport({ baseUrl: bare.url, timeoutMs: 200 });
      const error = await transport.request('GET', confluencePath`/wiki/api/v2/spaces`).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TimeoutError' });
    } finally {
      await close(bare.server);
    }
  });

  it('rejects with the system error when nothing listens', async () => {
    const bare = await bareServer(() => undefined);
    const { url } = bare;
    await close(bare.server);
    const error = await httpTransport({ baseUrl: url }).request('GET', confluencePath`/wiki/api/v2/spaces`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
