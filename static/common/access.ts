import type { OpenContent, SpaceAccess } from '../../src/shared/api';
import { count, listOf } from './format';

/**
 * Plain-English descriptions of who can see a space and what is open in it, shared by the space page and the
 * space settings review. Pure functions (unit tested in `tests/unit/static-access.test.ts`).
 */

/** How serious the space's openness is, for choosing colours and icons. */
export type Tone = 'danger' | 'warning' | 'neutral';

/** One sentence about who can see the space, and how serious that is. */
export function accessHeadline(access: SpaceAccess): { text: string; tone: Tone } {
  if (access.level === 'public' || access.anonymous) {
    return { text: 'Anyone on the internet can see this space, without signing in.', tone: 'danger' };
  }
  if (access.level === 'everyone') {
    if (access.allLicensedUsers || access.broadGroups.length === 0) {
      return { text: 'Everyone who can use Confluence on this site can see this space.', tone: 'warning' };
    }
    const groups = listOf(access.broadGroups);
    const noun = access.broadGroups.length === 1 ? 'group' : 'groups';
    const verb = access.broadGroups.length === 1 ? 'includes' : 'include';
    return {
      text: `Everyone in the ${groups} ${noun} can see this space. Your site admin has told this app that this ${noun} ${verb} everyone who can use Confluence here.`,
      tone: 'warning',
    };
  }
  return { text: 'Only the groups and people given access can see this space.', tone: 'neutral' };
}

/** A row of the "who has access" list: a term (with any jargon explained) and its value. */
export interface AccessFact {
  term: string;
  value: string;
}

/** The details of who can see the space, as term–value pairs for a description list. */
export function accessFacts(access: SpaceAccess): AccessFact[] {
  const facts: AccessFact[] = [
    {
      term: 'People who are not signed in (anonymous access)',
      value: access.anonymous ? 'Can see this space' : 'Cannot see this space',
    },
    {
      term: 'Everyone who can use Confluence on this site (all licensed users)',
      value: access.allLicensedUsers
        ? 'Can see this space'
        : access.broadGroups.length > 0
          ? `Can see this space, through the ${listOf(access.broadGroups)} ${access.broadGroups.length === 1 ? 'group' : 'groups'}`
          : 'Cannot see this space unless given access another way',
    },
    {
      term: 'Guests (people from outside your organisation)',
      value: access.guestCount === 0 ? 'None' : count(access.guestCount, 'guest'),
    },
    { term: 'Groups given access', value: groupsValue(access) },
    {
      term: 'People given access by name',
      value: access.userCount === 0 ? 'None' : count(access.userCount, 'person', 'people'),
    },
  ];
  return facts;
}

function groupsValue(access: SpaceAccess): string {
  if (access.groupCount === 0) return 'None';
  const names = access.groups.map((g) => g.name);
  if (names.length === 0) return count(access.groupCount, 'group');
  const listed = listOf(names);
  const more = access.groupCount - names.length;
  return `${count(access.groupCount, 'group')}: ${listed}${more > 0 ? ` and ${count(more, 'other')}` : ''}`;
}

/** "37 pages and 5 blog posts", "1 page", "no pages or blog posts". */
export function openCountText(pages: number, blogPosts: number): string {
  if (pages === 0 && blogPosts === 0) return 'no pages or blog posts';
  if (blogPosts === 0) return count(pages, 'page');
  if (pages === 0) return count(blogPosts, 'blog post');
  return `${count(pages, 'page')} and ${count(blogPosts, 'blog post')}`;
}

/**
 * The sentence about open content. When the scan has not finished the numbers are minimums, and the sentence
 * says so ("At least 37 pages … we have not finished checking").
 */
export function openContentSentence(pages: number, blogPosts: number, complete: boolean): string {
  const total = pages + blogPosts;
  if (total === 0) {
    return complete
      ? 'No pages or blog posts are open to everyone who can see this space.'
      : 'We have not found any pages or blog posts open to everyone who can see this space yet, but we have not finished checking.';
  }
  const what = openCountText(pages, blogPosts);
  const verb = total === 1 ? 'is' : 'are';
  return complete
    ? `${capitalise(what)} ${verb} open to everyone who can see this space.`
    : `At least ${what} ${verb} open to everyone who can see this space. We have not finished checking, so there may be more.`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why an item is open, in a few words (the review table's "Why it is open" column). */
export function exposureLabel(exposure: OpenContent['exposure']): string {
  return exposure === 'open' ? 'No view restriction' : 'Restricted to an everyone group';
}

/** A longer explanation of each exposure class, for help text. */
export const EXPOSURE_HELP: Record<OpenContent['exposure'], string> = {
  open: 'Neither the page nor any page above it has a view restriction, so everyone who can see the space can read it.',
  'broad-group': 'It has view restrictions, but every one of them lets in a group that includes everyone who can use Confluence, so in practice it is open.',
};

/** "Page" or "Blog post". */
export function typeLabel(type: OpenContent['type']): string {
  return type === 'page' ? 'Page' : 'Blog post';
}
