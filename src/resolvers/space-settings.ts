import { z } from 'zod';
import { forgeScanQueue } from '../adapters/forge/queue';
import { forgeStore } from '../adapters/forge/storage';
import { findingsCsv, exportPart, peopleCsv } from '../services/export';
import { peopleView } from '../services/people';
import { restrictFindings, restrictSchema, restrictedSince } from '../services/restrict';
import { requireSpaceAdmin, spaceReview, toProgress, toSummaryView } from '../services/review';
import { latestFindings, findingsPage, scanOverview, startScan } from '../services/scans';
import { AppFailure } from '../services/failure';
import { seesBroadGroupTitles, visibleFindings } from '../services/broad-groups';
import { loadSettings } from '../services/settings';
import { SPACE_SETTINGS, type ExportPart, type FindingsPage, type OpenContent, type RestrictResult, type ScanStatusView, type StartScanResult } from '../shared/api';
import { ok } from '../shared/result';
import { defineResolver, parsePayload, userClient, type InvocationContext } from './common';

const startSchema = z.object({ includeArchived: z.boolean().optional() });
const findingsSchema = z.object({
  filter: z.string().max(200).optional(),
  exposure: z.enum(['open', 'broad-group']).optional(),
  type: z.enum(['page', 'blogpost']).optional(),
  sort: z.enum(['title', 'type', 'exposure', 'location', 'modified', 'author']).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});
const exportSchema = z.object({ format: z.enum(['csv', 'json']), part: z.number().int().min(0).max(10_000).optional() });

/** The space of the invocation, once the viewer is confirmed as its admin (as the user). */
async function adminSpace(ctx: InvocationContext) {
  return requireSpaceAdmin(userClient(), ctx.extension.space, { store: forgeStore, accountId: ctx.accountId });
}

/** Fills in authors' names, as the viewer sees them: a page of findings (one bulk lookup) or an export (≤ `max` people). */
async function withAuthorNames(items: OpenContent[], max = 250): Promise<OpenContent[]> {
  const ids = [...new Set(items.flatMap((i) => (i.authorAccountId ? [i.authorAccountId] : [])))].slice(0, max);
  if (ids.length === 0) return items;
  const users = await userClient().usersBulk(ids);
  const names = new Map(users.map((u) => [u.accountId, u.displayName || u.publicName || null]));
  return items.map((i) => ({ ...i, authorName: i.authorAccountId ? (names.get(i.authorAccountId) ?? null) : null }));
}

/** Whether this admin may see titles of broad-group findings (they are in every "everyone" group). */
async function seesBroad(ctx: InvocationContext): Promise<boolean> {
  const { settings } = await loadSettings(forgeStore);
  return seesBroadGroupTitles(userClient(), ctx.accountId, settings.broadGroups);
}

/**
 * Resolver for the `confluence:spaceSettings` module: the exposure review, for space admins only (checked as
 * the person on every call). The space always comes from the Forge context. Functions:
 * - `getReview()` → `Result<ReviewView>`: access, the current scan's progress, the last result, the trend
 * - `startScan({includeArchived?})` → `Result<StartScanResult>`; `started:false` when one is already running
 * - `getScanStatus()` → `Result<ScanStatusView>`
 * - `getFindings(FindingsQuery)` → `Result<FindingsPage>`: a page of the last completed scan's findings
 * - `exportFindings({format, part?})` → `Result<ExportPart>`: CSV (formula cells neutralised) or JSON, in parts
 * - `restrictContent({contentIds, groups})` → `Result<RestrictResult>`: adds view restrictions as the person
 * - `getPeople()` → `Result<PeopleView>`: contributors whose profiles break the conventions (last completed scan)
 * - `exportPeople({format, part?})` → `Result<ExportPart>`
 */
export const spaceSettingsHandler = defineResolver({
  [SPACE_SETTINGS.getReview]: async (ctx) => ok(await spaceReview({ client: userClient(), store: forgeStore, siteUrl: ctx.siteUrl }, ctx.extension.space)),

  [SPACE_SETTINGS.startScan]: async (ctx, payload) => {
    const options = parsePayload(startSchema, payload);
    const space = await adminSpace(ctx);
    const outcome = await startScan({ store: forgeStore, queue: forgeScanQueue() }, { id: space.id, key: space.key }, ctx.accountId, options);
    const result: StartScanResult = { started: outcome.started, scan: outcome.job ? toProgress(outcome.job) : null };
    return ok(result);
  },

  [SPACE_SETTINGS.getScanStatus]: async (ctx) => {
    const space = await adminSpace(ctx);
    const overview = await scanOverview(forgeStore, space.id);
    const view: ScanStatusView = { scan: overview.job ? toProgress(overview.job) : null, latest: overview.latest ? toSummaryView(overview.latest.summary) : null };
    return ok(view);
  },

  [SPACE_SETTINGS.getFindings]: async (ctx, payload) => {
    const query = parsePayload(findingsSchema, payload);
    const space = await adminSpace(ctx);
    const broad = await seesBroad(ctx);
    const [overview, page, restricted] = await Promise.all([scanOverview(forgeStore, space.id), findingsPage(forgeStore, space.id, ctx.siteUrl, query, broad), restrictedSince(forgeStore, space.id)]);
    const result: FindingsPage = {
      items: await withAuthorNames(page?.items ?? []),
      total: page?.total ?? 0,
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
      scannedAt: overview.latest?.summary.finishedAt ?? null,
      restrictedSince: restricted,
      hiddenBroadGroup: page?.hidden ?? 0,
    };
    return ok(result);
  },

  [SPACE_SETTINGS.exportFindings]: async (ctx, payload) => {
    const { format, part = 0 } = parsePayload(exportSchema, payload);
    const space = await adminSpace(ctx);
    const [all, restricted, broad] = await Promise.all([latestFindings(forgeStore, space.id, ctx.siteUrl), restrictedSince(forgeStore, space.id), seesBroad(ctx)]);
    if (all === null) throw new AppFailure('invalid-input', 'There is nothing to export until the first review of this space has finished.');
    const items = await withAuthorNames(visibleFindings(all, broad), 1_000);
    const content = format === 'csv' ? findingsCsv(items, new Set(restricted)) : JSON.stringify({ space: space.key, findings: items }, null, 1);
    const name = `secure-use-review-${space.key.replace(/[^A-Za-z0-9_-]/g, '')}.${format}`;
    let result: ExportPart;
    try {
      result = exportPart(content, part, { filename: name, mimeType: format === 'csv' ? 'text/csv' : 'application/json' });
    } catch (e) {
      if (e instanceof RangeError) throw new AppFailure('invalid-input', e.message);
      throw e;
    }
    return ok(result);
  },

  [SPACE_SETTINGS.getPeople]: async (ctx) => {
    const space = await adminSpace(ctx);
    return ok(await peopleView(forgeStore, space.id));
  },

  [SPACE_SETTINGS.exportPeople]: async (ctx, payload) => {
    const { format, part = 0 } = parsePayload(exportSchema, payload);
    const space = await adminSpace(ctx);
    const view = await peopleView(forgeStore, space.id);
    const content = format === 'csv' ? peopleCsv(view.people) : JSON.stringify({ space: space.key, ...view }, null, 1);
    const name = `secure-use-people-${space.key.replace(/[^A-Za-z0-9_-]/g, '')}.${format}`;
    try {
      return ok(exportPart(content, part, { filename: name, mimeType: format === 'csv' ? 'text/csv' : 'application/json' }));
    } catch (e) {
      if (e instanceof RangeError) throw new AppFailure('invalid-input', e.message);
      throw e;
    }
  },

  [SPACE_SETTINGS.restrictContent]: async (ctx, payload) => {
    const request = parsePayload(restrictSchema, payload);
    const client = userClient();
    const space = await requireSpaceAdmin(client, ctx.extension.space);
    const result: RestrictResult = await restrictFindings({ client, store: forgeStore }, space.id, ctx.accountId, request);
    return ok(result);
  },
});
