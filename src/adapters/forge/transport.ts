import api, { assumeTrustedRoute } from '@forge/api';
import type { ConfluenceTransport, HttpMethod, HttpResponse } from '../confluence/client';
import type { ConfluencePath } from '../confluence/path';

/**
 * Confluence transports over `@forge/api`: as the invoking person (`asUser()`: Confluence applies their
 * permissions) or as the app (`asApp()`). Paths come from `confluencePath`, which percent-encodes every
 * interpolated value, so handing them to `assumeTrustedRoute` is safe.
 */
function transport(requester: () => ReturnType<typeof api.asUser> | ReturnType<typeof api.asApp>): ConfluenceTransport {
  return {
    request(method: HttpMethod, path: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return requester().requestConfluence(assumeTrustedRoute(path), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    graphql(query: string, variables: Record<string, unknown>): Promise<HttpResponse> {
      return requester().requestGraph(query, variables);
    },
  };
}

/** Requests made as the person who invoked the resolver. */
export const asUserTransport = (): ConfluenceTransport => transport(() => api.asUser());

/** Requests made as the app itself (no user context needed; sees what the app's permissions allow). */
export const asAppTransport = (): ConfluenceTransport => transport(() => api.asApp());
