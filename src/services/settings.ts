import type { KeyValueStore } from '../domain/ports';
import { readSettings, validateSettings } from '../domain/settings';
import type { OrgSettings, SettingsProblem, SettingsView } from '../shared/api';
import { keys } from './keys';

/** Stored form: the settings plus when they were saved. */
interface StoredSettings {
  settings: unknown;
  savedAt: string;
}

/**
 * The organisation settings in force: stored values where valid, defaults elsewhere. Never throws for bad
 * stored data; a storage outage does throw (the caller decides whether defaults will do).
 */
export async function loadSettings(store: KeyValueStore): Promise<SettingsView> {
  const stored = (await store.get(keys.settings)) as Partial<StoredSettings> | undefined;
  return {
    settings: readSettings(stored?.settings),
    savedAt: typeof stored?.savedAt === 'string' ? stored.savedAt : null,
  };
}

/**
 * Validates and saves settings.
 * @returns the saved view, or the problems found (nothing is saved then)
 */
export async function saveSettings(
  store: KeyValueStore,
  input: unknown,
  now: () => Date = () => new Date(),
): Promise<{ ok: true; view: SettingsView } | { ok: false; problems: SettingsProblem[] }> {
  const checked = validateSettings(input);
  if (!checked.ok) return checked;
  const savedAt = now().toISOString();
  const value: StoredSettings = { settings: checked.settings, savedAt };
  await store.set(keys.settings, value);
  return { ok: true, view: { settings: checked.settings satisfies OrgSettings, savedAt } };
}
