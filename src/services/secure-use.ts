import type { ConfluenceClient } from '../adapters/confluence/client';
import { readSpaceAccess } from '../adapters/confluence/space-access';
import { GUIDANCE, IT_CONTACT_TOKEN } from '../domain/guidance';
import type { KeyValueStore } from '../domain/ports';
import { recommend } from '../domain/recommendations';
import type { GuidanceSection, SecureUseView } from '../shared/api';
import { exposureSummary } from './exposure';
import { loadSettings } from './settings';
import { canAdministerSpace, resolveSpace, spaceRef, type SpaceLocation } from './space';

/** Guidance with the organisation's IT contact filled in. */
export function personalisedGuidance(itContact: string): GuidanceSection[] {
  return GUIDANCE.map((section) => ({
    ...section,
    items: section.items.map((item) => ({
      ...item,
      advice: item.advice.split(IT_CONTACT_TOKEN).join(itContact),
      why: item.why.split(IT_CONTACT_TOKEN).join(itContact),
      sources: [...item.sources],
      ...(item.steps ? { steps: item.steps.map((s) => s.split(IT_CONTACT_TOKEN).join(itContact)) } : {}),
    })),
  }));
}

/** What {@link secureUseView} needs from its caller. */
export interface SecureUseDeps {
  /** Acting as the viewing person. */
  client: ConfluenceClient;
  store: KeyValueStore;
  siteUrl: string | null;
  /** Milliseconds the scan may take inside this invocation. */
  scanBudgetMs: number;
}

/**
 * The space page: the guidance in context with this space's exposure and what to do about it.
 * Every Confluence read is made as the viewing person, so it shows only what they may see.
 * @throws AppFailure(`not-found`) when the person cannot see the space
 */
export async function secureUseView(deps: SecureUseDeps, where: SpaceLocation | null): Promise<SecureUseView> {
  const { client, store } = deps;
  const space = await resolveSpace(client, where);
  const { settings } = await loadSettings(store);
  const [viewer, access, canAdminister] = await Promise.all([
    client.currentUser(),
    readSpaceAccess(client, space.id, settings.broadGroups),
    canAdministerSpace(client, space.id),
  ]);
  const viewerIsGuest = viewer.isGuest === true || viewer.isExternalCollaborator === true;
  const summary = await exposureSummary(client, store, space, {
    broadGroups: settings.broadGroups,
    budgetMs: deps.scanBudgetMs,
    siteUrl: deps.siteUrl,
    viewerIsGuest,
  });
  // Only items with no view restriction at all are titled here: this summary is shared by every viewer of the
  // space, and a page restricted to a group is readable only by that group's members, however broad it is meant
  // to be. (The cache holds only such items too: see exposureSummary.)
  const examples = summary.examples.filter((e) => e.exposure === 'open');
  const broadGroupItems = viewerIsGuest ? 0 : summary.broadGroupItems;
  return {
    space: spaceRef(space, deps.siteUrl),
    access: canAdminister ? access : { ...access, groups: [] },
    exposure: {
      openPages: summary.openPages,
      openBlogPosts: summary.openBlogPosts,
      examples,
      complete: summary.complete,
      scannedAt: summary.scannedAt,
    },
    recommendations: recommend({
      access,
      openItems: summary.openPages + summary.openBlogPosts,
      broadGroupItems,
      complete: summary.complete,
      personalSpace: space.type === 'personal',
    }),
    guidance: personalisedGuidance(settings.itContact),
    viewer: { canAdministerSpace: canAdminister },
  };
}
