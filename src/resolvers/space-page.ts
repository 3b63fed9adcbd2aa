import { forgeStore } from '../adapters/forge/storage';
import { secureUseView } from '../services/secure-use';
import { SPACE_PAGE } from '../shared/api';
import { ok } from '../shared/result';
import { remainingMs } from './budget';
import { defineResolver, userClient } from './common';

/** Seconds of a 25 s invocation the space page may spend scanning before it shows partial counts. */
const SCAN_BUDGET_MS = 12_000;

/**
 * Resolver for the `confluence:spacePage` module ("Secure use"). Functions:
 * - `getSecureUse()` → `Result<SecureUseView>`: guidance with the space's exposure, read as the viewer.
 * The space comes from the Forge context; the payload is ignored.
 */
export const spacePageHandler = defineResolver({
  [SPACE_PAGE.getSecureUse]: async (ctx) => {
    const client = userClient({ remainingMs: remainingMs(Date.now()) });
    const view = await secureUseView({ client, store: forgeStore, siteUrl: ctx.siteUrl, scanBudgetMs: SCAN_BUDGET_MS }, ctx.extension.space);
    return ok(view);
  },
});
