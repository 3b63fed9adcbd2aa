import type { KeyValueStore } from '../../src/domain/ports';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { keys } from '../../src/services/keys';
import { saveSettings } from '../../src/services/settings';
import type { OrgSettings } from '../../src/shared/api';
import type { KvsStore } from '../forge-runtime';

/**
 * The organisation settings of the built-in demo site. The app assumes no organisation code by default (the
 * @mention name rule is off until a site admin saves codes), so a preview of the demo site would otherwise show no
 * @mention name findings at all: the preview saves these once, as a site admin of the demo organisation would.
 */
export const DEMO_ORG_SETTINGS: OrgSettings = {
  ...DEFAULT_SETTINGS,
  orgCodes: ['DDS', 'HMRC'],
  itContact: 'the DDS IT service desk (servicedesk@dds.example.gov.uk, 0300 000 0000)',
};

/**
 * Saves {@link DEMO_ORG_SETTINGS} through the app's own `saveSettings` (validation, stored shape, `savedAt`) when the
 * store holds no settings yet; settings someone saved are left alone.
 * @returns true when the settings were saved now
 * @throws Error when the demo settings fail the app's validation (a mistake here, not the user's)
 */
export async function seedDemoSettings(store: KvsStore, now: () => Date = () => new Date()): Promise<boolean> {
  const kv = kvsAdapter(store);
  if ((await kv.get(keys.settings)) !== undefined) return false;
  const saved = await saveSettings(kv, DEMO_ORG_SETTINGS, now);
  if (!saved.ok) throw new Error(`The preview's demo settings are not valid: ${saved.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return true;
}

/**
 * The app's {@link KeyValueStore} port over the runtime's local store, speaking the same HTTP dialect `@forge/kvs`
 * does (so limits and key rules apply), without needing an invocation scope.
 */
export function kvsAdapter(store: KvsStore): KeyValueStore {
  const call = async (path: string, body: unknown): Promise<unknown> => {
    const res = store.handle(path, body);
    if (res.status === 204) return undefined;
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      const code = typeof json['code'] === 'string' ? json['code'] : String(res.status);
      const message = typeof json['message'] === 'string' ? json['message'] : '';
      throw Object.assign(new Error(`${path}: ${code} ${message}`.trim()), { code });
    }
    return json;
  };
  const ttl = (ttlSeconds?: number): Record<string, unknown> => (ttlSeconds !== undefined ? { ttl: { value: ttlSeconds, unit: 'SECONDS' } } : {});
  return {
    async get(key) {
      try {
        const got = (await call('/api/v1/get', { key })) as { value?: unknown } | undefined;
        return got?.value;
      } catch (e) {
        if ((e as { code?: unknown }).code === 'KEY_NOT_FOUND') return undefined;
        throw e;
      }
    },
    async set(key, value, ttlSeconds) {
      await call('/api/v1/set', { key, value, options: ttl(ttlSeconds) });
    },
    async delete(key) {
      await call('/api/v1/delete', { key });
    },
    async setIfAbsent(key, value, ttlSeconds) {
      try {
        await call('/api/v1/set', { key, value, options: { keyPolicy: 'FAIL_IF_EXISTS', ...ttl(ttlSeconds) } });
        return true;
      } catch (e) {
        if ((e as { code?: unknown }).code === 'KEY_ALREADY_EXISTS') return false;
        throw e;
      }
    },
    async list(prefix, cursor, limit) {
      const page = (await call('/api/v1/query', {
        limit,
        where: [{ property: 'key', condition: 'BEGINS_WITH', values: [prefix] }],
        ...(cursor !== null ? { after: cursor } : {}),
      })) as { data: { key: string; value: unknown }[]; cursor?: string };
      return { entries: page.data, cursor: page.cursor ?? null };
    },
  };
}
