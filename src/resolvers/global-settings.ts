import { z } from 'zod';
import { forgeStore } from '../adapters/forge/storage';
import { loadSettings, saveSettings } from '../services/settings';
import { requireSiteAdmin } from '../services/site-admin';
import { GLOBAL_SETTINGS, type SaveSettingsResult } from '../shared/api';
import { ok } from '../shared/result';
import { defineResolver, parsePayload, userClient } from './common';

const savePayload = z.object({ settings: z.unknown() });

/**
 * Resolver for the `confluence:globalSettings` module (organisation settings, Confluence admins only; checked
 * here as the person, not only by display condition). Functions:
 * - `getSettings()` → `Result<SettingsView>`
 * - `saveSettings({settings})` → `Result<SaveSettingsResult>`: saved, or every problem found (nothing saved)
 */
export const globalSettingsHandler = defineResolver({
  [GLOBAL_SETTINGS.getSettings]: async () => {
    await requireSiteAdmin(userClient());
    return ok(await loadSettings(forgeStore));
  },
  [GLOBAL_SETTINGS.saveSettings]: async (_ctx, payload) => {
    await requireSiteAdmin(userClient());
    const { settings } = parsePayload(savePayload, payload);
    const saved = await saveSettings(forgeStore, settings);
    const result: SaveSettingsResult = saved.ok ? { saved: true, view: saved.view } : { saved: false, problems: saved.problems };
    return ok(result);
  },
});
