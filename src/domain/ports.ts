/**
 * Ports the domain and services depend on, implemented by adapters (Forge KVS in production, an in-memory map
 * in unit tests). Nothing here imports Forge.
 */

/**
 * A JSON key-value store. Keys follow Forge KVS rules (≤ 500 characters of `[a-zA-Z0-9:._ -#]`); values must
 * serialise to ≤ 240 KiB of JSON.
 */
export interface KeyValueStore {
  /** The value under `key`, or undefined when there is none (or it expired). */
  get(key: string): Promise<unknown>;
  /** Stores `value`; with `ttlSeconds` it expires after that many seconds. */
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Stores `value` only if `key` holds nothing: the one atomic step the app needs (a lock).
   * @returns true when stored, false when the key already held a value
   */
  setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean>;
  /** Keys (with values) starting with `prefix`, in key order, at most `limit` (≤ 100) per call. */
  list(prefix: string, cursor: string | null, limit: number): Promise<{ entries: { key: string; value: unknown }[]; cursor: string | null }>;
}

/**
 * An in-memory {@link KeyValueStore} for unit tests, the CLI and benchmarks. Values are kept as JSON text, as a
 * real store would: compact, isolated from later mutation, and held to the same 240 KiB limit.
 * TTLs use the given clock (epoch ms).
 */
export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, { json: string; expireAt?: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  async get(key: string): Promise<unknown> {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.expireAt !== undefined && entry.expireAt <= this.now()) {
      this.map.delete(key);
      return undefined;
    }
    return JSON.parse(entry.json) as unknown;
  }
  /** @throws RangeError when the value is over 240 KiB of JSON (as Forge's store refuses it) */
  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json, 'utf8') > 240 * 1024) throw new RangeError(`Value for ${key} is over 240 KiB`);
    this.map.set(key, { json, ...(ttlSeconds !== undefined ? { expireAt: this.now() + ttlSeconds * 1000 } : {}) });
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  async setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    if ((await this.get(key)) !== undefined) return false;
    await this.set(key, value, ttlSeconds);
    return true;
  }
  async list(prefix: string, cursor: string | null, limit: number): Promise<{ entries: { key: string; value: unknown }[]; cursor: string | null }> {
    const keys = [...this.map.keys()].filter((k) => k.startsWith(prefix) && (cursor === null || k > cursor)).sort();
    const page = keys.slice(0, limit);
    const entries = [];
    for (const key of page) {
      const value = await this.get(key);
      if (value !== undefined) entries.push({ key, value });
    }
    return { entries, cursor: keys.length > limit ? (page[page.length - 1] ?? null) : null };
  }
}
