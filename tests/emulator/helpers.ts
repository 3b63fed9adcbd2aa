/**
 * Shared helpers for the emulator tests: start an emulator on the demo site (or any site) and call it as a principal.
 */
import { APP_BEARER, bearerForUser, loadSite, startEmulator, type Emulator, type Site } from '../../tools/emulator';
import { DEMO_SITE_PATH } from '../../tools/emulator/demo-site';

let demo: Site | null = null;

/** The committed demo site (loaded once per test file). */
export function demoSite(): Site {
  demo ??= loadSite(DEMO_SITE_PATH);
  return demo;
}

/** Who calls: `'anonymous'`, `'app'`, an accountId, or a raw Authorization header value (`{ header }`). */
export type Caller = string | { header: string };

/** An answer: status, headers and parsed JSON body (null when empty). */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

function authHeader(as: Caller): string | undefined {
  if (typeof as === 'object') return as.header;
  if (as === 'anonymous') return undefined;
  if (as === 'app') return APP_BEARER;
  return bearerForUser(as);
}

/** Calls the emulator. `path` starts with `/wiki/...`, `/graphql` or `/__emulator/...`. */
export async function call<T = any>(emu: Emulator, path: string, opts: { as?: Caller; method?: string; body?: unknown } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth = authHeader(opts.as ?? 'anonymous');
  if (auth) headers.Authorization = auth;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${emu.url}${path}`, {
    method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** `/wiki/rest/api/content/search?...` for a CQL query and extra parameters. */
export function searchPath(cql: string, params: Record<string, string | number> = {}): string {
  const q = new URLSearchParams({ cql });
  for (const [k, v] of Object.entries(params)) q.set(k, String(v));
  return `/wiki/rest/api/content/search?${q.toString()}`;
}

/**
 * Follows v1 search pagination (`_links.context` + `_links.next`) to the end and returns every result id in order.
 * Bounded by `maxPages`.
 */
export async function searchAll(emu: Emulator, cql: string, as: Caller, params: Record<string, string | number> = {}, maxPages = 1000): Promise<string[]> {
  const ids: string[] = [];
  let path: string | null = searchPath(cql, params);
  for (let i = 0; path && i < maxPages; i++) {
    const r: Answer = await call(emu, path, { as });
    if (r.status !== 200) throw new Error(`search ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    for (const c of r.body.results) ids.push(c.id);
    path = r.body._links.next ? `${r.body._links.context}${r.body._links.next}` : null;
  }
  return ids;
}

/** Follows v2 pagination through the `Link` header (`rel="next"`) and returns every result. Bounded by `maxPages`. */
export async function v2All(emu: Emulator, path: string, as: Caller, maxPages = 1000): Promise<any[]> {
  const out: any[] = [];
  let next: string | null = path;
  for (let i = 0; next && i < maxPages; i++) {
    const r: Answer = await call(emu, next, { as });
    if (r.status !== 200) throw new Error(`${next} → ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.results);
    const link = r.headers.get('link') ?? '';
    const m = /<([^>]+)>;\s*rel="next"/.exec(link);
    next = m ? m[1]! : null;
  }
  return out;
}

/** Starts an emulator (demo site by default); remember to `stop()` it. */
export function start(opts: { site?: Site; validateResponses?: boolean; latencyMs?: number } = {}): Promise<Emulator> {
  return startEmulator({ site: opts.site ?? demoSite(), validateResponses: opts.validateResponses, latencyMs: opts.latencyMs });
}
