import type { Recommendation, SpaceAccess } from '../shared/api';

/** The facts recommendations are drawn from. */
export interface ExposureFacts {
  access: SpaceAccess;
  openItems: number;
  broadGroupItems: number;
  complete: boolean;
  personalSpace: boolean;
}

const ORDER = { high: 0, medium: 1, low: 2 } as const;

/**
 * What the space's people should do about its exposure, most important first. Each recommendation names the
 * guidance item that explains it (`src/domain/guidance.ts`). Pure: the same facts give the same list.
 */
export function recommend(facts: ExposureFacts): Recommendation[] {
  const out: Recommendation[] = [];
  const { access } = facts;
  if (access.anonymous) {
    out.push({
      id: 'space-anonymous',
      severity: 'high',
      title: 'Anyone on the internet can view this space',
      detail: 'Anonymous access is switched on for this space, so people who are not logged in can read every page that has no view restriction. Remove anonymous access unless the space is meant to be public.',
      guidanceId: 'space-permissions',
    });
  } else if (access.level === 'everyone') {
    const who = access.allLicensedUsers ? 'all licensed users' : `the ${access.broadGroups.join(', ')} group`;
    out.push({
      id: 'space-everyone',
      severity: facts.personalSpace ? 'high' : 'medium',
      title: 'Everyone in the organisation can view this space',
      detail: `This space grants view access to ${who}. Check that this is intended, and restrict the pages that only some people should see.`,
      guidanceId: 'space-permissions',
    });
  }
  const exposed = facts.openItems + facts.broadGroupItems;
  if (exposed > 0 && access.level !== 'limited') {
    out.push({
      id: 'open-pages',
      severity: access.anonymous ? 'high' : 'medium',
      title: `${exposed} ${exposed === 1 ? 'page or blog post is' : 'pages and blog posts are'} readable by everyone who can see this space`,
      detail: 'They have no view restriction of their own or above them. Add view restrictions to any that hold information not everyone should see.',
      guidanceId: 'restrict-pages',
    });
  } else if (exposed > 0) {
    out.push({
      id: 'open-pages',
      severity: 'low',
      title: `${exposed} ${exposed === 1 ? 'page or blog post has' : 'pages and blog posts have'} no view restriction`,
      detail: 'Everyone with access to this space can read them. That is fine for a space limited to one team; restrict any that hold information not all of them should see.',
      guidanceId: 'restrict-pages',
    });
  }
  if (access.guestCount > 0) {
    out.push({
      id: 'space-guests',
      severity: 'medium',
      title: `${access.guestCount} ${access.guestCount === 1 ? 'guest' : 'guests'} can view this space`,
      detail: 'Guests are people outside your organisation. They can read every page in this space that is not restricted from them.',
      guidanceId: 'space-permissions',
    });
  }
  if (!facts.complete) {
    out.push({
      id: 'scan-incomplete',
      severity: 'low',
      title: 'Only part of this space has been checked so far',
      detail: 'Counts are minimums. A space admin can run a full review from space settings.',
      guidanceId: 'restrict-pages',
    });
  }
  return out.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
