/**
 * Confluence REST paths built safely: every interpolated value is percent-encoded, so an id or key from anywhere
 * can never change the path's shape (the same guarantee as `route` from @forge/api, without depending on Forge,
 * so the CLI can reuse the client).
 */

/** A path relative to the site root, e.g. `/wiki/rest/api/content/123/restriction`. Branded so raw strings are refused. */
export type ConfluencePath = string & { readonly __confluencePath: unique symbol };

/**
 * Tagged template: `confluencePath\`/wiki/api/v2/spaces/${id}/permissions\``.
 * @throws Error if the literal part does not start with `/wiki/` or `/gateway/`.
 */
export function confluencePath(strings: TemplateStringsArray, ...values: (string | number)[]): ConfluencePath {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += encodeURIComponent(String(value)) + (strings[i + 1] ?? '');
  });
  if (!out.startsWith('/wiki/')) throw new Error(`Not a Confluence REST path: ${out}`);
  return out as ConfluencePath;
}

/**
 * Appends a query string built with URLSearchParams; `undefined` values are dropped, arrays become one
 * comma-separated value (Confluence's `expand=a,b` style).
 */
export function withQuery(path: ConfluencePath, query: Record<string, string | number | boolean | readonly string[] | undefined>): ConfluencePath {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    params.append(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = params.toString();
  return (qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path) as ConfluencePath;
}

/**
 * The path with its `limit` query parameter set to `limit` (the path itself when it already has that limit). Used to
 * change the page size of a `next` link, which carries the size it was asked with.
 */
export function withLimit(path: ConfluencePath, limit: number): ConfluencePath {
  const [base = '', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  if (params.get('limit') === String(limit)) return path;
  params.set('limit', String(limit));
  return `${base}?${params.toString()}` as ConfluencePath;
}

/**
 * Accepts a `next` link returned by Confluence (`_links.next` or a `Link` header), relative to the site or to
 * `/wiki`, and returns it as a site-relative path.
 * @throws Error if the link points elsewhere than this site's REST API (never follow a link off-site).
 */
export function nextLinkPath(link: string): ConfluencePath {
  let path = link;
  if (/^https?:\/\//i.test(path)) {
    const url = new URL(path);
    path = url.pathname + url.search;
  }
  if (path.startsWith('/rest/') || path.startsWith('/api/')) path = `/wiki${path}`;
  if (!path.startsWith('/wiki/rest/api/') && !path.startsWith('/wiki/api/v2/')) {
    throw new Error(`Refusing to follow a pagination link outside the REST API: ${link}`);
  }
  return path as ConfluencePath;
}

/**
 * Reads the `rel="next"` target from an RFC 8288 `Link` header (v2 pagination), or null.
 */
export function nextFromLinkHeader(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match?.[1]) return match[1];
  }
  return null;
}
