/**
 * Atlassian's Confluence OpenAPI specs (read at runtime from `../shared/confluence-openapi/`, never copied into the
 * repo) and response/request validation against them with ajv + ajv-formats.
 *
 * Each spec's `components` are registered once per process under the ids `v1.json` / `v2.json`; an operation's
 * response schema is compiled on first use with its local `#/components/...` refs rewritten to point there. OpenAPI
 * 3.0's `nullable` is understood by ajv 8; vendor keywords (`x-…`) and `example` are ignored (`strict: false`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Which REST API: v1 (`/wiki/rest/api`, paths in the spec are absolute) or v2 (spec paths relative to `/wiki/api/v2`). */
export type ApiName = 'v1' | 'v2';

/** Directory holding the specs: `$CONFLUENCE_OPENAPI_DIR`, else `<repo>/../shared/confluence-openapi`. */
export const SPEC_DIR = process.env.CONFLUENCE_OPENAPI_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'confluence-openapi');

const FILES: Record<ApiName, string> = { v1: 'confluence-v1.openapi.json', v2: 'confluence-v2.openapi.json' };

/** The parts of an OpenAPI document the emulator reads. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
  components: Record<string, unknown>;
}

/** One operation of the spec. */
export interface OpenApiOperation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }>; $ref?: string };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string } | undefined>;
}

const specs = new Map<ApiName, OpenApiDoc>();

/**
 * Loads (once per process) one spec.
 * @throws Error when the file is missing: the specs must sit in `../shared/confluence-openapi/` beside the checkout.
 */
export function loadSpec(api: ApiName): OpenApiDoc {
  let doc = specs.get(api);
  if (!doc) {
    const file = path.join(SPEC_DIR, FILES[api]);
    doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDoc;
    specs.set(api, doc);
  }
  return doc;
}

/** The spec operation for a method and spec path (e.g. `get`, `/spaces/{id}`), if the spec has it. */
export function specOperation(api: ApiName, specPath: string, method: string): OpenApiOperation | undefined {
  return loadSpec(api).paths[specPath]?.[method.toLowerCase()];
}

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction | null>();

function getAjv(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    for (const api of ['v1', 'v2'] as const) ajv.addSchema({ $id: `${api}.json`, components: loadSpec(api).components });
  }
  return ajv;
}

function rewriteRefs(x: unknown, id: string): unknown {
  if (Array.isArray(x)) return x.map((y) => rewriteRefs(y, id));
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${id}${v}` : rewriteRefs(v, id);
    return out;
  }
  return x;
}

function deref<T>(api: ApiName, x: T | { $ref?: string } | undefined): T | undefined {
  const ref = (x as { $ref?: string } | undefined)?.$ref;
  if (!ref) return x as T | undefined;
  let o: unknown = loadSpec(api);
  for (const part of ref.replace(/^#\//, '').split('/')) o = (o as Record<string, unknown> | undefined)?.[part];
  return o as T | undefined;
}

function compile(api: ApiName, schema: unknown): ValidateFunction {
  return getAjv().compile(rewriteRefs(schema, `${api}.json`) as object);
}

/** Result of validating one response. */
export type ValidationOutcome = { checked: true; errors: string[] } | { checked: false; reason: string };

/**
 * Validates a JSON response body against the spec's schema for the operation and status. A 2xx status the spec does
 * not declare is an error; an undeclared error status (401, 403, 429, 5xx, …) or a status without a JSON schema is
 * not checked.
 */
export function validateResponse(api: ApiName, specPath: string, method: string, status: number, body: unknown): ValidationOutcome {
  const key = `${api} ${method} ${specPath} ${status}`;
  let v = validators.get(key);
  if (v === undefined) {
    const op = specOperation(api, specPath, method);
    if (!op) return { checked: true, errors: [`${method.toUpperCase()} ${specPath} is not in the ${api} spec`] };
    const declared = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`] ?? op.responses?.default;
    if (!declared) {
      if (status >= 200 && status < 300) return { checked: true, errors: [`status ${status} is not declared for ${method.toUpperCase()} ${specPath}`] };
      validators.set(key, null);
      return { checked: false, reason: 'status not declared' };
    }
    const resp = deref<{ content?: Record<string, { schema?: unknown }> }>(api, declared);
    const schema = resp?.content?.['application/json']?.schema;
    v = schema ? compile(api, schema) : null;
    validators.set(key, v);
  }
  if (!v) return { checked: false, reason: 'no JSON schema for this status' };
  const ok = v(body);
  return { checked: true, errors: ok ? [] : (v.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim()) };
}

/**
 * Validates a JSON request body against the spec's request schema for the operation.
 * @returns the error messages (empty when valid or when the spec has no request schema).
 */
export function validateRequestBody(api: ApiName, specPath: string, method: string, body: unknown): string[] {
  const key = `${api} ${method} ${specPath} request`;
  let v = validators.get(key);
  if (v === undefined) {
    const op = specOperation(api, specPath, method);
    const rb = deref<{ content?: Record<string, { schema?: unknown }> }>(api, op?.requestBody);
    const schema = rb?.content?.['application/json']?.schema;
    v = schema ? compile(api, schema) : null;
    validators.set(key, v);
  }
  if (!v) return [];
  return v(body) ? [] : (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`.trim());
}
