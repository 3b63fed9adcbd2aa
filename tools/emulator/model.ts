/**
 * The live, mutable model of one emulated site, built from a validated {@link Site}, and the visibility rules every
 * endpoint applies to the calling principal.
 *
 * Visibility (see docs/emulator.md):
 * - a principal views a space if a space permission (classic) or role assignment (ROLES) grants it `read/space`
 *   directly, through a group, through "all licensed users", or through anonymous access (when the site allows it);
 *   guests only through grants that name them or their groups; the app additionally through `app.spaces`;
 * - it views a page/blog post if it views the space AND the content's own read restriction and every ancestor's admit
 *   it (listed, or member of a listed group). Empty = unrestricted. Update restrictions never limit viewing.
 *
 * Inheritance is memoized: each node points at an interned chain of the non-empty read restrictions above it
 * ({@link RestrictionChain}); a principal's verdict per chain is computed once, so checking a page is O(1) amortized.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_ROLES, type ContentItemData, type PrincipalData, type RoleData, type Site, type SiteData, type UserData } from './site-schema';

/** Content types served. */
export type ContentType = 'page' | 'blogpost';
/** Content statuses held in the model. */
export type ContentStatus = 'current' | 'archived' | 'trashed' | 'draft';

/** Users and groups named by one restriction operation. Group entries are group ids (resolved from names). */
export interface RestrictionSet {
  users: string[];
  groups: string[];
}

/** An interned link of the chain of non-empty read restrictions from a root page down to some page. */
export interface RestrictionChain {
  readonly id: number;
  readonly parent: RestrictionChain | null;
  readonly set: RestrictionSet;
}

/** A user account, or the app's account (`accountType: 'app'`). */
export interface UserRec {
  accountId: string;
  accountType: 'atlassian' | 'app' | 'customer';
  displayName: string;
  publicName: string;
  email: string | undefined;
  apiToken: string | undefined;
  picture: 'custom' | 'default';
  jobTitle: string | undefined;
  department: string | undefined;
  visibility: UserData['visibility'];
  isGuest: boolean;
  siteAdmin: boolean;
  status: 'active' | 'inactive' | 'closed';
  timeZone: string;
  personalSpace: SpaceRec | undefined;
}

/** A group. `implicitLicensed` marks the default product group every licensed user is in. */
export interface GroupRec {
  id: string;
  name: string;
  members: Set<string>;
  implicitLicensed: boolean;
}

/** A permission/role principal after group names are resolved to ids. */
export type PrincipalRef =
  { type: 'user'; accountId: string } | { type: 'group'; groupId: string } | { type: 'anonymous' } | { type: 'all-licensed' } | { type: 'authenticated' };

/** A space. `permissions` (classic) and `roleAssignments` (ROLES) as written in the site file, resolved. */
export interface SpaceRec {
  id: string;
  numId: number;
  key: string;
  name: string;
  type: SiteData['spaces'][number]['type'];
  status: 'current' | 'archived';
  description: string;
  createdBy: string | undefined;
  createdAt: string;
  homepageId: string | undefined;
  permissions: { principal: PrincipalRef; operations: string[] }[];
  roleAssignments: { principal: PrincipalRef; roleId: string }[];
  /** Root pages in tree order. */
  roots: ContentNode[];
}

/** A page or blog post. Mutate through {@link SiteState} methods so caches are invalidated. */
export interface ContentNode {
  readonly id: string;
  readonly numId: number;
  type: ContentType;
  title: string;
  status: ContentStatus;
  space: SpaceRec;
  parent: ContentNode | null;
  children: ContentNode[];
  authorId: string;
  createdAt: string;
  createdMs: number;
  lastModifiedAt: string;
  lastModifiedMs: number;
  lastModifiedBy: string;
  version: number;
  contributors: Set<string>;
  read: RestrictionSet;
  update: RestrictionSet;
  /** Memoized inheritance: the non-empty read restrictions on this node and its ancestors (null = none). */
  chain: RestrictionChain | null;
}

/** Who is calling. */
export type Principal = { kind: 'anonymous' } | { kind: 'user'; user: UserRec } | { kind: 'app'; user: UserRec };

/** A stable string naming a principal in logs and cache keys: `anonymous`, `user:<accountId>`, `app:<accountId>`. */
export function principalKey(p: Principal): string {
  return p.kind === 'anonymous' ? 'anonymous' : `${p.kind}:${p.user.accountId}`;
}

/** Content statuses a lookup may return. */
export type StatusFilter = ReadonlySet<ContentStatus>;

const isEmpty = (s: RestrictionSet): boolean => s.users.length === 0 && s.groups.length === 0;

/** Deterministic UUID (v5-like layout) from a string, for synthesized ids. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The mutable site. Every mutation bumps {@link SiteState.version}; caches (principal views, query results,
 * serialized fragments) compare versions and rebuild. After editing records directly, call {@link SiteState.touch}.
 */
export class SiteState {
  readonly settings: SiteData['site'];
  readonly app: { accountId: string; spaces: Set<string> | null; operations: string[] };
  readonly users = new Map<string, UserRec>();
  readonly usersByEmail = new Map<string, UserRec>();
  readonly groups = new Map<string, GroupRec>();
  readonly groupsByName = new Map<string, GroupRec>();
  readonly roles = new Map<string, RoleData>();
  readonly spaces = new Map<string, SpaceRec>();
  readonly spacesByKey = new Map<string, SpaceRec>();
  readonly content = new Map<string, ContentNode>();
  /** The default product group (implicit membership of licensed users). */
  readonly licensedGroup: GroupRec;
  /** Bumped by every mutation. */
  version = 0;

  private chainsVersion = -1;
  private nextChainId = 1;
  private orderVersion = -1;
  private spaceOrder: SpaceRec[] = [];
  private contentBySpace = new Map<SpaceRec, ContentNode[]>();
  private allContentOrder: ContentNode[] = [];
  private views = new Map<string, PrincipalView>();
  private viewsVersion = -1;
  private readonly caches = new Map<string, { version: number; map: Map<unknown, unknown> }>();

  constructor(site: Site) {
    const data = site.data;
    this.settings = data.site;
    this.app = {
      accountId: data.app.accountId,
      spaces: data.app.spaces ? new Set(data.app.spaces.map((k) => k.toLowerCase())) : null,
      operations: [...data.app.operations],
    };
    for (const u of data.users) this.addUserRec(u);
    const appUser: UserRec = {
      accountId: data.app.accountId,
      accountType: 'app',
      displayName: data.app.displayName,
      publicName: data.app.displayName,
      email: undefined,
      apiToken: undefined,
      picture: 'default',
      jobTitle: undefined,
      department: undefined,
      visibility: { email: 'private', fullName: 'public', jobTitle: 'public', timeZone: 'private' },
      isGuest: false,
      siteAdmin: false,
      status: 'active',
      timeZone: 'UTC',
      personalSpace: undefined,
    };
    this.users.set(appUser.accountId, appUser);

    for (const g of data.groups) {
      const rec: GroupRec = {
        id: g.id,
        name: g.name,
        members: new Set(g.members),
        implicitLicensed: g.name.toLowerCase() === data.site.licensedUsersGroup.toLowerCase(),
      };
      this.groups.set(rec.id, rec);
      this.groupsByName.set(rec.name.toLowerCase(), rec);
    }
    let licensed = this.groupsByName.get(data.site.licensedUsersGroup.toLowerCase());
    if (!licensed) {
      licensed = {
        id: stableUuid(`group:${data.site.licensedUsersGroup}`),
        name: data.site.licensedUsersGroup,
        members: new Set(),
        implicitLicensed: true,
      };
      this.groups.set(licensed.id, licensed);
      this.groupsByName.set(licensed.name.toLowerCase(), licensed);
    }
    this.licensedGroup = licensed;
    for (const r of data.roles ?? DEFAULT_ROLES) this.roles.set(r.id, r);

    for (const s of data.spaces) {
      const space: SpaceRec = {
        id: s.id,
        numId: Number(s.id),
        key: s.key,
        name: s.name,
        type: s.type,
        status: s.status,
        description: s.description,
        createdBy: s.createdBy,
        createdAt: s.created ?? firstCreated(s.content) ?? '2020-01-01T00:00:00.000Z',
        homepageId: s.homepage,
        permissions: s.permissions.map((p) => ({ principal: this.resolvePrincipal(p.principal), operations: [...p.operations] })),
        roleAssignments: s.roleAssignments.map((a) => ({ principal: this.resolvePrincipal(a.principal), roleId: this.resolveRole(a.role) })),
        roots: [],
      };
      this.spaces.set(space.id, space);
      this.spacesByKey.set(space.key.toLowerCase(), space);
      if (space.type === 'personal' && space.createdBy) {
        const owner = this.users.get(space.createdBy);
        if (owner && !owner.personalSpace) owner.personalSpace = space;
      }
      // Iterative build of the tree (bounded by the file's content count).
      const stack: { item: ContentItemData; parent: ContentNode | null }[] = [];
      for (let i = s.content.length - 1; i >= 0; i--) stack.push({ item: s.content[i]!, parent: null });
      // A JSON tree has no cycles: each item is visited once. The guard makes the bound explicit.
      for (let guard = 0; stack.length > 0 && guard < 50_000_000; guard++) {
        const { item, parent } = stack.pop()!;
        const node = this.makeNode(item, space, parent);
        if (parent) parent.children.push(node);
        else if (node.type === 'page') space.roots.push(node);
        for (let i = item.children.length - 1; i >= 0; i--) stack.push({ item: item.children[i]!, parent: node });
      }
    }
  }

  // ---------------------------------------------------------------- lookups

  /** The user (or app account) with this accountId. */
  getUser(accountId: string): UserRec | undefined {
    return this.users.get(accountId);
  }

  /** A group by id or (case-insensitive) name. */
  getGroup(ref: string): GroupRec | undefined {
    return this.groups.get(ref) ?? this.groupsByName.get(ref.toLowerCase());
  }

  /** Whether `accountId` is a member of the group (implicit licensed membership included). */
  isMember(group: GroupRec, accountId: string): boolean {
    if (group.members.has(accountId)) return true;
    if (!group.implicitLicensed) return false;
    const u = this.users.get(accountId);
    return u !== undefined && isLicensed(u);
  }

  /** Members of a group (implicit licensed members included), sorted by accountId. */
  groupMembers(group: GroupRec): UserRec[] {
    const out: UserRec[] = [];
    for (const u of this.users.values()) if (this.isMember(group, u.accountId)) out.push(u);
    return out.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  }

  /** Groups a user is in (implicit licensed group included), sorted by name. */
  groupsOf(accountId: string): GroupRec[] {
    const out: GroupRec[] = [];
    for (const g of this.groups.values()) if (this.isMember(g, accountId)) out.push(g);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A space by numeric id. */
  getSpace(id: string): SpaceRec | undefined {
    return this.spaces.get(id);
  }

  /** A space by key (case-insensitive). */
  getSpaceByKey(key: string): SpaceRec | undefined {
    return this.spacesByKey.get(key.toLowerCase());
  }

  /** A page or blog post by id, whatever its status or visibility. */
  getContent(id: string): ContentNode | undefined {
    return this.content.get(id);
  }

  /** Spaces sorted by numeric id. */
  spaceList(): readonly SpaceRec[] {
    this.ensureOrder();
    return this.spaceOrder;
  }

  /** Every content node of a space (any status), sorted by numeric id. */
  contentOfSpace(space: SpaceRec): readonly ContentNode[] {
    this.ensureOrder();
    return this.contentBySpace.get(space) ?? [];
  }

  /** Every content node of the site, sorted by numeric id. */
  allContent(): readonly ContentNode[] {
    this.ensureOrder();
    return this.allContentOrder;
  }

  /** Ancestors of a node from the root down to its parent. Blog posts have none. */
  ancestorsOf(node: ContentNode): ContentNode[] {
    const out: ContentNode[] = [];
    let p = node.parent;
    for (let i = 0; p && i < this.content.size; i++) {
      out.push(p);
      p = p.parent;
    }
    return out.reverse();
  }

  /** Every descendant of a node (not the node), depth-first. */
  descendantsOf(node: ContentNode): ContentNode[] {
    const out: ContentNode[] = [];
    const stack = [...node.children].reverse();
    for (let i = 0; stack.length > 0 && i <= this.content.size; i++) {
      const n = stack.pop()!;
      out.push(n);
      for (let j = n.children.length - 1; j >= 0; j--) stack.push(n.children[j]!);
    }
    return out;
  }

  /** Position of a node among its siblings (root pages among the space's roots). */
  positionOf(node: ContentNode): number {
    const siblings = node.parent ? node.parent.children : node.type === 'page' ? node.space.roots : [];
    const i = siblings.indexOf(node);
    return i < 0 ? 0 : i;
  }

  /** The memoized view of a principal at the current version (groups, space operations, restriction verdicts). */
  viewFor(principal: Principal): PrincipalView {
    this.ensureChains();
    if (this.viewsVersion !== this.version) {
      this.views.clear();
      this.viewsVersion = this.version;
    }
    const key = principalKey(principal);
    let v = this.views.get(key);
    if (!v) {
      v = new PrincipalView(this, principal);
      if (this.views.size > 1000) this.views.clear();
      this.views.set(key, v);
    }
    return v;
  }

  /**
   * A cache map named `name` that is emptied whenever the site changes (used for query results and serialized
   * fragments). Callers bound their own sizes.
   */
  cache<K, V>(name: string): Map<K, V> {
    let c = this.caches.get(name);
    if (!c || c.version !== this.version) {
      c = { version: this.version, map: new Map() };
      this.caches.set(name, c);
    }
    return c.map as Map<K, V>;
  }

  /** Builds the lazy indexes (id order, restriction chains) now, so the first request does not pay for them. */
  warm(): this {
    this.ensureOrder();
    this.ensureChains();
    return this;
  }

  /** Ensures every node's restriction chain is current (recomputed in O(n) after restriction or tree changes). */
  ensureChains(): void {
    if (this.chainsVersion === this.version) return;
    this.nextChainId = 1;
    // Each node is decided once: walk up to the nearest decided ancestor, then decide downwards. Parent pointers
    // (not children lists) define inheritance, so trashed nodes keep inheriting from where they were.
    const done = new Set<ContentNode>();
    const path: ContentNode[] = [];
    for (const start of this.allContent()) {
      path.length = 0;
      let n: ContentNode | null = start;
      for (let i = 0; n && !done.has(n) && i <= this.content.size; i++) {
        path.push(n);
        n = n.parent;
      }
      let chain: RestrictionChain | null = n ? n.chain : null;
      for (let i = path.length - 1; i >= 0; i--) {
        const node = path[i]!;
        chain = isEmpty(node.read) ? chain : { id: this.nextChainId++, parent: chain, set: node.read };
        node.chain = chain;
        done.add(node);
      }
    }
    this.chainsVersion = this.version;
  }

  // ---------------------------------------------------------------- mutations

  /** Marks the site changed: every cache is rebuilt on next use. Call after editing records directly. */
  touch(): void {
    this.version++;
  }

  /**
   * Moves content to the trash, as deleting it in Confluence does. A trashed page's children move up to its parent
   * (Confluence keeps child pages when a parent is deleted) unless `withDescendants` trashes the whole subtree.
   *
   * @throws Error when the id is unknown.
   */
  trashContent(id: string, opts: { withDescendants?: boolean } = {}): ContentNode {
    const node = this.mustGet(id);
    const affected = opts.withDescendants ? [node, ...this.descendantsOf(node)] : [node];
    for (const n of affected) n.status = 'trashed';
    if (!opts.withDescendants && node.children.length > 0) {
      const siblings = node.parent ? node.parent.children : node.space.roots;
      for (const c of node.children) {
        c.parent = node.parent;
        siblings.push(c);
      }
      node.children = [];
    }
    const siblings = node.parent ? node.parent.children : node.space.roots;
    const i = siblings.indexOf(node);
    if (i >= 0) siblings.splice(i, 1);
    this.touch();
    return node;
  }

  /** Sets a content item's status (e.g. `archived`, `current`). @throws Error when the id is unknown. */
  setStatus(id: string, status: ContentStatus): ContentNode {
    const node = this.mustGet(id);
    node.status = status;
    this.touch();
    return node;
  }

  /**
   * Replaces one operation's restriction. Users are accountIds, groups are names or ids.
   * @throws Error on an unknown id, account or group.
   */
  setRestriction(id: string, operation: 'read' | 'update', set: { users?: string[]; groups?: string[] }): ContentNode {
    const node = this.mustGet(id);
    node[operation] = this.resolveSet(set);
    this.touch();
    return node;
  }

  /** Adds users/groups to one operation's restriction. @throws Error on an unknown id, account or group. */
  addRestriction(id: string, operation: 'read' | 'update', set: { users?: string[]; groups?: string[] }): ContentNode {
    const node = this.mustGet(id);
    const add = this.resolveSet(set);
    const cur = node[operation];
    node[operation] = {
      users: [...cur.users, ...add.users.filter((u) => !cur.users.includes(u))],
      groups: [...cur.groups, ...add.groups.filter((g) => !cur.groups.includes(g))],
    };
    this.touch();
    return node;
  }

  /** Removes every read and update restriction of a content item. @throws Error when the id is unknown. */
  clearRestrictions(id: string): ContentNode {
    const node = this.mustGet(id);
    node.read = { users: [], groups: [] };
    node.update = { users: [], groups: [] };
    this.touch();
    return node;
  }

  /** Adds an account to a group (name or id). @throws Error on an unknown group or account. */
  addGroupMember(groupRef: string, accountId: string): void {
    const g = this.getGroup(groupRef);
    if (!g) throw new Error(`unknown group "${groupRef}"`);
    if (!this.users.has(accountId)) throw new Error(`unknown accountId "${accountId}"`);
    g.members.add(accountId);
    this.touch();
  }

  /** Removes an account from a group's explicit members. @throws Error on an unknown group. */
  removeGroupMember(groupRef: string, accountId: string): void {
    const g = this.getGroup(groupRef);
    if (!g) throw new Error(`unknown group "${groupRef}"`);
    g.members.delete(accountId);
    this.touch();
  }

  /**
   * Creates a page or blog post (id = largest id + 1) and returns it.
   * @throws Error on an unknown space, parent or author.
   */
  createContent(opts: {
    spaceKey: string;
    title: string;
    author: string;
    type?: ContentType;
    parentId?: string;
    status?: ContentStatus;
    restrictions?: { read?: { users?: string[]; groups?: string[] }; update?: { users?: string[]; groups?: string[] } };
  }): ContentNode {
    const space = this.getSpaceByKey(opts.spaceKey);
    if (!space) throw new Error(`unknown space "${opts.spaceKey}"`);
    if (!this.users.has(opts.author)) throw new Error(`unknown accountId "${opts.author}"`);
    const parent = opts.parentId ? this.mustGet(opts.parentId) : null;
    if (parent && parent.space !== space) throw new Error('parent is in another space');
    let max = 0;
    for (const n of this.content.values()) max = Math.max(max, n.numId);
    const now = new Date().toISOString();
    const node = this.makeNode(
      {
        id: String(max + 1),
        type: opts.type ?? 'page',
        title: opts.title,
        status: opts.status ?? 'current',
        author: opts.author,
        created: now,
        version: 1,
        contributors: [],
        restrictions: {
          read: opts.restrictions?.read ? { users: opts.restrictions.read.users ?? [], groups: opts.restrictions.read.groups ?? [] } : undefined,
          update: opts.restrictions?.update ? { users: opts.restrictions.update.users ?? [], groups: opts.restrictions.update.groups ?? [] } : undefined,
        },
        children: [],
      },
      space,
      parent,
    );
    if (parent) parent.children.push(node);
    else if (node.type === 'page') space.roots.push(node);
    this.touch();
    return node;
  }

  // ---------------------------------------------------------------- internals

  private mustGet(id: string): ContentNode {
    const node = this.content.get(id);
    if (!node) throw new Error(`unknown content id "${id}"`);
    return node;
  }

  private addUserRec(u: UserData): void {
    const rec: UserRec = {
      accountId: u.accountId,
      accountType: u.accountType,
      displayName: u.displayName,
      publicName: u.publicName,
      email: u.email,
      apiToken: u.apiToken,
      picture: u.picture,
      jobTitle: u.jobTitle,
      department: u.department,
      visibility: { ...u.visibility },
      isGuest: u.isGuest,
      siteAdmin: u.siteAdmin,
      status: u.status,
      timeZone: u.timeZone,
      personalSpace: undefined,
    };
    this.users.set(rec.accountId, rec);
    if (rec.email) this.usersByEmail.set(rec.email.toLowerCase(), rec);
  }

  private resolveGroupId(ref: string): string {
    const g = this.getGroup(ref);
    if (g) return g.id;
    if (ref.toLowerCase() === this.settings.licensedUsersGroup.toLowerCase()) return stableUuid(`group:${this.settings.licensedUsersGroup}`);
    throw new Error(`unknown group "${ref}"`);
  }

  private resolveSet(set: { users?: string[]; groups?: string[] } | undefined): RestrictionSet {
    if (!set) return { users: [], groups: [] };
    const users = [...new Set(set.users ?? [])];
    for (const u of users) if (!this.users.has(u)) throw new Error(`unknown accountId "${u}"`);
    return { users, groups: [...new Set((set.groups ?? []).map((g) => this.resolveGroupId(g)))] };
  }

  private resolvePrincipal(p: PrincipalData): PrincipalRef {
    if (p.type === 'group') return { type: 'group', groupId: this.resolveGroupId(p.group) };
    return p;
  }

  private resolveRole(ref: string): string {
    if (this.roles.has(ref)) return ref;
    for (const r of this.roles.values()) if (r.name.toLowerCase() === ref.toLowerCase()) return r.id;
    throw new Error(`unknown role "${ref}"`);
  }

  private makeNode(item: ContentItemData, space: SpaceRec, parent: ContentNode | null): ContentNode {
    const lastModifiedAt = item.lastModified ?? item.created;
    const lastModifiedBy = item.lastModifiedBy ?? item.author;
    const node: ContentNode = {
      id: item.id,
      numId: Number(item.id),
      type: item.type,
      title: item.title,
      status: item.status,
      space,
      parent,
      children: [],
      authorId: item.author,
      createdAt: item.created,
      createdMs: Date.parse(item.created),
      lastModifiedAt,
      lastModifiedMs: Date.parse(lastModifiedAt),
      lastModifiedBy,
      version: item.version,
      contributors: new Set([item.author, lastModifiedBy, ...item.contributors]),
      read: this.resolveSet(item.restrictions.read),
      update: this.resolveSet(item.restrictions.update),
      chain: null,
    };
    this.content.set(node.id, node);
    return node;
  }

  private ensureOrder(): void {
    if (this.orderVersion === this.version) return;
    this.spaceOrder = [...this.spaces.values()].sort((a, b) => a.numId - b.numId);
    this.allContentOrder = [...this.content.values()].sort((a, b) => a.numId - b.numId);
    this.contentBySpace = new Map(this.spaceOrder.map((s) => [s, [] as ContentNode[]]));
    for (const n of this.allContentOrder) this.contentBySpace.get(n.space)?.push(n);
    this.orderVersion = this.version;
  }
}

function firstCreated(items: readonly ContentItemData[]): string | undefined {
  let min: string | undefined;
  for (const i of items) if (min === undefined || i.created < min) min = i.created;
  return min;
}

/** Licensed = an active, non-guest `atlassian` account (apps and customers are not licensed users). */
export function isLicensed(u: UserRec): boolean {
  return u.accountType === 'atlassian' && !u.isGuest && u.status === 'active';
}

/**
 * What one principal may see and do, memoized for one version of the site. Obtain with {@link SiteState.viewFor}.
 */
export class PrincipalView {
  readonly principal: Principal;
  readonly key: string;
  /** accountId of a user or the app; null for anonymous. */
  readonly accountId: string | null;
  /** Group ids the principal is in (implicit licensed group included). */
  readonly groupIds: ReadonlySet<string>;
  readonly licensed: boolean;
  readonly guest: boolean;
  private readonly state: SiteState;
  private readonly spaceOps = new Map<SpaceRec, ReadonlySet<string>>();
  private readonly chainVerdicts = new Map<RestrictionChain, boolean>();

  constructor(state: SiteState, principal: Principal) {
    this.state = state;
    this.principal = principal;
    this.key = principalKey(principal);
    this.accountId = principal.kind === 'anonymous' ? null : principal.user.accountId;
    this.licensed = principal.kind === 'user' && isLicensed(principal.user);
    this.guest = principal.kind === 'user' && principal.user.isGuest;
    const ids = new Set<string>();
    if (this.accountId) for (const g of state.groups.values()) if (state.isMember(g, this.accountId)) ids.add(g.id);
    this.groupIds = ids;
  }

  /** Whether a permission/role principal covers the caller. */
  matches(p: PrincipalRef): boolean {
    switch (p.type) {
      case 'user':
        return this.accountId === p.accountId;
      case 'group':
        return this.groupIds.has(p.groupId);
      case 'anonymous':
        // Anonymous grants apply to everyone who could browse anonymously: visitors and licensed users, not guests.
        return this.state.settings.anonymousAccess && !this.guest && this.principal.kind !== 'app';
      case 'all-licensed':
        return this.licensed;
      case 'authenticated':
        return this.principal.kind === 'user' && !this.guest && this.principal.user.status === 'active';
    }
  }

  /** Space permission ids (`read/space`, `administer/space`, …) the caller holds in a space. */
  spaceOperations(space: SpaceRec): ReadonlySet<string> {
    let ops = this.spaceOps.get(space);
    if (ops) return ops;
    const set = new Set<string>();
    if (this.state.settings.roleMode === 'PERMISSIONS') {
      for (const p of space.permissions) if (this.matches(p.principal)) for (const o of p.operations) set.add(o);
    } else {
      for (const a of space.roleAssignments) {
        if (!this.matches(a.principal)) continue;
        const role = this.state.roles.get(a.roleId);
        if (role) for (const o of role.spacePermissions) set.add(o);
      }
    }
    if (this.principal.kind === 'app') {
      const allowed = this.state.app.spaces;
      if (!allowed || allowed.has(space.key.toLowerCase())) for (const o of this.state.app.operations) set.add(o);
    }
    // A grant without read/space does not open the space in Confluence; keep only what is usable.
    ops = set.has('read/space') || set.has('administer/space') ? set : new Set<string>();
    if (ops.has('administer/space')) (ops as Set<string>).add('read/space');
    this.spaceOps.set(space, ops);
    return ops;
  }

  /** Whether the caller can view the space. */
  canViewSpace(space: SpaceRec): boolean {
    return this.spaceOperations(space).has('read/space');
  }

  /** Whether the caller administers the space. */
  isSpaceAdmin(space: SpaceRec): boolean {
    return this.spaceOperations(space).has('administer/space');
  }

  /** Whether a restriction set names the caller directly or through a group. */
  admits(set: RestrictionSet): boolean {
    if (this.accountId && set.users.includes(this.accountId)) return true;
    for (const g of set.groups) if (this.groupIds.has(g)) return true;
    return false;
  }

  /** Whether every restriction on the chain admits the caller (memoized per chain link). */
  chainAdmits(chain: RestrictionChain | null): boolean {
    if (!chain) return true;
    const known = this.chainVerdicts.get(chain);
    if (known !== undefined) return known;
    // Walk up to the first decided link, then decide downwards (bounded by the chain's length).
    const pending: RestrictionChain[] = [];
    let c: RestrictionChain | null = chain;
    let verdict = true;
    for (let i = 0; c && i < 100_000; i++) {
      const v = this.chainVerdicts.get(c);
      if (v !== undefined) {
        verdict = v;
        break;
      }
      pending.push(c);
      c = c.parent;
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const link = pending[i]!;
      verdict = verdict && this.admits(link.set);
      this.chainVerdicts.set(link, verdict);
    }
    return verdict;
  }

  /**
   * Whether the caller can view a content item with one of the given statuses: status allowed, drafts only for their
   * author, space viewable, and the inherited read restrictions admit the caller.
   */
  canView(node: ContentNode, statuses: StatusFilter = CURRENT_AND_ARCHIVED): boolean {
    if (!statuses.has(node.status)) return false;
    if (node.status === 'draft' && node.authorId !== this.accountId) return false;
    if (!this.canViewSpace(node.space)) return false;
    return this.chainAdmits(node.chain);
  }

  /**
   * Whether the caller can edit the content: it can view it, holds a create/update permission for its type (or
   * administers the space), and the content's own update restriction (which does not inherit) admits it.
   */
  canEdit(node: ContentNode): boolean {
    if (!this.canView(node, ANY_STATUS)) return false;
    const ops = this.spaceOperations(node.space);
    const typeOk = ops.has(`create/${node.type}`) || ops.has(`update/${node.type}`) || ops.has('administer/space');
    if (!typeOk) return false;
    return isEmpty(node.update) || this.admits(node.update);
  }

  /** Whether the caller may change the content's restrictions: edit access plus `restrict_content/space` (or admin). */
  canRestrict(node: ContentNode): boolean {
    if (!this.canEdit(node)) return false;
    const ops = this.spaceOperations(node.space);
    return ops.has('restrict_content/space') || ops.has('administer/space');
  }
}

/** Status filter `current` only. */
export const CURRENT_ONLY: StatusFilter = new Set<ContentStatus>(['current']);
/** Status filter `current` + `archived` (the v2 default for pages). */
export const CURRENT_AND_ARCHIVED: StatusFilter = new Set<ContentStatus>(['current', 'archived']);
/** Every status. */
export const ANY_STATUS: StatusFilter = new Set<ContentStatus>(['current', 'archived', 'trashed', 'draft']);
