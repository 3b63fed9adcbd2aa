import type { ConfluenceTransport, HttpResponse } from '../src/adapters/confluence/client';
import type { ConfluencePath } from '../src/adapters/confluence/path';

/**
 * A what-if for the scan benchmark (`--what-if-prefetch`), not product code: a transport that, as soon as a v1
 * search response's bytes have arrived, reads its `_links.next` from the tail of the body (without decoding the
 * rest) and sends the request for the next page at once. When the client then asks for that page, it gets the
 * response already in flight. Decoding, parsing, validating and classifying page k thus overlap with the network
 * wait for page k + 1 — the change proposed for `searchContentSource` / `runSlice`, measured without touching src/.
 */

interface BodyResponse extends HttpResponse {
  arrayBuffer(): Promise<ArrayBuffer>;
}

const SEARCH = '/wiki/rest/api/content/search';
const NEXT = /"next":"((?:[^"\\]|\\.)*)"/g;

/** The site-relative path of `_links.next` in the last bytes of a v1 search body, as the client would build it. */
function nextPathFromTail(tail: string): ConfluencePath | null {
  let last: string | null = null;
  for (const m of tail.matchAll(NEXT)) last = m[1] ?? null;
  if (last === null) return null;
  const link = JSON.parse(`"${last}"`) as string;
  return (link.startsWith('/rest/') || link.startsWith('/api/') ? `/wiki${link}` : link) as ConfluencePath;
}

export function prefetchingTransport(inner: ConfluenceTransport): ConfluenceTransport & { prefetched: number; wasted: number } {
  let inFlight: { path: ConfluencePath; response: Promise<HttpResponse> } | null = null;
  const self = {
    prefetched: 0,
    wasted: 0,
    async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      let response: Promise<HttpResponse>;
      if (method === 'GET' && inFlight?.path === path) {
        response = inFlight.response;
        self.prefetched += 1;
      } else {
        if (inFlight) self.wasted += 1;
        response = inner.request(method, path, body);
      }
      inFlight = null;
      const res = await response;
      if (method !== 'GET' || !res.ok || !path.startsWith(SEARCH) || !('arrayBuffer' in res)) return res;
      const bytes = Buffer.from(await (res as BodyResponse).arrayBuffer());
      const next = nextPathFromTail(bytes.subarray(Math.max(0, bytes.length - 4096)).toString('utf8'));
      if (next !== null) {
        const ahead = inner.request('GET', next);
        ahead.catch(() => undefined); // a failure surfaces when the client asks for that page
        inFlight = { path: next, response: ahead };
      }
      let text: string | null = null;
      const decoded = (): string => (text ??= bytes.toString('utf8'));
      return {
        ok: res.ok,
        status: res.status,
        headers: res.headers,
        text: async () => decoded(),
        json: async () => JSON.parse(decoded()) as unknown,
      };
    },
  };
  return self;
}
