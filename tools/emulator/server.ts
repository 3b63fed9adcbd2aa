/**
 * The emulator's HTTP server (`node:http`, bound to 127.0.0.1 only): authentication, faults, routing, optional
 * response validation against the OpenAPI specs, and the in-memory request log.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Faults, type FaultDecision } from './faults';
import { HttpError, v1ErrorBody, v2ErrorBody, type Method, type RequestContext, type RouteResult } from './http';
import { SiteState, type Principal } from './model';
import { validateResponse } from './openapi';
import { CursorCodec } from './paging';
import { matchRoute, type RouteApi, type RouteDef } from './routes';
import type { Site } from './site-schema';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** The validated site to serve (each emulator works on its own copy). */
  site: Site;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Validate every JSON response against the OpenAPI response schema of the same operation and status; a violation
   * is answered with 500 and recorded in {@link Emulator.contractViolations}.
   */
  validateResponses?: boolean;
  /**
   * Fixed latency in ms of every API request: the response's first byte leaves `latencyMs` after the request arrived
   * (its body read), the way a real server's response time includes its own work. The answer is built on arrival;
   * one whose work takes longer than the latency is sent as soon as it is ready.
   */
  latencyMs?: number;
}

/** One handled API request (control requests under `/__emulator/` are not logged). */
export interface RequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (repeated ones joined with `,`). */
  query: Record<string, string>;
  /** `anonymous`, `user:<accountId>`, `app:<accountId>`, or `invalid` (401). */
  principal: string;
  status: number;
  /** When the request arrived (ms since the epoch). */
  at: number;
  /**
   * Server work in ms of wall time (authentication to building the answer, plus handing it to the socket), excluding
   * the wait for the injected latency. Work shorter than the latency is hidden inside it; longer work delays the answer.
   */
  workMs: number;
  /**
   * CPU time in ms the process used over the same span (user + system, all threads, so GC helpers count). Unlike
   * `workMs` it barely grows when the machine is oversubscribed: use it to judge the emulator's own cost.
   */
  cpuMs: number;
  /** The spec operationId served, if a route matched. */
  operationId?: string;
}

/** Selects request records: every given field must match (`path` as exact string, prefix `…*`, or RegExp). */
export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  principal?: string;
  status?: number | ((status: number) => boolean);
  operationId?: string;
}

/** The request log: an array of records plus helpers. Bounded to the last 100,000 records. */
export type RequestLog = RequestRecord[] & {
  /** Empties the log. */
  clear(): void;
  /** Records matching the filter. */
  matching(filter?: RequestFilter): RequestRecord[];
  /** How many records match the filter. */
  count(filter?: RequestFilter): number;
};

/** A response that did not match the spec (recorded when `validateResponses` is on). */
export interface ContractViolation {
  method: string;
  path: string;
  api: 'v1' | 'v2';
  specPath: string;
  status: number;
  errors: string[];
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:53211` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The site it was started with. */
  readonly site: Site;
  /** The live mutable model (replaced by {@link Emulator.reset}). */
  readonly state: SiteState;
  readonly faults: Faults;
  readonly requests: RequestLog;
  readonly contractViolations: ContractViolation[];
  /** Resets faults, the request log, contract violations and the site state to the original site. */
  reset(): void;
  /** Stops the server and closes open connections. */
  stop(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const MAX_LOG = 100_000;

function matches(r: RequestRecord, f: RequestFilter): boolean {
  if (f.method && r.method !== f.method.toUpperCase()) return false;
  if (f.principal && r.principal !== f.principal) return false;
  if (f.operationId && r.operationId !== f.operationId) return false;
  if (f.status !== undefined && (typeof f.status === 'number' ? r.status !== f.status : !f.status(r.status))) return false;
  if (f.path !== undefined) {
    if (f.path instanceof RegExp) return f.path.test(r.path);
    if (f.path.endsWith('*')) return r.path.startsWith(f.path.slice(0, -1));
    return r.path === f.path;
  }
  return true;
}

function newRequestLog(): RequestLog {
  const log = [] as unknown as RequestLog;
  Object.defineProperties(log, {
    clear: { value: () => void (log.length = 0), enumerable: false },
    matching: { value: (f: RequestFilter = {}) => log.filter((r) => matches(r, f)), enumerable: false },
    count: { value: (f: RequestFilter = {}) => log.reduce((n, r) => n + (matches(r, f) ? 1 : 0), 0), enumerable: false },
  });
  return log;
}

/** `Authorization` header value naming a user for the emulator (what the Forge runtime shim sends for `asUser()`). */
export function bearerForUser(accountId: string): string {
  return `Bearer emu-user:${accountId}`;
}

/** `Authorization` header value for the app principal (Forge `asApp()`). */
export const APP_BEARER = 'Bearer emu-app';

/** `Authorization` header value for Basic auth with an email and API token. */
export function basicAuth(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}:${apiToken}`, 'utf8').toString('base64')}`;
}

type AuthResult = { ok: true; principal: Principal } | { ok: false; message: string };

/**
 * Resolves the caller: no header → anonymous; `Bearer emu-user:<accountId>` → that active user; `Bearer emu-app` →
 * the app; `Basic base64(email:apiToken)` → the active user with that email and token. Anything else → 401.
 */
export function authenticate(state: SiteState, header: string | undefined): AuthResult {
  if (header === undefined || header.trim() === '') return { ok: true, principal: { kind: 'anonymous' } };
  const m = /^\s*(\S+)\s+(.+?)\s*$/.exec(header);
  if (!m) return { ok: false, message: 'Malformed Authorization header' };
  const scheme = m[1]!.toLowerCase();
  const value = m[2]!;
  if (scheme === 'bearer') {
    if (value === 'emu-app') {
      const app = state.getUser(state.app.accountId);
      return app ? { ok: true, principal: { kind: 'app', user: app } } : { ok: false, message: 'No app account' };
    }
    if (value.startsWith('emu-user:')) {
      const u = state.getUser(value.slice('emu-user:'.length));
      if (!u || u.accountType === 'app') return { ok: false, message: 'Unknown account' };
      if (u.status !== 'active') return { ok: false, message: 'Account is deactivated' };
      return { ok: true, principal: { kind: 'user', user: u } };
    }
    return { ok: false, message: 'Invalid bearer token' };
  }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, message: 'Malformed Basic credentials' };
    const u = state.usersByEmail.get(decoded.slice(0, colon).toLowerCase());
    const token = decoded.slice(colon + 1);
    if (!u || !u.apiToken || u.apiToken !== token) return { ok: false, message: 'Basic authentication failed: wrong email or API token' };
    if (u.status !== 'active') return { ok: false, message: 'Account is deactivated' };
    return { ok: true, principal: { kind: 'user', user: u } };
  }
  return { ok: false, message: `Unsupported authorization scheme "${m[1]!}"` };
}

function apiOfPath(path: string): RouteApi | 'other' {
  if (path.startsWith('/wiki/rest/api/')) return 'v1';
  if (path.startsWith('/wiki/api/v2/')) return 'v2';
  if (path === '/graphql' || path === '/gateway/api/graphql') return 'graphql';
  return 'other';
}

function errorBody(api: RouteApi | 'other', status: number, message: string): unknown {
  if (api === 'v2') return v2ErrorBody(status, message);
  if (api === 'graphql') return { errors: [{ message, extensions: { statusCode: status } }] };
  return v1ErrorBody(status, message);
}

function faultResponse(api: RouteApi | 'other', d: FaultDecision): { status: number; body: unknown; headers: Record<string, string> } {
  switch (d.kind) {
    case 'rateLimit':
      return {
        status: d.status,
        body: errorBody(api, d.status, 'Rate limit exceeded. Retry after the number of seconds in the Retry-After header.'),
        headers: { 'Retry-After': String(d.retryAfterSeconds) },
      };
    case 'serverError':
      return { status: d.status, body: errorBody(api, d.status, `Simulated server error ${d.status}`), headers: {} };
    case 'invalidCursor':
      return {
        status: 400,
        body: errorBody(api, 400, 'Invalid cursor: the cursor is malformed, expired or belongs to another query'),
        headers: {},
      };
  }
}

async function readBody(req: IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain the whole body (so the connection stays usable for the answer) but keep at most MAX_BODY bytes.
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= MAX_BODY) chunks.push(buf);
  }
  if (size > MAX_BODY) return { ok: false, status: 413, message: `Request body larger than ${MAX_BODY} bytes` };
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

type Body = string | Buffer | readonly (string | Buffer)[];

function bodyText(body: Body): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return body.map((c) => (typeof c === 'string' ? c : c.toString('utf8'))).join('');
}

/**
 * Writes a JSON answer. Text is encoded to UTF-8 exactly once (the length comes from the encoded bytes, not from a
 * separate scan); a chunked body goes out as one corked writev, never copied into a single buffer first.
 */
/** A response serialized to bytes, ready to write (built before the latency wait, so only writing remains after it). */
interface Prepared {
  status: number;
  headers: Record<string, string | number>;
  body: Buffer;
}

function prepare(status: number, body: Body, headers: Record<string, string> = {}): Prepared {
  const parts = typeof body === 'string' || Buffer.isBuffer(body) ? [body] : body;
  const buffers = parts.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c));
  const bytes = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
  return { status, headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': bytes.length, ...headers }, body: bytes };
}

function write(res: ServerResponse, r: Prepared): void {
  res.writeHead(r.status, r.headers);
  res.end(r.body);
}

function send(res: ServerResponse, status: number, body: Body, headers: Record<string, string> = {}): void {
  write(res, prepare(status, body, headers));
}


/**
 * Starts an emulator for a site on 127.0.0.1.
 *
 * @returns once listening; `url` has no trailing slash.
 * @throws Error when the port is taken or the specs cannot be read (only with `validateResponses`).
 */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const site = opts.site;
  let state = new SiteState(site).warm();
  const faults = new Faults();
  const requests = newRequestLog();
  const contractViolations: ContractViolation[] = [];
  const cursors = new CursorCodec(createHash('sha256').update(`emulator-cursor:${site.data.site.baseUrl}:${site.data.site.name}`).digest('hex'));
  const baseLatency = opts.latencyMs ?? 0;
  // Answers waiting out their latency; stop() cancels them, so a long injected latency cannot outlive the emulator.
  const waiting = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(timer);
        resolve();
      }, ms);
      waiting.add(timer);
    });

  const reset = (): void => {
    state = new SiteState(site).warm();
    faults.reset();
    requests.clear();
    contractViolations.length = 0;
  };

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readBody(req);
    if (path === '/__emulator/health' && req.method === 'GET') return send(res, 200, JSON.stringify({ ok: true, site: site.data.site.name }));
    if (path === '/__emulator/faults' && req.method === 'GET') return send(res, 200, JSON.stringify(faults.settings));
    if (path === '/__emulator/faults' && req.method === 'POST') {
      try {
        faults.set(body.ok && body.text ? (JSON.parse(body.text) as Record<string, unknown>) : {});
        return send(res, 200, JSON.stringify(faults.settings));
      } catch (e) {
        return send(res, 400, JSON.stringify({ message: e instanceof Error ? e.message : String(e) }));
      }
    }
    if (path === '/__emulator/reset' && req.method === 'POST') {
      reset();
      return send(res, 200, JSON.stringify({ ok: true }));
    }
    if (path === '/__emulator/requests' && req.method === 'GET') return send(res, 200, JSON.stringify(requests.slice(-1000)));
    if (path === '/__emulator/violations' && req.method === 'GET') return send(res, 200, JSON.stringify(contractViolations));
    return send(res, 404, JSON.stringify({ message: `No emulator control endpoint ${req.method ?? ''} ${path}` }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/__emulator/')) return control(req, res, path);
    const method = (req.method ?? 'GET').toUpperCase();
    const api = apiOfPath(path);
    const bodyRead = await readBody(req);
    const latency = baseLatency + faults.latencyFor(path);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const current = state;
    const auth = authenticate(current, req.headers.authorization);
    let status = 500;
    let text: Body = '';
    let headers: Record<string, string> = {};
    let route: RouteDef | undefined;
    try {
      const fault = faults.check(path, url.searchParams.has('cursor'));
      const matched = matchRoute(method, path);
      if (fault) {
        const f = faultResponse(api, fault);
        ({ status, headers } = f);
        text = JSON.stringify(f.body);
      } else if (!auth.ok) {
        status = 401;
        text = JSON.stringify(errorBody(api, 401, auth.message));
      } else if (matched === null) {
        status = 404;
        text = JSON.stringify(errorBody(api, 404, `No emulated operation at ${path}`));
      } else if (matched === 'method-not-allowed') {
        status = 405;
        text = JSON.stringify(errorBody(api, 405, `Method ${method} is not allowed at ${path}`));
      } else if (!bodyRead.ok) {
        status = bodyRead.status;
        text = JSON.stringify(errorBody(api, status, bodyRead.message));
      } else {
        route = matched.route;
        let body: unknown;
        if (bodyRead.text.trim() !== '') {
          try {
            body = JSON.parse(bodyRead.text);
          } catch {
            throw new HttpError(400, errorBody(api, 400, 'The request body is not valid JSON'));
          }
        }
        const ctx: RequestContext = {
          state: current,
          principal: auth.principal,
          view: current.viewFor(auth.principal),
          params: matched.params,
          query: url.searchParams,
          body,
          cursors,
          faults,
          path,
        };
        const result: RouteResult = await route.handler(ctx);
        status = result.status;
        headers = result.headers ?? {};
        text = result.raw ?? JSON.stringify(result.json ?? null);
      }
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status;
        headers = e.headers;
        text = JSON.stringify(e.body);
      } else {
        status = 500;
        text = JSON.stringify(errorBody(api, 500, `Emulator internal error: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    if (opts.validateResponses && route && (route.api === 'v1' || route.api === 'v2')) {
      const outcome = validateResponse(route.api, route.specPath, method, status, JSON.parse(bodyText(text)) as unknown);
      if (outcome.checked && outcome.errors.length > 0) {
        contractViolations.push({ method, path, api: route.api, specPath: route.specPath, status, errors: outcome.errors });
        status = 500;
        headers = {};
        text = JSON.stringify({ message: `Emulator response violates the ${route.api} OpenAPI spec`, errors: outcome.errors });
      }
    }
    const prepared = prepare(status, text, headers);
    const built = performance.now();
    const cpu = process.cpuUsage(c0);
    const wait = latency - (built - t0);
    if (wait > 0) await sleep(wait);
    const s0 = performance.now();
    const sc0 = process.cpuUsage();
    write(res, prepared);
    const workMs = built - t0 + (performance.now() - s0);
    const sendCpu = process.cpuUsage(sc0);
    const cpuMs = (cpu.user + cpu.system + sendCpu.user + sendCpu.system) / 1000;
    const query: Record<string, string> = {};
    for (const k of new Set(url.searchParams.keys())) query[k] = url.searchParams.getAll(k).join(',');
    if (requests.length >= MAX_LOG) requests.splice(0, MAX_LOG / 2);
    requests.push({
      method,
      path,
      query,
      principal: auth.ok ? (auth.principal.kind === 'anonymous' ? 'anonymous' : `${auth.principal.kind}:${auth.principal.user.accountId}`) : 'invalid',
      status,
      at,
      workMs,
      cpuMs,
      ...(route ? { operationId: route.operationId } : {}),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: `Emulator internal error: ${e instanceof Error ? e.message : String(e)}` }));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    site,
    get state() {
      return state;
    },
    faults,
    requests,
    contractViolations,
    reset,
    stop() {
      for (const timer of waiting) clearTimeout(timer);
      waiting.clear();
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** Methods served (re-exported for tools that build requests). */
export type { Method };
