import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import type { KeyValueStore } from '../../domain/ports';

/**
 * The {@link KeyValueStore} port over Forge's key-value store (`@forge/kvs`, scope `storage:app`).
 * TTLs use KVS's own expiry (`{ttl:{value, unit:'SECONDS'}}`).
 */
export const forgeStore: KeyValueStore = {
  async get(key) {
    return kvs.get(key);
  },
  async set(key, value, ttlSeconds) {
    await kvs.set(key, value, ttlSeconds !== undefined ? { ttl: { value: ttlSeconds, unit: 'SECONDS' } } : undefined);
  },
  async delete(key) {
    await kvs.delete(key);
  },
  async setIfAbsent(key, value, ttlSeconds) {
    try {
      await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...(ttlSeconds !== undefined ? { ttl: { value: ttlSeconds, unit: 'SECONDS' } } : {}) });
      return true;
    } catch (e) {
      // The error code for "exists" is not documented: any client error from a FAIL_IF_EXISTS write means
      // "not stored"; confirm the key is really taken rather than trusting a code.
      if (e instanceof ForgeKvsAPIError && e.responseDetails.status >= 400 && e.responseDetails.status < 500 && (await kvs.get(key)) !== undefined) return false;
      throw e;
    }
  },
  async list(prefix, cursor, limit) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
    if (cursor !== null) query = query.cursor(cursor);
    const page = await query.getMany();
    return { entries: page.results.map((r) => ({ key: r.key, value: r.value })), cursor: page.nextCursor ?? null };
  },
};
