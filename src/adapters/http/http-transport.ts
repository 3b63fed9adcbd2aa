import { request, type Dispatcher } from 'undici';
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
 * Every response body must be read (the client does): undici holds the connection until it is.
 * Network failures reject with the system error (`code` such as `ECONNREFUSED` or `ENOTFOUND`); a timeout rejects
 * with a `TimeoutError`.
 */
export function httpTransport(options: HttpTransportOptions): ConfluenceTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(options.authorization ? { authorization: options.authorization } : {}),
  });
  const send = async (method: HttpMethod, url: string, body: string | undefined): Promise<HttpResponse> => {
    const res = await request(url, {
      method,
      headers: headers(body !== undefined),
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      headers: headerGetter(res.headers),
      text: () => res.body.text(),
      json: () => res.body.json(),
      arrayBuffer: () => res.body.arrayBuffer(),
    };
  };
  return {
    request(method: HttpMethod, path: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      return send(method, `${base}${path}`, body !== undefined ? JSON.stringify(body) : undefined);
    },
    graphql(query: string, variables: Record<string, unknown>): Promise<HttpResponse> {
      return send('POST', `${base}/gateway/api/graphql`, JSON.stringify({ query, variables }));
    },
  };
}

/** The `Authorization` value for Atlassian Cloud basic auth with an account email and API token. */
export function basicAuthorization(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
}
