import { z } from 'zod';
import type { ConfluenceClient, Page } from '../adapters/confluence/client';
import { ConfluenceError } from '../adapters/confluence/errors';
import type { ConfluencePath } from '../adapters/confluence/path';
import { readFindings, scanKeys, type LatestScan } from '../domain/audit/scan-job';
import type { KeyValueStore } from '../domain/ports';
import type { RestrictResult } from '../shared/api';
import { AppFailure } from './failure';

/** The `restrictContent` payload: ≤ 100 distinct content ids, ≤ 20 group names. */
export const restrictSchema = z.object({
  contentIds: z
    .array(z.string().regex(/^\d{1,20}$/, 'Not a page id'))
    .min(1, 'Choose at least one page')
    .max(100, 'Choose 100 pages or fewer at a time')
    .refine((ids) => new Set(ids).size === ids.length, 'A page is listed twice'),
  groups: z.array(z.string().trim().min(1, 'Enter a group name').max(255)).max(20, 'Enter 20 groups or fewer'),
});

const REASONS: Record<string, string> = {
  'not-permitted': 'You are not allowed to change who can see this page.',
  'not-found': 'The page no longer exists, or you cannot see it.',
};

async function groupIds(client: ConfluenceClient, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const byName = new Map<string, string>();
  let next: ConfluencePath | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Page<{ id: string; name: string }> = await client.groups(next);
    for (const g of page.results) byName.set(g.name.toLowerCase(), g.id);
    if (!page.next) break;
    next = page.next;
  }
  const unknown = names.filter((n) => !byName.has(n.toLowerCase()));
  if (unknown.length > 0) throw new AppFailure('invalid-input', `No group is called ${unknown.map((n) => `“${n}”`).join(', ')}. Check the spelling.`);
  return names.map((n) => byName.get(n.toLowerCase()) ?? '');
}

/**
 * Adds a view restriction to pages from the space's current findings, admitting the person doing it and the
 * named groups. Ids that are not findings of this space are refused, whatever the payload says; every write is
 * made as the person, so Confluence also checks they may restrict each page.
 * @param client acting as the person
 * @throws AppFailure(`invalid-input`) for unknown groups or when the space has no completed review
 */
export async function restrictFindings(
  deps: { client: ConfluenceClient; store: KeyValueStore },
  spaceId: string,
  accountId: string,
  payload: z.infer<typeof restrictSchema>,
): Promise<RestrictResult> {
  const latest = (await deps.store.get(scanKeys.latest(spaceId))) as LatestScan | undefined;
  if (!latest) throw new AppFailure('invalid-input', 'Review this space before restricting pages from the review.');
  const known = new Set((await readFindings(deps.store, spaceId, latest)).map((f) => f.i));
  const ids = await groupIds(deps.client, payload.groups);
  const result: RestrictResult = { restricted: [], failed: [] };
  for (const id of payload.contentIds) {
    if (!known.has(id)) {
      result.failed.push({ id, reason: 'This page is not in the review of this space.' });
      continue;
    }
    try {
      await deps.client.addReadRestriction(id, { accountIds: [accountId], groupIds: ids });
      result.restricted.push(id);
    } catch (e) {
      if (!(e instanceof ConfluenceError)) throw e;
      result.failed.push({ id, reason: REASONS[e.kind] ?? 'Confluence did not accept the change. Try again.' });
    }
  }
  if (result.restricted.length > 0) {
    const before = (await deps.store.get(scanKeys.restricted(spaceId))) as string[] | undefined;
    await deps.store.set(scanKeys.restricted(spaceId), [...new Set([...(Array.isArray(before) ? before : []), ...result.restricted])]);
  }
  return result;
}

/** Ids restricted through the app since the last completed scan. */
export async function restrictedSince(store: KeyValueStore, spaceId: string): Promise<string[]> {
  const ids = await store.get(scanKeys.restricted(spaceId));
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
