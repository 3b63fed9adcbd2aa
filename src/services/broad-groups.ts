import type { ConfluenceClient, Page } from '../adapters/confluence/client';
import type { ConfluencePath } from '../adapters/confluence/path';
import type { OpenContent } from '../shared/api';

const MAX_PAGES = 20;

/**
 * Whether a person may be shown the titles of "broad-group" findings: pages whose every view restriction admits
 * one of the groups configured as "everyone". That configuration is the admin's word, not a fact Confluence
 * checks, so titles are shown only to people who are in every one of those groups themselves (then they can open
 * every such page); everyone else sees counts only. Reads the person's groups as the person
 * (`getGroupMembershipsForUser`).
 * @param client acting as the person
 */
export async function seesBroadGroupTitles(client: ConfluenceClient, accountId: string, broadGroups: readonly string[]): Promise<boolean> {
  if (broadGroups.length === 0) return true; // no broad groups: there are no broad-group findings
  const mine = new Set<string>();
  let next: ConfluencePath | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page: Page<{ id: string; name: string }> = await client.userGroups(accountId, next);
    for (const g of page.results) mine.add(g.name.toLowerCase());
    if (!page.next) break;
    next = page.next;
  }
  return broadGroups.every((g) => mine.has(g.toLowerCase()));
}

/** The findings a person may see: all of them, or without broad-group ones (see {@link seesBroadGroupTitles}). */
export function visibleFindings(items: readonly OpenContent[], seesBroad: boolean): OpenContent[] {
  return seesBroad ? [...items] : items.filter((i) => i.exposure === 'open');
}

/**
 * Names in `wanted` that are not groups on the site (any case), read as the person.
 * @param client acting as the person (a site admin saving settings)
 */
export async function unknownGroups(client: ConfluenceClient, wanted: readonly string[]): Promise<string[]> {
  if (wanted.length === 0) return [];
  const names = new Set<string>();
  let next: ConfluencePath | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Page<{ id: string; name: string }> = await client.groups(next);
    for (const g of page.results) names.add(g.name.toLowerCase());
    if (!page.next) break;
    next = page.next;
  }
  return wanted.filter((g) => !names.has(g.toLowerCase()));
}
