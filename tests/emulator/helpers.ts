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

/**
 * An answer: status, headers and parsed JSON body (null when empty). The body is not checked at run time: `T` is the
 * shape the test expects to read (`unknown` when it reads none).
 */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** `_links` of a REST v1 paged answer; `next`/`prev` are absent on the last/first page. */
export interface V1Links {
  base: string;
  context: string;
  next?: string;
  prev?: string;
}

/** A REST v1 content item as the tests read it (`space` only with `expand=space`). */
export interface V1Content {
  id: string;
  space?: { key: string };
}

/** A REST v1 paged answer (`/content/search`, `/user/memberof`, restrictions, ...). */
export interface V1Page<R = V1Content> {
  results: R[];
  start: number;
  limit: number;
  size: number;
  _links: V1Links;
}

/** The REST v1 error body: `{statusCode, data:{..., errors}, message, reason}`. */
export interface V1Error {
  statusCode: number;
  data: { authorized: boolean; valid: boolean; errors: { message: { key: string; translation: string } }[] };
  message: string;
  reason: string;
}

/** A REST v2 paged answer; `_links.next` is absent on the last page. */
export interface V2Page<R = { id: string }> {
  results: R[];
  _links: { next?: string; base?: string };
}

/** The REST v2 error body: `{errors:[{status, code, title, detail}]}`. */
export interface V2Error {
  errors: { status: number; code: string; title: string; detail: string | null }[];
}

/** A GraphQL answer with errors (`data` may be absent or partial). */
export interface GraphqlErrors {
  errors: { message: string; extensions: { statusCode: number } }[];
}

function authHeader(as: Caller): string | undefined {
  if (typeof as === 'object') return as.header;
  if (as === 'anonymous') return undefined;
  if (as === 'app') return APP_BEARER;
  return bearerForUser(as);
}

/** Calls the emulator. `path` starts with `/wiki/...`, `/graphql` or `/__emulator/...`. */
export async function call<T = unknown>(emu: Emulator, path: string, opts: { as?: Caller; method?: string; body?: unknown } = {}): Promise<Answer<T>> {
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
    const r: Answer<V1Page> = await call<V1Page>(emu, path, { as });
    if (r.status !== 200) throw new Error(`search ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    for (const c of r.body.results) ids.push(c.id);
    path = r.body._links.next ? `${r.body._links.context}${r.body._links.next}` : null;
  }
  return ids;
}

/**
 * Follows v2 pagination through the `Link` header (`rel="next"`) and returns every result, read as `R`.
 * Bounded by `maxPages`.
 */
export async function v2All<R = { id: string }>(emu: Emulator, path: string, as: Caller, maxPages = 1000): Promise<R[]> {
  const out: R[] = [];
  let next: string | null = path;
  for (let i = 0; next && i < maxPages; i++) {
    const r: Answer<V2Page<R>> = await call<V2Page<R>>(emu, next, { as });
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
