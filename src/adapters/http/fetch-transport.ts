import type { ConfluenceTransport, HttpMethod, HttpResponse } from '../confluence/client';
import type { ConfluencePath } from '../confluence/path';

/** Options for {@link fetchTransport}. */
export interface FetchTransportOptions {
  /** Site root, e.g. `https://your-site.atlassian.net` or an emulator's `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  /** The `Authorization` header value, e.g. `Basic …` for an email and API token. Omit for anonymous. */
  authorization?: string;
  /** Per-request timeout in ms (default 30 s); a timeout is a network failure, which the client retries. */
  timeoutMs?: number;
}

/**
 * A Confluence transport over plain `fetch`, for the command line and benchmarks (outside Forge). Requests go
 * only to `baseUrl`; paths come from `confluencePath`, which encodes every interpolated value.
 */
export function fetchTransport(options: FetchTransportOptions): ConfluenceTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = (json: boolean): Record<string, string> => ({
    Accept: 'application/json',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
    ...(options.authorization ? { Authorization: options.authorization } : {}),
  });
  return {
    request(method: HttpMethod, path: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      return fetch(`${base}${path}`, {
        method,
        headers: headers(body !== undefined),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    },
    graphql(query: string, variables: Record<string, unknown>): Promise<HttpResponse> {
      return fetch(`${base}/gateway/api/graphql`, {
        method: 'POST',
        headers: headers(true),
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    },
  };
}

/** The `Authorization` value for Atlassian Cloud basic auth with an account email and API token. */
export function basicAuthorization(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
}
