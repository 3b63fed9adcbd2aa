/**
 * REST v1 (`/wiki/rest/api/...`) response shapes: `Content`, `User`, `Space`, `ContentRestriction`, `Group`, as the
 * v1 OpenAPI spec's components define them. Content is built as JSON text from memoized fragments (users, spaces,
 * ancestor entries) because search pages of 250 items with expansions must serialize in well under a millisecond per
 * hundred items; everything else is built as objects.
 *
 * Links follow Confluence Cloud: `_links.base` is `<site>/wiki`, `_links.context` is `/wiki`, and relative links
 * (`next`, `webui`, `_expandable` values) are relative to the context, e.g. `/rest/api/content/123`.
 */
import { createHash } from 'node:crypto';
import type { ContentNode, GroupRec, SiteState, SpaceRec, UserRec } from './model';

/** The site's wiki base, e.g. `https://dds-demo.atlassian.net/wiki`. */
export function wikiBase(state: SiteState): string {
  return `${state.settings.baseUrl}/wiki`;
}

/** v1 `Icon` for a user's profile picture. */
export function profilePicture(u: UserRec): { path: string; width: number; height: number; isDefault: boolean } {
  const isDefault = u.picture !== 'custom';
  return { path: isDefault ? '/wiki/aa-avatar/default.png' : `/wiki/aa-avatar/${u.accountId}`, width: 48, height: 48, isDefault };
}

/** The name others see: the full name, or the public name when the user hides their full name. */
export function visibleDisplayName(u: UserRec, self: boolean): string {
  return u.visibility.fullName === 'public' || self ? u.displayName : u.publicName;
}

/** The email others see: the address when the user made it public (or it is their own), else empty string. */
export function visibleEmail(u: UserRec, self: boolean): string {
  return u.email && (u.visibility.email === 'public' || self) ? u.email : '';
}

/**
 * v1 `User` (`GET /wiki/rest/api/user`). Hidden fields follow the profile visibility: email `""`, displayName falls
 * back to publicName, timeZone omitted. `accountType` `customer` is sent as `""` because the v1 enum lacks it
 * (emulator assumption).
 */
export function v1User(
  state: SiteState,
  u: UserRec,
  opts: { self?: boolean; operations?: { operation: string; targetType: string }[]; personalSpace?: boolean } = {},
): Record<string, unknown> {
  const self = opts.self === true;
  const expandable: Record<string, string> = {};
  if (!opts.operations) expandable.operations = '';
  if (!opts.personalSpace) expandable.personalSpace = '';
  const out: Record<string, unknown> = {
    type: 'known',
    accountId: u.accountId,
    accountType: u.accountType === 'customer' ? '' : u.accountType,
    email: visibleEmail(u, self),
    publicName: u.publicName,
    profilePicture: profilePicture(u),
    displayName: visibleDisplayName(u, self),
  };
  if (u.visibility.timeZone === 'public' || self) out.timeZone = u.timeZone;
  out.isExternalCollaborator = u.isGuest;
  out.isGuest = u.isGuest;
  if (opts.operations) out.operations = opts.operations;
  if (opts.personalSpace && u.personalSpace) out.personalSpace = v1Space(state, u.personalSpace);
  out._expandable = expandable;
  out._links = { self: `${wikiBase(state)}/rest/api/user?accountId=${encodeURIComponent(u.accountId)}` };
  return out;
}

/** v1 `User` of an anonymous caller (`GET /wiki/rest/api/user/current` without credentials). */
export function v1AnonymousUser(state: SiteState, operations?: { operation: string; targetType: string }[]): Record<string, unknown> {
  return {
    type: 'anonymous',
    publicName: 'Anonymous',
    profilePicture: { path: '/wiki/s/-1/_/images/icons/profilepics/anonymous.svg', width: 48, height: 48, isDefault: true },
    displayName: 'Anonymous',
    isExternalCollaborator: false,
    isGuest: false,
    ...(operations ? { operations } : {}),
    _expandable: operations ? { personalSpace: '' } : { operations: '', personalSpace: '' },
    _links: { self: `${wikiBase(state)}/rest/api/user/anonymous` },
  };
}

/** v1 `Group`. */
export function v1Group(state: SiteState, g: GroupRec): Record<string, unknown> {
  return { type: 'group', name: g.name, id: g.id, _links: { self: `${wikiBase(state)}/rest/api/group/by-id?id=${g.id}` } };
}

/** v1 `Space` (as embedded in content `space` expansions and `personalSpace`). */
export function v1Space(state: SiteState, s: SpaceRec): Record<string, unknown> {
  const k = encodeURIComponent(s.key);
  return {
    id: s.numId,
    key: s.key,
    alias: s.key,
    name: s.name,
    type: s.type,
    status: s.status,
    _expandable: {
      settings: `/rest/api/space/${k}/settings`,
      metadata: '',
      operations: '',
      lookAndFeel: `/rest/api/settings/lookandfeel?spaceKey=${k}`,
      identifiers: '',
      permissions: '',
      icon: '',
      description: '',
      theme: `/rest/api/space/${k}/theme`,
      history: '',
      ...(s.homepageId ? { homepage: `/rest/api/content/${s.homepageId}` } : {}),
    },
    _links: { webui: `/spaces/${k}`, self: `${wikiBase(state)}/rest/api/space/${k}` },
  };
}

function memo<K, V>(state: SiteState, name: string, key: K, make: () => V): V {
  const cache = state.cache<K, V>(name);
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** JSON text of a user as embedded in content (restriction lists, history, version); memoized per user. */
export function userJson(state: SiteState, accountId: string): string {
  return memo(state, 'v1:user', accountId, () => {
    const u = state.getUser(accountId);
    return u ? JSON.stringify(v1User(state, u)) : JSON.stringify({ type: 'unknown', accountId, _expandable: {}, _links: {} });
  });
}

function spaceJson(state: SiteState, s: SpaceRec): string {
  return memo(state, 'v1:space', s, () => JSON.stringify(v1Space(state, s)));
}

/** Position of a page among its siblings (0-based); computed for all pages once per site version (O(n)). */
export function positionOf(state: SiteState, node: ContentNode): number {
  const map = state.cache<string, Map<ContentNode, number>>('v1:positions');
  let pos = map.get('all');
  if (!pos) {
    pos = new Map();
    for (const s of state.spaceList()) s.roots.forEach((n, i) => pos!.set(n, i));
    for (const n of state.allContent()) n.children.forEach((c, i) => pos!.set(c, i));
    map.set('all', pos);
  }
  return pos.get(node) ?? 0;
}

/** The title part of a web UI path: URL-encoded with spaces as `+` (Confluence's page URL slug). */
function slug(title: string): string {
  return encodeURIComponent(title).replace(/%20/g, '+');
}

/** The web UI path of content, relative to `/wiki`. */
export function webuiPath(node: ContentNode): string {
  const k = spaceKeyPath(node.space);
  if (node.type === 'blogpost') {
    const d = node.createdAt.slice(0, 10).split('-');
    return `/spaces/${k}/blog/${d[0]}/${d[1]}/${d[2]}/${node.id}/${slug(node.title)}`;
  }
  return `/spaces/${k}/pages/${node.id}/${slug(node.title)}`;
}

const TINY_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A short link id, as Confluence's `tinyui` (derived from the id). */
export function tinyId(node: ContentNode): string {
  // base64url digits of the id, least significant first (cheap and unique; Confluence's exact scheme is internal).
  let out = '';
  let x = node.numId;
  for (let i = 0; i < 11 && (x > 0 || i === 0); i++) {
    out += TINY_DIGITS[x % 64];
    x = Math.floor(x / 64);
  }
  return out;
}

/** Which v1 content expansions were requested. */
export interface ContentExpand {
  space: boolean;
  history: boolean;
  historyLastUpdated: boolean;
  version: boolean;
  ancestors: boolean;
  /** null = `restrictions` not expanded at all. */
  restrictions: null | { read: OpExpand | null; update: OpExpand | null };
  /** Canonical text of the expansion set. */
  key: string;
}

/** Expansion of one restriction operation: `restrictions.<op>[.restrictions[.user|.group]]`. */
export interface OpExpand {
  restrictions: boolean;
  user: boolean;
  group: boolean;
}

/**
 * Parses `expand` values (comma-separated and/or repeated) for content. Unknown expansions are ignored, as
 * Confluence ignores them.
 */
export function parseContentExpand(values: readonly string[]): ContentExpand {
  const set = new Set<string>();
  for (const v of values) for (const part of v.split(',')) if (part.trim()) set.add(part.trim());
  const ex: ContentExpand = { space: false, history: false, historyLastUpdated: false, version: false, ancestors: false, restrictions: null, key: '' };
  const op = (): OpExpand => ({ restrictions: false, user: false, group: false });
  for (const e of set) {
    if (e === 'space') ex.space = true;
    else if (e === 'history') ex.history = true;
    else if (e === 'history.lastUpdated') ex.history = ex.historyLastUpdated = true;
    else if (e === 'version') ex.version = true;
    else if (e === 'ancestors') ex.ancestors = true;
    else if (e === 'restrictions' || e.startsWith('restrictions.')) {
      ex.restrictions ??= { read: null, update: null };
      const m = /^restrictions\.(read|update)(?:\.(restrictions)(?:\.(user|group))?)?$/.exec(e);
      if (!m) continue;
      const which = m[1] as 'read' | 'update';
      const o = (ex.restrictions[which] ??= op());
      if (m[2]) o.restrictions = true;
      if (m[3] === 'user') o.user = true;
      if (m[3] === 'group') o.group = true;
    }
  }
  ex.key = [...set].sort().join(',');
  return ex;
}

function contentExpandable(node: ContentNode, ex: ContentExpand | null): string {
  // Plain concatenation: this runs for every item of every page, so no intermediate arrays.
  const id = node.id;
  const k = spaceKeyPath(node.space);
  let s = `{"childTypes":"","container":"/rest/api/space/${k}","metadata":"","operations":"","children":"/rest/api/content/${id}/child"`;
  if (!ex?.restrictions) s += `,"restrictions":"/rest/api/content/${id}/restriction/byOperation"`;
  if (!ex?.history) s += `,"history":"/rest/api/content/${id}/history"`;
  if (!ex?.ancestors) s += ',"ancestors":""';
  s += ',"body":""';
  if (!ex?.version) s += ',"version":""';
  s += `,"descendants":"/rest/api/content/${id}/descendant"`;
  if (!ex?.space) s += `,"space":"/rest/api/space/${k}"`;
  return `${s}}`;
}

/** A space key as a URL path segment (memoized per space: keys are constant). */
function spaceKeyPath(space: SpaceRec): string {
  let k = encodedKeys.get(space);
  if (k === undefined) {
    k = encodeURIComponent(space.key);
    encodedKeys.set(space, k);
  }
  return k;
}
const encodedKeys = new WeakMap<SpaceRec, string>();

function contentLinks(state: SiteState, node: ContentNode): string {
  return (
    `{"webui":${JSON.stringify(webuiPath(node))},"edit":"/pages/resumedraft.action?draftId=${node.id}",` +
    `"tinyui":"/x/${tinyId(node)}","self":"${wikiBase(state)}/rest/api/content/${node.id}"}`
  );
}

/** A piece of response text: a string, or bytes of memoized UTF-8 JSON. */
export type Chunk = string | Buffer;

/** Joins chunks into one UTF-8 buffer (far cheaper than `Array.join` for half-megabyte responses). */
export function concatChunks(chunks: readonly Chunk[]): Buffer {
  return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
}

/** `{"id":…,"type":…,"status":…,"title":…` — the start of a content object. */
function contentHead(node: ContentNode): string {
  return `{"id":"${node.id}","type":"${node.type}","status":"${node.status}","title":${JSON.stringify(node.title)}`;
}

/** `,"macroRenderedOutput":…,"_links":{…}}` — the end of a content object, after any expansions. */
function contentTail(state: SiteState, node: ContentNode, ex: ContentExpand | null): string {
  const ext = node.type === 'page' ? `{"position":${positionOf(state, node)}}` : '{}';
  return `,"macroRenderedOutput":{},"extensions":${ext},"_expandable":${contentExpandable(node, ex)},"_links":${contentLinks(state, node)}}`;
}

function versionJson(state: SiteState, node: ContentNode): string {
  return (
    `{"by":${userJson(state, node.lastModifiedBy)},"when":"${node.lastModifiedAt}","message":"","number":${node.version},` +
    `"minorEdit":false,"contentTypeModified":false,"_expandable":{"collaborators":"","content":"/rest/api/content/${node.id}"},` +
    `"_links":{"self":"${wikiBase(state)}/rest/api/content/${node.id}/version/${node.version}"}}`
  );
}

function historyJson(state: SiteState, node: ContentNode, lastUpdated: boolean): string {
  const expandable = lastUpdated
    ? '{"previousVersion":"","contributors":"","nextVersion":"","ownedBy":"","lastOwnedBy":""}'
    : '{"lastUpdated":"","previousVersion":"","contributors":"","nextVersion":"","ownedBy":"","lastOwnedBy":""}';
  return (
    `{"latest":true,"createdBy":${userJson(state, node.authorId)},"createdDate":"${node.createdAt}"` +
    (lastUpdated ? `,"lastUpdated":${versionJson(state, node)}` : '') +
    `,"_expandable":${expandable},"_links":{"self":"${wikiBase(state)}/rest/api/content/${node.id}/history"}}`
  );
}

function groupJson(state: SiteState, groupId: string): string {
  return memo(state, 'v1:group', groupId, () => {
    const g = state.getGroup(groupId);
    return JSON.stringify(g ? v1Group(state, g) : { type: 'group', name: groupId, id: groupId });
  });
}

/** Page of a list for restriction user/group arrays. */
interface Window {
  start: number;
  limit: number;
}

function userArrayJson(state: SiteState, ids: readonly string[], w: Window): string {
  if (ids.length === 0) return `{"results":[],"start":${w.start},"limit":${w.limit},"size":0}`;
  const slice = ids.slice(w.start, w.start + w.limit);
  return `{"results":[${slice.map((id) => userJson(state, id)).join(',')}],"start":${w.start},"limit":${w.limit},"size":${slice.length}}`;
}

function groupArrayJson(state: SiteState, ids: readonly string[], w: Window): string {
  if (ids.length === 0) return `{"results":[],"start":${w.start},"limit":${w.limit},"size":0}`;
  const slice = ids.slice(w.start, w.start + w.limit);
  return `{"results":[${slice.map((id) => groupJson(state, id)).join(',')}],"start":${w.start},"limit":${w.limit},"size":${slice.length}}`;
}

/**
 * JSON text of a v1 `ContentRestriction` for one operation.
 * @param ex which parts to expand (`restrictions.user`/`.group`); `content` adds the content object.
 */
export function restrictionOpJson(
  state: SiteState,
  node: ContentNode,
  operation: 'read' | 'update',
  ex: OpExpand & { content?: boolean },
  w: Window = { start: 0, limit: 200 },
): string {
  const set = node[operation];
  const base = `/rest/api/content/${node.id}/restriction/byOperation/${operation}`;
  let s = `{"operation":"${operation}",`;
  const expanded = ex.restrictions || ex.user || ex.group;
  if (expanded) {
    s += '"restrictions":{';
    if (ex.user) s += `"user":${userArrayJson(state, set.users, w)},`;
    if (ex.group) s += `"group":${groupArrayJson(state, set.groups, w)},`;
    s += '"_expandable":{';
    if (!ex.user) s += `"user":"${base}/user"${ex.group ? '' : ','}`;
    if (!ex.group) s += `"group":"${base}/group"`;
    s += '}},';
  }
  if (ex.content) s += `"content":${contentHead(node)}${contentTail(state, node, null)},`;
  s += '"_expandable":{';
  if (!expanded) s += `"restrictions":"${base}"${ex.content ? '' : ','}`;
  if (!ex.content) s += `"content":"/rest/api/content/${node.id}"`;
  return `${s}},"_links":{"self":"${wikiBase(state)}${base}"}}`;
}

function restrictionsJson(state: SiteState, node: ContentNode, r: NonNullable<ContentExpand['restrictions']>): string {
  let s = '{';
  let expandable = '';
  for (const op of ['read', 'update'] as const) {
    const o = r[op];
    if (o) s += `"${op}":${restrictionOpJson(state, node, op, o)},`;
    else expandable += `${expandable ? ',' : ''}"${op}":"/rest/api/content/${node.id}/restriction/byOperation/${op}"`;
  }
  return `${s}"_expandable":{${expandable}},"_links":{"self":"${wikiBase(state)}/rest/api/content/${node.id}/restriction/byOperation"}}`;
}

/**
 * JSON text of a v1 `Content` (page or blog post) with the requested expansions. Viewer-independent: every ancestor
 * of content the caller can view is itself viewable (view restrictions inherit), and user fields depend only on each
 * user's own visibility settings.
 */
export function v1ContentJson(state: SiteState, node: ContentNode, ex: ContentExpand): string {
  const out: Chunk[] = [];
  writeV1Content(out, state, node, ex);
  return concatChunks(out).toString('utf8');
}

/**
 * Appends the JSON of a v1 `Content` to `out` as chunks; join them with {@link concatChunks}. Ancestor entries are
 * memoized UTF-8 buffers, so a page of 250 deep items costs a few hundred small encodings and one copy.
 */
export function writeV1Content(out: Chunk[], state: SiteState, node: ContentNode, ex: ContentExpand): void {
  let s = contentHead(node);
  if (ex.space) s += `,"space":${spaceJson(state, node.space)}`;
  if (ex.history) s += `,"history":${historyJson(state, node, ex.historyLastUpdated)}`;
  if (ex.version) s += `,"version":${versionJson(state, node)}`;
  if (ex.ancestors) {
    pushText(out, `${s},"ancestors":[`);
    const chain: ContentNode[] = [];
    let p = node.parent;
    for (let i = 0; p && i < 100_000; i++) {
      chain.push(p);
      p = p.parent;
    }
    // Each ancestor entry is memoized as UTF-8 with a trailing comma; the last one is pushed without it.
    const memoized = state.cache<ContentNode, Buffer>('v1:ancestor');
    for (let i = chain.length - 1; i >= 0; i--) {
      const a = chain[i]!;
      let buf = memoized.get(a);
      if (buf === undefined) {
        buf = Buffer.from(`${contentHead(a)}${contentTail(state, a, null)},`, 'utf8');
        memoized.set(a, buf);
      }
      out.push(i > 0 ? buf : buf.subarray(0, buf.length - 1));
    }
    s = ']';
  }
  if (ex.restrictions) s += `,"restrictions":${restrictionsJson(state, node, ex.restrictions)}`;
  pushText(out, s + contentTail(state, node, ex));
}

/** Appends text to a chunk list, merging it into a preceding text chunk (fewer, larger encodings). */
export function pushText(out: Chunk[], text: string): void {
  const last = out.length - 1;
  const prev = out[last];
  if (typeof prev === 'string') out[last] = prev + text;
  else out.push(text);
}

/** `restrictionsHash` of a content item: changes whenever its restrictions change. */
export function restrictionsHash(node: ContentNode): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([node.read.users, node.read.groups, node.update.users, node.update.groups]));
  return h.digest('hex').slice(0, 40);
}
