import { z } from 'zod';
import { forgeStore } from '../adapters/forge/storage';
import { dismissNudge, profileNudge, snoozeNudge } from '../services/profile';
import { PAGE_BANNER } from '../shared/api';
import { ok } from '../shared/result';
import { defineResolver, parsePayload, userClient } from './common';

const snoozeSchema = z.object({ days: z.number().int('Enter a whole number of days from 1 to 90').min(1, 'Enter a whole number of days from 1 to 90').max(90, 'Enter a whole number of days from 1 to 90').optional() });

/**
 * Resolver for the `confluence:pageBanner` module (the profile nudge). Always about the viewing person
 * (`context.accountId`); no payload field can name anyone else. Functions:
 * - `getProfileNudge()` → `Result<ProfileNudge>`
 * - `dismiss()` → `Result<{dismissed:true}>`
 * - `snooze({days?})` → `Result<{until, days}>`; days 1–90, default the organisation's snooze length
 */
export const pageBannerHandler = defineResolver({
  [PAGE_BANNER.getProfileNudge]: async (ctx) => ok(await profileNudge({ client: userClient(), store: forgeStore }, ctx.accountId)),
  [PAGE_BANNER.dismiss]: async (ctx) => {
    await dismissNudge({ client: userClient(), store: forgeStore }, ctx.accountId);
    return ok({ dismissed: true });
  },
  [PAGE_BANNER.snooze]: async (ctx, payload) => {
    const { days } = parsePayload(snoozeSchema, payload);
    return ok(await snoozeNudge({ client: userClient(), store: forgeStore }, ctx.accountId, days));
  },
});
