/**
 * Request/response plumbing shared by the route handlers: the per-request context, the result type, Confluence-style
 * error bodies and query-parameter parsing.
 */
import type { Faults } from './faults';
import type { Principal, PrincipalView, SiteState } from './model';
import type { CursorCodec } from './paging';

/** HTTP methods served. */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Everything a handler needs about one request. */
export interface RequestContext {
  state: SiteState;
  principal: Principal;
  view: PrincipalView;
  /** Path parameters by their spec names (`id`, `operationKey`, `groupId`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when none). */
  body: unknown;
  cursors: CursorCodec;
  faults: Faults;
  /** The request path without the query string. */
  path: string;
}

/**
 * What a handler answers: a JSON value, or JSON already serialized (`raw`: text, UTF-8 bytes, or a list of such
 * chunks that are written to the socket in order without first being copied into one buffer).
 */
export interface RouteResult {
  status: number;
  json?: unknown;
  raw?: string | Buffer | readonly (string | Buffer)[];
  headers?: Record<string, string>;
}

/** A handled failure: the server answers `status` with `body` (JSON) and optional headers. */
export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The REST v1 error body, shaped like Confluence Cloud's
 * `{statusCode, data:{authorized, valid, errors, successful}, message, reason}`.
 */
export function v1ErrorBody(status: number, message: string, details: string[] = []): Record<string, unknown> {
  return {
    statusCode: status,
    data: {
      authorized: status !== 401 && status !== 403,
      valid: status !== 400,
      allowedInReadOnlyMode: true,
      errors: details.map((d) => ({ message: { key: d, translation: d, args: [] } })),
      successful: false,
    },
    message,
    reason: REASONS[status] ?? 'Error',
  };
}

/** The REST v2 error body: `{errors:[{status, code, title, detail}]}`. */
export function v2ErrorBody(status: number, title: string, detail: string | null = null, code?: string): Record<string, unknown> {
  const defaultCode: Record<number, string> = {
    400: 'INVALID_REQUEST_PARAMETER',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    429: 'TOO_MANY_REQUESTS',
  };
  return { errors: [{ status, code: code ?? defaultCode[status] ?? 'INTERNAL_SERVER_ERROR', title, detail }] };
}

/** Throws a v1-style error. */
export function v1Fail(status: number, message: string, details: string[] = []): never {
  throw new HttpError(status, v1ErrorBody(status, message, details));
}

/** Throws a v2-style error. */
export function v2Fail(status: number, title: string, detail: string | null = null): never {
  throw new HttpError(status, v2ErrorBody(status, title, detail));
}

/** All values of a multi-value parameter, accepting both repeated (`a=1&a=2`) and comma-separated (`a=1,2`) forms. */
export function multi(query: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const v of query.getAll(name)) for (const part of v.split(',')) if (part.trim() !== '') out.push(part.trim());
  return out;
}

/**
 * An integer parameter within [min, max]; `def` when absent.
 * @throws HttpError 400 (via `fail`) when not an integer in range.
 */
export function intParam(query: URLSearchParams, name: string, def: number, min: number, max: number, fail: (msg: string) => never): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) fail(`${name} must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) fail(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A boolean parameter (`true`/`false`); `def` when absent. */
export function boolParam(query: URLSearchParams, name: string, def: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return def;
  return raw.toLowerCase() === 'true';
}

/** Whether a path segment is a Confluence numeric id. */
export function isNumericId(s: string | undefined): s is string {
  return s !== undefined && /^\d{1,18}$/.test(s);
}
