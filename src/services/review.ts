import type { ConfluenceClient } from '../adapters/confluence/client';
import { readSpaceAccess } from '../adapters/confluence/space-access';
import type { KeyValueStore } from '../domain/ports';
import type { ReviewView } from '../shared/api';
import { scanWithinBudget, toOpenContent } from './exposure';
import { AppFailure } from './failure';
import { loadSettings } from './settings';
import { canAdministerSpace, resolveSpace, spaceRef, type SpaceLocation } from './space';

/** What {@link spaceReview} needs from its caller. */
export interface ReviewDeps {
  /** Acting as the viewing person. */
  client: ConfluenceClient;
  store: KeyValueStore;
  siteUrl: string | null;
  scanBudgetMs: number;
  now?: () => number;
}

/**
 * The space settings review: who can see the space and every open page and blog post, for space admins only.
 * The admin check is made here, as the person (`getSpaceOperations`), not only by the module's display condition.
 * @throws AppFailure(`not-permitted`) for people who cannot administer the space
 */
export async function spaceReview(deps: ReviewDeps, where: SpaceLocation | null): Promise<ReviewView> {
  const { client } = deps;
  const space = await resolveSpace(client, where);
  if (!(await canAdministerSpace(client, space.id))) {
    throw new AppFailure('not-permitted', 'Only space admins can review this space.');
  }
  const { settings } = await loadSettings(deps.store);
  const access = await readSpaceAccess(client, space.id, settings.broadGroups);
  const result = await scanWithinBudget(client, space, {
    broadGroups: settings.broadGroups,
    budgetMs: deps.scanBudgetMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const openContent = result.items.map((item) => toOpenContent(item, deps.siteUrl));
  return {
    space: spaceRef(space, deps.siteUrl),
    access,
    openContent,
    totals: {
      open: openContent.filter((c) => c.exposure === 'open').length,
      broadGroup: openContent.filter((c) => c.exposure === 'broad-group').length,
      scanned: result.counts.seen,
      complete: result.complete,
    },
    scannedAt: new Date(deps.now?.() ?? Date.now()).toISOString(),
  };
}
