import { z } from 'zod';
import { forgeStore } from '../adapters/forge/storage';
import { dismissNudge, profileNudge, snoozeNudge } from '../services/profile';
import { PAGE_BANNER } from '../shared/api';
import { ok } from '../shared/result';
import { defineResolver, parsePayload, userClient } from './common';

const snoozeSchema = z.object({ days: z.number().int('Whole days only').min(1, 'At least 1 day').max(90, 'At most 90 days') });

/**
 * Resolver for the `confluence:pageBanner` module (the profile nudge). Always about the viewing person
 * (`context.accountId`); no payload field can name anyone else. Functions:
 * - `getProfileNudge()` → `Result<ProfileNudge>`
 * - `dismiss()` → `Result<{dismissed:true}>`
 * - `snooze({days})` → `Result<{until}>`; days 1–90
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
