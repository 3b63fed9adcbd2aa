import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import type { ConfluenceTransport, HttpMethod, HttpResponse } from '../confluence/client';
import type { ConfluencePath } from '../confluence/path';

/** Options for {@link httpTransport}. */
export interface HttpTransportOptions {
  /** Site root, e.g. `https://your-site.atlassian.net` or an emulator's `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  /** The `Authorization` header value, e.g. `Basic …` for an email and API token. Omit for anonymous. */
  authorization?: string;
  /** Per-request timeout in ms, body included (default 30 s); a timeout is a network failure, which the client retries. */
  timeoutMs?: number;
  /**
   * The largest body accepted, in bytes, as received and after decompression (default 64 MiB; a 250-item search page
   * is about 1.6 MB). A larger one fails the request (`UND_ERR_RES_EXCEEDED_MAX_SIZE`, or a `RangeError` when
   * decompressing) rather than filling the memory.
   */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 2 ** 20;

/**
 * Decodes a body by its `Content-Encoding` (RFC 9110 §8.4.1): gzip, deflate (zlib, or raw as some servers send) and br,
 * capped at `max` bytes of output. Bodies with no or an identity encoding are returned as they are.
 * @throws Error for an encoding this client did not offer, RangeError past `max`, zlib errors for corrupt data
 */
function decode(raw: Buffer, encoding: string | undefined, max: number): Buffer {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return raw;
  const options = { maxOutputLength: max };
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(raw, options);
  if (coding === 'br') return brotliDecompressSync(raw, options);
  if (coding === 'deflate') {
    try {
      return inflateSync(raw, options);
    } catch {
      return inflateRawSync(raw, options);
    }
  }
  throw new Error(`The response is encoded as "${coding}", which this client did not ask for`);
}

/** The first value of a response header, as `Headers.get` would give it (repeated values joined with `, `). */
function headerGetter(headers: Dispatcher.ResponseData['headers']): HttpResponse['headers'] {
  return {
    get(name: string): string | null {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * A Confluence transport over undici's `request` (the Node.js project's HTTP/1.1 client, with keep-alive
 * connection pooling), for the command line and benchmarks, outside Forge. It is leaner than `fetch` (which Node
 * builds on the same library): a search page of 1.5 MB is received in about half the time. Requests go only to
 * `baseUrl`; paths come from `confluencePath`, which encodes every interpolated value.
 *
 * It offers gzip, deflate and br, as `fetch` does, and decodes what comes back; bodies are capped (`maxResponseBytes`).
 * Every response body must be read (the client does): undici holds the connection until it is.
 * Network failures reject with the system error (`code` such as `ECONNREFUSED` or `ENOTFOUND`); a timeout rejects
 * with a `TimeoutError`.
 */
export function httpTransport(options: HttpTransportOptions): ConfluenceTransport & { close(): Promise<void> } {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    // What fetch offered too: Confluence pages of JSON compress about 30-fold, which matters on a real network.
    'accept-encoding': 'gzip, deflate, br',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.authorization ? { authorization: options.authorization } : {}),
  });
  const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const dispatcher = new Agent({ maxResponseSize: max });
  const send = async (method: HttpMethod, url: string, body: string | undefined): Promise<HttpResponse> => {
    const res = await request(url, {
      dispatcher,
      method,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const answer = headerGetter(res.headers);
    const bytes = async (): Promise<Buffer> => decode(Buffer.from(await res.body.arrayBuffer()), answer.get('content-encoding') ?? undefined, max);
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      headers: answer,
      text: async () => (await bytes()).toString('utf8'),
      json: async () => JSON.parse((await bytes()).toString('utf8')) as unknown,
      arrayBuffer: async () => {
        const b = await bytes();
        // An undecoded body is a view of the whole received buffer: hand that over without copying 1.5 MB.
        return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
      },
    };
  };
  return {
    request(method: HttpMethod, path: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      return send(method, `${base}${path}`, body !== undefined ? JSON.stringify(body) : undefined);
    },
    graphql(query: string, variables: Record<string, unknown>): Promise<HttpResponse> {
      return send('POST', `${base}/gateway/api/graphql`, JSON.stringify({ query, variables }));
    },
    /** Closes the connections, aborting requests still in flight (a read-ahead the run no longer needs). */
    close: () => dispatcher.destroy(),
  };
}

/** The `Authorization` value for Atlassian Cloud basic auth with an account email and API token. */
export function basicAuthorization(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
}
