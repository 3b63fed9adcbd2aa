import { z } from 'zod';
import { forgeScanQueue } from '../adapters/forge/queue';
import { forgeStore } from '../adapters/forge/storage';
import { exportPart, siteReviewCsv } from '../services/export';
import { AppFailure } from '../services/failure';
import { unknownGroups } from '../services/broad-groups';
import { loadSettings, saveSettings } from '../services/settings';
import { requireSiteAdmin } from '../services/site-admin';
import { scanAllSpaces, siteReview } from '../services/site-review';
import { GLOBAL_SETTINGS, type SaveSettingsResult } from '../shared/api';
import { ok } from '../shared/result';
import { appClient, defineResolver, parsePayload, userClient } from './common';

const savePayload = z.object({ settings: z.unknown() });
const exportSchema = z.object({ format: z.enum(['csv', 'json']), part: z.number().int().min(0).max(10_000).optional() });

/**
 * Resolver for the `confluence:globalSettings` module (organisation settings, Confluence admins only; checked
 * here as the person, not only by display condition). Functions:
 * - `getSettings()` → `Result<SettingsView>`
 * - `saveSettings({settings})` → `Result<SaveSettingsResult>`: saved, or every problem found (nothing saved)
 * - `getSiteReview()` → `Result<SiteReviewView>`: every space with its access and last scan (read as the app)
 * - `startSiteScan()` → `Result<SiteScanResult>`: queues a scan of every space not already being scanned
 * - `exportSiteReview({format, part?})` → `Result<ExportPart>`
 */
export const globalSettingsHandler = defineResolver({
  [GLOBAL_SETTINGS.getSettings]: async () => {
    await requireSiteAdmin(userClient());
    return ok(await loadSettings(forgeStore));
  },
  [GLOBAL_SETTINGS.saveSettings]: async (_ctx, payload) => {
    const client = userClient();
    await requireSiteAdmin(client);
    const { settings } = parsePayload(savePayload, payload);
    // Groups named as "everyone" must exist: a typo would silently count restricted pages as open.
    const broad: unknown = typeof settings === 'object' && settings !== null ? (settings as { broadGroups?: unknown }).broadGroups : undefined;
    const named = Array.isArray(broad) ? broad.filter((g): g is string => typeof g === 'string') : [];
    const unknown = await unknownGroups(client, named.map((g) => g.trim()).filter((g) => g !== ''));
    if (unknown.length > 0) {
      const problems = unknown.map((g) => ({ field: `broadGroups.${named.findIndex((n) => n.trim() === g)}`, message: `There is no group called “${g}” on this site` }));
      return ok<SaveSettingsResult>({ saved: false, problems });
    }
    const saved = await saveSettings(forgeStore, settings);
    const result: SaveSettingsResult = saved.ok ? { saved: true, view: saved.view } : { saved: false, problems: saved.problems };
    return ok(result);
  },
  [GLOBAL_SETTINGS.getSiteReview]: async (ctx) => {
    await requireSiteAdmin(userClient());
    const { settings } = await loadSettings(forgeStore);
    return ok(await siteReview({ client: appClient(), store: forgeStore, siteUrl: ctx.siteUrl }, settings));
  },
  [GLOBAL_SETTINGS.startSiteScan]: async (ctx) => {
    await requireSiteAdmin(userClient());
    const { settings } = await loadSettings(forgeStore);
    return ok(await scanAllSpaces({ client: appClient(), store: forgeStore, queue: forgeScanQueue() }, settings, ctx.accountId));
  },
  [GLOBAL_SETTINGS.exportSiteReview]: async (ctx, payload) => {
    const { format, part = 0 } = parsePayload(exportSchema, payload);
    await requireSiteAdmin(userClient());
    const { settings } = await loadSettings(forgeStore);
    const view = await siteReview({ client: appClient(), store: forgeStore, siteUrl: ctx.siteUrl }, settings);
    const content = format === 'csv' ? siteReviewCsv(view.rows) : JSON.stringify(view, null, 1);
    try {
      return ok(exportPart(content, part, { filename: `secure-use-site-review.${format}`, mimeType: format === 'csv' ? 'text/csv' : 'application/json' }));
    } catch (e) {
      if (e instanceof RangeError) throw new AppFailure('invalid-input', e.message);
      throw e;
    }
  },
});
