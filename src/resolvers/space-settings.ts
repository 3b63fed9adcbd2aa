import { forgeStore } from '../adapters/forge/storage';
import { spaceReview } from '../services/review';
import { SPACE_SETTINGS } from '../shared/api';
import { ok } from '../shared/result';
import { remainingMs } from './budget';
import { defineResolver, userClient } from './common';

const SCAN_BUDGET_MS = 15_000;

/**
 * Resolver for the `confluence:spaceSettings` module (the exposure review, space admins only). Functions:
 * - `getReview()` → `Result<ReviewView>`; `not-permitted` unless the viewer administers the space.
 */
export const spaceSettingsHandler = defineResolver({
  [SPACE_SETTINGS.getReview]: async (ctx) => {
    const client = userClient({ remainingMs: remainingMs(Date.now()) });
    return ok(await spaceReview({ client, store: forgeStore, siteUrl: ctx.siteUrl, scanBudgetMs: SCAN_BUDGET_MS }, ctx.extension.space));
  },
});
