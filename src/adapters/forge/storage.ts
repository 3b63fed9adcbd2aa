import { kvs, WhereConditions } from '@forge/kvs';
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
  async list(prefix, cursor, limit) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
    if (cursor !== null) query = query.cursor(cursor);
    const page = await query.getMany();
    return { entries: page.results.map((r) => ({ key: r.key, value: r.value })), cursor: page.nextCursor ?? null };
  },
};
