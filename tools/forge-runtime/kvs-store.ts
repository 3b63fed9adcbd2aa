import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A local stand-in for Forge's key-value store service, speaking the HTTP dialect the real `@forge/kvs` client
 * posts through `global.__forge_fetch__({type:'kvs'}, '/api/v1/…', init)` (read from @forge/kvs 1.6.5
 * `out/storage-api.js`): JSON bodies in, JSON bodies out, `404 {code:'KEY_NOT_FOUND'}` for a missing key and an
 * empty `204` where the client expects no body.
 *
 * It enforces the documented limits so tests fail where production would (FORGE-NOTES.md, "Runtime limits"):
 * key ≤ 500 characters matching `^(?!\s+$)[a-zA-Z0-9:._\s-#]+$`, value ≤ 240 KiB of JSON, query pages ≤ 100,
 * transactions ≤ 25 operations. Error codes on limit breaches are this shim's own naming (Forge's exact codes for
 * them are not published); the client surfaces them as `ForgeKvsAPIError` either way.
 *
 * Custom entities are not supported: those endpoints answer 501 so a test that needs them fails loudly.
 */

/** One stored record. `expireAt` is epoch milliseconds, or undefined for no TTL. */
interface StoredValue {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

/** The largest value the store accepts: 240 KiB of serialised JSON. */
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
/** The longest key the store accepts, in characters. */
export const KVS_MAX_KEY_LENGTH = 500;
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const MAX_QUERY_LIMIT = 100;
const MAX_TRANSACTION_OPS = 25;

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TTL_UNIT_MS: Record<string, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/**
 * An in-memory key-value store, optionally persisted to a JSON file after every write (for the preview, so that
 * dismissals and settings survive a restart). Secrets live in their own namespace, as in Forge.
 */
export class KvsStore {
  private readonly data = new Map<string, StoredValue>();
  private readonly secrets = new Map<string, StoredValue>();
  /** Number of operations served, by endpoint path (for tests that count storage traffic). */
  readonly operations = new Map<string, number>();

  /**
   * @param file when given, the store loads from and saves to this JSON file (created if missing).
   * @param now clock in epoch ms, injectable for TTL tests.
   */
  constructor(
    private readonly file?: string,
    private readonly now: () => number = Date.now,
  ) {
    if (file) this.load(file);
  }

  /** Plain read access for tests: the live value under `key`, or undefined. */
  peek(key: string): unknown {
    return this.live(this.data, key)?.value;
  }

  /** Every live key, sorted. */
  keys(): string[] {
    return [...this.data.keys()].filter((k) => this.live(this.data, k)).sort();
  }

  /** Removes everything (tests). */
  clear(): void {
    this.data.clear();
    this.secrets.clear();
    this.operations.clear();
    this.save();
  }

  /**
   * Serves one request of the KVS HTTP dialect.
   * @param path e.g. `/api/v1/get`
   * @param body the parsed JSON request body
   * @returns a WHATWG Response, as `__forge_fetch__` must return
   */
  handle(path: string, body: unknown): Response {
    this.operations.set(path, (this.operations.get(path) ?? 0) + 1);
    try {
      const result = this.dispatch(path, body);
      if (result === undefined) return new Response(null, { status: 204 });
      return json(200, result);
    } catch (e) {
      if (e instanceof KvsError) return json(e.status, { code: e.code, message: e.message });
      throw e;
    }
  }

  private dispatch(path: string, raw: unknown): unknown {
    const body = asRecord(raw);
    switch (path) {
      case '/api/v1/get':
        return this.get(this.data, body);
      case '/api/v1/secret/get':
        return this.get(this.secrets, body);
      case '/api/v1/set':
        return this.set(this.data, body);
      case '/api/v1/secret/set':
        return this.set(this.secrets, body);
      case '/api/v1/delete':
        return this.delete(this.data, body);
      case '/api/v1/secret/delete':
        return this.delete(this.secrets, body);
      case '/api/v1/query':
        return this.query(body);
      case '/api/v1/batch/get':
        return this.batchGet(raw);
      case '/api/v1/batch/set':
        return this.batchSet(raw);
      case '/api/v1/batch/delete':
        return this.batchDelete(raw);
      case '/api/v1/transaction':
        return this.transaction(body);
      default:
        throw new KvsError(501, 'NOT_SUPPORTED_LOCALLY', `The local KVS does not support ${path}`);
    }
  }

  private get(map: Map<string, StoredValue>, body: Record<string, unknown>): unknown {
    const key = checkKey(body['key']);
    const stored = this.live(map, key);
    if (!stored) throw new KvsError(404, 'KEY_NOT_FOUND', `No value for key ${key}`);
    return this.describe(key, stored);
  }

  private set(map: Map<string, StoredValue>, body: Record<string, unknown>): unknown {
    const key = checkKey(body['key']);
    const options = asRecord(body['options']);
    const value = checkValue(key, body['value']);
    const previous = this.live(map, key);
    if (options['keyPolicy'] === 'FAIL_IF_EXISTS' && previous) {
      throw new KvsError(409, 'KEY_ALREADY_EXISTS', `Key ${key} already exists`);
    }
    const now = this.now();
    const stored: StoredValue = { value, createdAt: previous?.createdAt ?? now, updatedAt: now };
    const ttl = asRecord(options['ttl']);
    if (typeof ttl['value'] === 'number' && typeof ttl['unit'] === 'string') {
      stored.expireAt = now + ttl['value'] * (TTL_UNIT_MS[ttl['unit']] ?? 1000);
    }
    map.set(key, stored);
    this.save();
    if (options['returnValue'] === 'PREVIOUS') return previous ? this.describe(key, previous) : undefined;
    if (options['returnValue'] === 'LATEST') return this.describe(key, stored);
    return undefined;
  }

  private delete(map: Map<string, StoredValue>, body: Record<string, unknown>): undefined {
    map.delete(checkKey(body['key']));
    this.save();
    return undefined;
  }

  private query(body: Record<string, unknown>): unknown {
    const limit = typeof body['limit'] === 'number' ? body['limit'] : 10;
    if (limit < 1 || limit > MAX_QUERY_LIMIT) {
      throw new KvsError(400, 'INVALID_LIMIT', `Query limit must be between 1 and ${MAX_QUERY_LIMIT}`);
    }
    const where = Array.isArray(body['where']) ? body['where'].map(asRecord) : [];
    let prefix = '';
    for (const clause of where) {
      const values = Array.isArray(clause['values']) ? clause['values'] : [];
      if (clause['property'] !== 'key' || clause['condition'] !== 'BEGINS_WITH' || typeof values[0] !== 'string') {
        throw new KvsError(400, 'INVALID_WHERE', 'Only key BEGINS_WITH is supported in KVS queries');
      }
      prefix = values[0];
    }
    const after = typeof body['after'] === 'string' ? Buffer.from(body['after'], 'base64url').toString() : undefined;
    const keys = this.keys().filter((k) => k.startsWith(prefix) && (after === undefined || k > after));
    const page = keys.slice(0, limit);
    const data = page.map((k) => {
      const stored = this.live(this.data, k);
      return { key: k, value: stored?.value };
    });
    const last = page[page.length - 1];
    return {
      data,
      ...(keys.length > limit && last !== undefined ? { cursor: Buffer.from(last).toString('base64url') } : {}),
    };
  }

  private batchGet(body: unknown): unknown {
    const list = (Array.isArray(body) ? body : []).map(asRecord);
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of list) {
      const key = String(item['key']);
      const stored = this.live(this.data, key);
      if (stored) successfulKeys.push({ key, value: stored.value });
      else failedKeys.push({ key, error: { code: 'KEY_NOT_FOUND', message: `No value for key ${key}` } });
    }
    return { successfulKeys, failedKeys };
  }

  private batchSet(body: unknown): unknown {
    const list = (Array.isArray(body) ? body : []).map(asRecord);
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of list) {
      try {
        this.set(this.data, item);
        successfulKeys.push({ key: item['key'] });
      } catch (e) {
        if (!(e instanceof KvsError)) throw e;
        failedKeys.push({ key: item['key'], error: { code: e.code, message: e.message } });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private batchDelete(body: unknown): unknown {
    const list = (Array.isArray(body) ? body : []).map(asRecord);
    for (const item of list) this.data.delete(String(item['key']));
    this.save();
    return { successfulKeys: list.map((i) => ({ key: i['key'] })), failedKeys: [] };
  }

  private transaction(body: Record<string, unknown>): undefined {
    const sets = (Array.isArray(body['set']) ? body['set'] : []).map(asRecord);
    const deletes = (Array.isArray(body['delete']) ? body['delete'] : []).map(asRecord);
    const checks = Array.isArray(body['check']) ? body['check'] : [];
    if (sets.length + deletes.length + checks.length > MAX_TRANSACTION_OPS) {
      throw new KvsError(400, 'TOO_MANY_OPERATIONS', `A transaction holds at most ${MAX_TRANSACTION_OPS} operations`);
    }
    if (checks.length > 0 || [...sets, ...deletes].some((op) => op['entityName'] !== undefined)) {
      throw new KvsError(501, 'NOT_SUPPORTED_LOCALLY', 'The local KVS does not support entity conditions');
    }
    // Validate everything first so the transaction is all-or-nothing.
    for (const op of sets) checkValue(checkKey(op['key']), op['value']);
    for (const op of deletes) checkKey(op['key']);
    for (const op of sets) this.set(this.data, op);
    for (const op of deletes) this.data.delete(String(op['key']));
    this.save();
    return undefined;
  }

  private describe(key: string, stored: StoredValue): unknown {
    return {
      key,
      value: stored.value,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      ...(stored.expireAt !== undefined ? { expireTime: new Date(stored.expireAt).toISOString() } : {}),
    };
  }

  private live(map: Map<string, StoredValue>, key: string): StoredValue | undefined {
    const stored = map.get(key);
    if (stored?.expireAt !== undefined && stored.expireAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return stored;
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // a missing file is an empty store
    }
    const parsed = asRecord(JSON.parse(text));
    for (const [key, stored] of Object.entries(asRecord(parsed['data']))) this.data.set(key, stored as StoredValue);
    for (const [key, stored] of Object.entries(asRecord(parsed['secrets']))) this.secrets.set(key, stored as StoredValue);
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ data: Object.fromEntries(this.data), secrets: Object.fromEntries(this.secrets) }));
    renameSync(tmp, this.file);
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > KVS_MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new KvsError(400, 'INVALID_KEY', `Invalid key ${JSON.stringify(key)}: 1–${KVS_MAX_KEY_LENGTH} characters of [a-zA-Z0-9:._ -#]`);
  }
  return key;
}

function checkValue(key: string, value: unknown): unknown {
  if (value === undefined) throw new KvsError(400, 'INVALID_VALUE', `No value given for key ${key}`);
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > KVS_MAX_VALUE_BYTES) {
    throw new KvsError(413, 'VALUE_TOO_LARGE', `Value for key ${key} is ${bytes} bytes; the limit is ${KVS_MAX_VALUE_BYTES}`);
  }
  return value;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
