import { evaluateProfile, type ProfileFacts } from '../../src/domain/profile/rules';
import type { OrgSettings } from '../../src/shared/api';
import { CURRENT_ONLY, type ContentNode, type PrincipalView, type SiteState, type SpaceRec, type UserRec } from '../emulator/model';

/**
 * What the host page needs to know about the emulated site: who can sign in, what they can see, and which people
 * are the demo personas. Read from the emulator's live model with the same visibility rules its REST endpoints
 * apply (so the switchers never offer a space or page the app would then be refused), never from the app.
 */

/** Why a person is worth previewing as, most telling first. */
export type Persona = 'site-admin' | 'space-admin' | 'non-conforming' | 'guest';

/** One person who can sign in, with the labels the user switcher shows. */
export interface Person {
  accountId: string;
  displayName: string;
  publicName: string;
  siteAdmin: boolean;
  guest: boolean;
  /**
   * Keys of the global spaces the person administers by a grant naming them or their group (not through a
   * site-wide class, and not their own personal space, which every owner administers).
   */
  adminOf: string[];
  /** Whether the profile rules in force find something to fix (what the page banner would say). */
  nonConforming: boolean;
  /** Short labels, e.g. `site admin`, `space admin of DIG, POL`, `guest`, `non-conforming profile`. */
  labels: string[];
  /** The persona this person represents in the switcher, or null for everyone else. */
  persona: Persona | null;
}

/** The person as the emulator holds them, for the mock profile page. */
export interface ProfileCard {
  accountId: string;
  publicName: string;
  displayName: string;
  photo: 'custom' | 'default';
  jobTitle: string | null;
  jobTitleVisibility: 'public' | 'private';
  fullNameVisibility: 'public' | 'private';
  department: string | null;
  guest: boolean;
  siteAdmin: boolean;
  timeZone: string;
}

/** A page in a space's tree, with its depth (0 = root). */
export interface TreeEntry {
  node: ContentNode;
  depth: number;
}

const PERSONA_ORDER: readonly Persona[] = ['site-admin', 'space-admin', 'non-conforming', 'guest'];

/** Read access to the site model for the host page. */
export class SiteDirectory {
  /** @param getState the emulator's live model (a getter: the emulator replaces it on reset). */
  constructor(private readonly getState: () => SiteState) {}

  private get state(): SiteState {
    return this.getState();
  }

  /** The site's name, from the site file. */
  get name(): string {
    return this.state.settings.name;
  }

  /** The site URL (`https://…atlassian.net`, no `/wiki`) the emulator reports in `_links.base`. */
  get baseUrl(): string {
    return this.state.settings.baseUrl;
  }

  /** An active account that can sign in (not the app, not a deactivated account), or undefined. */
  person(accountId: string): UserRec | undefined {
    const u = this.state.getUser(accountId);
    return u && u.accountType !== 'app' && u.status === 'active' ? u : undefined;
  }

  /**
   * Everyone who can sign in, personas first (one site admin, one space admin, one member with a non-conforming
   * profile, one guest, in that order), then the rest in file order.
   * @param settings the organisation settings in force (they decide what "non-conforming" means).
   */
  people(settings: OrgSettings): Person[] {
    const all: Person[] = [];
    for (const u of this.state.users.values()) {
      if (u.accountType !== 'atlassian' || u.status !== 'active') continue;
      const view = this.viewOf(u);
      const adminOf = this.state
        .spaceList()
        .filter((s) => s.status === 'current' && s.type !== 'personal' && this.grantsAdminExplicitly(view, s))
        .map((s) => s.key);
      const guestExempt = u.isGuest && !settings.checkGuests;
      const nonConforming = !guestExempt && evaluateProfile(profileFacts(u), settings.orgCodes, settings.rules).length > 0;
      const labels: string[] = [];
      if (u.siteAdmin) labels.push('site admin');
      if (adminOf.length > 0) labels.push(`space admin of ${listKeys(adminOf)}`);
      if (u.isGuest) labels.push('guest');
      else if (!u.siteAdmin && adminOf.length === 0) labels.push('member');
      if (nonConforming) labels.push('non-conforming profile');
      if (u.jobTitle !== undefined && u.visibility.jobTitle === 'private') labels.push('job title hidden');
      all.push({
        accountId: u.accountId,
        displayName: u.displayName,
        publicName: u.publicName,
        siteAdmin: u.siteAdmin,
        guest: u.isGuest,
        adminOf,
        nonConforming,
        labels,
        persona: null,
      });
    }
    const taken = new Set<Person>();
    const pick = (persona: Persona, test: (p: Person) => boolean): void => {
      const p = all.find((x) => !taken.has(x) && test(x));
      if (p) {
        p.persona = persona;
        taken.add(p);
      }
    };
    pick('site-admin', (p) => p.siteAdmin);
    pick('space-admin', (p) => !p.siteAdmin && p.adminOf.length > 0);
    pick('non-conforming', (p) => !p.siteAdmin && !p.guest && p.adminOf.length === 0 && p.nonConforming);
    pick('guest', (p) => p.guest);
    const personas = [...taken].sort((a, b) => PERSONA_ORDER.indexOf(a.persona!) - PERSONA_ORDER.indexOf(b.persona!));
    return [...personas, ...all.filter((p) => !taken.has(p))];
  }

  /** The spaces (status current) the person can view, global spaces first, then personal ones, each by name. */
  viewableSpaces(accountId: string): SpaceRec[] {
    const u = this.person(accountId);
    if (!u) return [];
    const view = this.viewOf(u);
    return this.state
      .spaceList()
      .filter((s) => s.status === 'current' && view.canViewSpace(s))
      .sort((a, b) => Number(a.type === 'personal') - Number(b.type === 'personal') || a.name.localeCompare(b.name));
  }

  /** Whether the person administers the space (including through a group or a site-wide grant). */
  isSpaceAdmin(accountId: string, space: SpaceRec): boolean {
    const u = this.person(accountId);
    return u !== undefined && this.viewOf(u).isSpaceAdmin(space);
  }

  /** A space by key (case-insensitive). */
  space(key: string): SpaceRec | undefined {
    return this.state.getSpaceByKey(key);
  }

  /** The current pages of a space the person can view, in tree order (parents before children). */
  pageTree(accountId: string, space: SpaceRec): TreeEntry[] {
    const u = this.person(accountId);
    if (!u) return [];
    const view = this.viewOf(u);
    const out: TreeEntry[] = [];
    // Depth-first over the model's tree; a page the person cannot view hides its subtree (restrictions inherit).
    const stack: TreeEntry[] = [...space.roots].reverse().map((node) => ({ node, depth: 0 }));
    for (let guard = 0; stack.length > 0 && guard <= this.state.content.size; guard++) {
      const entry = stack.pop()!;
      if (entry.node.type !== 'page' || !view.canView(entry.node, CURRENT_ONLY)) continue;
      out.push(entry);
      for (let i = entry.node.children.length - 1; i >= 0; i--) stack.push({ node: entry.node.children[i]!, depth: entry.depth + 1 });
    }
    return out;
  }

  /** A page of `space` the person can view: `wanted` when it qualifies, else the space's home page, else the first. */
  pickPage(accountId: string, space: SpaceRec, wanted: string | null): ContentNode | undefined {
    const tree = this.pageTree(accountId, space);
    return tree.find((e) => e.node.id === wanted)?.node ?? tree.find((e) => e.node.id === space.homepageId)?.node ?? tree[0]?.node;
  }

  /** A content item of any space, if the person can view it (status current). */
  viewableContent(accountId: string, contentId: string): ContentNode | undefined {
    const u = this.person(accountId);
    const node = this.state.getContent(contentId);
    return u && node && this.viewOf(u).canView(node, CURRENT_ONLY) ? node : undefined;
  }

  /** Ancestors of a page, root first. */
  ancestors(node: ContentNode): ContentNode[] {
    return this.state.ancestorsOf(node);
  }

  /** Display name of an account, or a placeholder for an unknown one. */
  nameOf(accountId: string): string {
    return this.state.getUser(accountId)?.displayName ?? 'Unknown user';
  }

  /** The profile of any account (including deactivated ones), as the emulator holds it. */
  profile(accountId: string): ProfileCard | undefined {
    const u = this.state.getUser(accountId);
    if (!u || u.accountType === 'app') return undefined;
    return {
      accountId: u.accountId,
      publicName: u.publicName,
      displayName: u.displayName,
      photo: u.picture,
      jobTitle: u.jobTitle ?? null,
      jobTitleVisibility: u.visibility.jobTitle,
      fullNameVisibility: u.visibility.fullName,
      department: u.department ?? null,
      guest: u.isGuest,
      siteAdmin: u.siteAdmin,
      timeZone: u.timeZone,
    };
  }

  private viewOf(u: UserRec): PrincipalView {
    return this.state.viewFor({ kind: 'user', user: u });
  }

  /**
   * Whether a space grants `administer/space` to this person other than through a site-wide class (all licensed
   * users / anonymous / authenticated): that is what "space admin of …" means in the switcher.
   */
  private grantsAdminExplicitly(view: PrincipalView, space: SpaceRec): boolean {
    if (!view.isSpaceAdmin(space)) return false;
    if (this.state.settings.roleMode === 'PERMISSIONS') {
      return space.permissions.some(
        (p) => (p.principal.type === 'user' || p.principal.type === 'group') && p.operations.includes('administer/space') && view.matches(p.principal),
      );
    }
    return space.roleAssignments.some(
      (a) =>
        (a.principal.type === 'user' || a.principal.type === 'group') &&
        (this.state.roles.get(a.roleId)?.spacePermissions.includes('administer/space') ?? false) &&
        view.matches(a.principal),
    );
  }
}

/**
 * The facts the profile rules read, as the app gets them: the emulator's GraphQL answers `null` for a job title that
 * is hidden or not set, which the app reads as unknown (never a finding); only an empty string is "no job title".
 */
function profileFacts(u: UserRec): ProfileFacts {
  let jobTitle: ProfileFacts['jobTitle'] = 'unknown';
  if (u.visibility.jobTitle === 'public' && u.jobTitle !== undefined) jobTitle = u.jobTitle.trim() === '' ? 'empty' : 'known';
  return { publicName: u.publicName, displayName: u.displayName, photoIsDefault: u.picture === 'default', jobTitle };
}

function listKeys(keys: string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`;
}
