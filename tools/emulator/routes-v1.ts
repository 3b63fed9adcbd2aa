/**
 * REST v1 handlers (`/wiki/rest/api/...`): CQL content search, content restrictions, users and groups. Each follows
 * the operation of the same path and method in the v1 OpenAPI spec (operationId in each docstring).
 */
import { CqlError, compileCql } from './cql';
import { HttpError, intParam, isNumericId, multi, v1ErrorBody, v1Fail, type RequestContext, type RouteResult } from './http';
import { afterPageServed, getListing, servePage } from './listing';
import { ANY_STATUS, type ContentNode, type ContentStatus, type Principal, type SiteState, type StatusFilter } from './model';
import { validateRequestBody } from './openapi';
import type { SortDirs, SortKey } from './paging';
import {
  parseContentExpand,
  restrictionOpJson,
  restrictionsHash,
  v1AnonymousUser,
  v1Group,
  v1User,
  wikiBase,
  writeV1Content,
  pushText,
  type Chunk,
} from './shapes-v1';

function fail400(msg: string, details: string[] = []): never {
  return v1Fail(400, msg, details);
}

function links(state: SiteState, selfPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return { base: wikiBase(state), context: '/wiki', ...extra, self: `${wikiBase(state)}${selfPath}` };
}

function selfPath(ctx: RequestContext): string {
  const q = ctx.query.toString();
  return `${ctx.path.replace(/^\/wiki/, '')}${q ? `?${q}` : ''}`;
}

/** Statuses a single-content lookup may see: current, archived and (for their author) drafts. */
const SINGLE_FETCH: StatusFilter = new Set<ContentStatus>(['current', 'archived', 'draft']);
/** `cqlcontext.contentStatuses` accepts these (CONFCLOUD-82848, CONFCLOUD-82866). */
const CQLCONTEXT_STATUSES = new Set(['current', 'draft', 'archived']);

/**
 * `GET /wiki/rest/api/content/search` (searchContentByCQL). Default statuses: `current` only; `cqlcontext`'s
 * `contentStatuses` (current|draft|archived) or a CQL `status` clause (emulator extension) choose others. Content of
 * archived spaces is searched only when the query names the space. Default order: id ascending (emulator choice).
 * Page size: `min(limit, site.pageCaps.v1Search)`; pagination by opaque `cursor`, `_links.next` relative to
 * `_links.context` (`/wiki`), as Confluence Cloud returns it.
 */
export function searchContent(ctx: RequestContext): RouteResult {
  const { state, view, query } = ctx;
  const cql = query.get('cql');
  if (cql === null || cql.trim() === '') fail400('The cql parameter is required', ['cql.required']);
  let compiled;
  try {
    compiled = compileCql(cql);
  } catch (e) {
    if (e instanceof CqlError) fail400(`Could not parse cql : ${cql}`, [e.message]);
    throw e;
  }
  let statuses: StatusFilter = new Set<ContentStatus>(['current']);
  const cqlcontext = query.get('cqlcontext');
  if (cqlcontext) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(cqlcontext);
    } catch {
      fail400('cqlcontext must be a JSON object, e.g. {"contentStatuses":["current","archived"]}');
    }
    const list = (parsed as { contentStatuses?: unknown } | null)?.contentStatuses;
    if (list !== undefined) {
      if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || !CQLCONTEXT_STATUSES.has(s)))
        fail400('cqlcontext.contentStatuses may only contain "current", "draft" and "archived"');
      statuses = new Set(list as ContentStatus[]);
    }
  }
  if (compiled.mentionsStatus) statuses = ANY_STATUS;
  const requested = intParam(query, 'limit', 25, 0, 1_000_000, fail400);
  const limit = Math.min(requested, state.settings.pageCaps.v1Search);
  const expandValues = query.getAll('expand');
  const ex = parseContentExpand(expandValues);

  const scope = compiled.spaceScope;
  let spaces = scope ? [...scope].map((k) => state.getSpaceByKey(k)).filter((s) => s !== undefined) : state.spaceList().filter((s) => s.status === 'current');
  spaces = spaces.filter((s) => view.canViewSpace(s));
  const allowed = new Set(spaces);
  const { keyOf, dirs, idOrder } = sortFor(compiled.orderBy);
  const accountId = view.accountId;
  const listing = getListing(ctx, {
    id: `v1-search\n${compiled.canonical}\n${[...statuses].sort().join(',')}`,
    candidates: () => (spaces.length === 1 ? state.contentOfSpace(spaces[0]!) : spaces.length === 0 ? [] : state.allContent()),
    filter: (n) => allowed.has(n.space) && view.canView(n, statuses) && compiled.matches(n, { accountId }),
    keyOf,
    dirs,
    idOrder,
  });
  const page = servePage(ctx, listing, query.get('cursor'), limit, fail400);
  const parts: Chunk[] = ['{"results":['];
  page.items.forEach((n, i) => {
    if (i > 0) pushText(parts, ',');
    writeV1Content(parts, state, n, ex);
  });
  const linkQuery = (marker: 'next' | 'prev', cursor: string): string => {
    const q = new URLSearchParams();
    q.set(marker, 'true');
    q.set('cursor', cursor);
    if (expandValues.length > 0) q.set('expand', multi(query, 'expand').join(','));
    q.set('limit', String(limit));
    q.set('cql', cql);
    if (cqlcontext) q.set('cqlcontext', cqlcontext);
    return `/rest/api/content/search?${q.toString()}`;
  };
  const extra: Record<string, string> = {};
  if (page.nextCursor) extra.next = linkQuery('next', page.nextCursor);
  if (page.prevCursor) extra.prev = linkQuery('prev', page.prevCursor);
  pushText(parts, `],"start":${page.start},"limit":${limit},"size":${page.items.length},"_links":${JSON.stringify(links(state, selfPath(ctx), extra))}}`);
  afterPageServed(ctx, listing, page);
  return { status: 200, raw: parts };
}

function sortFor(orderBy: { field: 'id' | 'created' | 'lastmodified' | 'title'; dir: 'asc' | 'desc' }[]): {
  keyOf: (n: ContentNode) => SortKey;
  dirs: SortDirs;
  idOrder?: 'asc' | 'desc';
} {
  if (orderBy.length === 0) return { keyOf: (n) => [n.numId], dirs: [1], idOrder: 'asc' };
  if (orderBy.length === 1 && orderBy[0]!.field === 'id') {
    const dir = orderBy[0]!.dir;
    return { keyOf: (n) => [n.numId], dirs: [dir === 'asc' ? 1 : -1], idOrder: dir };
  }
  const getters = orderBy.map((o) => {
    switch (o.field) {
      case 'id':
        return (n: ContentNode) => n.numId;
      case 'created':
        return (n: ContentNode) => n.createdMs;
      case 'lastmodified':
        return (n: ContentNode) => n.lastModifiedMs;
      case 'title':
        return (n: ContentNode) => n.title.toLowerCase();
    }
  });
  const dirs = orderBy.map((o): 1 | -1 => (o.dir === 'asc' ? 1 : -1));
  return { keyOf: (n) => [...getters.map((g) => g(n)), n.numId], dirs: [...dirs, dirs[0]!] };
}

// ------------------------------------------------------------------ restrictions

function viewableContent(ctx: RequestContext): ContentNode {
  const id = ctx.params.id;
  const node = isNumericId(id) ? ctx.state.getContent(id) : undefined;
  if (!node || !ctx.view.canView(node, SINGLE_FETCH)) v1Fail(404, `No content found with id: ContentId{id=${id ?? ''}}`);
  return node;
}

function restrictionArray(ctx: RequestContext, node: ContentNode): RouteResult {
  const start = intParam(ctx.query, 'start', 0, 0, 1_000_000, fail400);
  const limit = Math.min(intParam(ctx.query, 'limit', 100, 0, 1_000_000, fail400), 100);
  const withContent = multi(ctx.query, 'expand').includes('content');
  const ex = { restrictions: true, user: true, group: true, content: withContent };
  const w = { start, limit };
  const raw =
    `{"results":[${restrictionOpJson(ctx.state, node, 'read', ex, w)},${restrictionOpJson(ctx.state, node, 'update', ex, w)}],` +
    `"start":${start},"limit":${limit},"size":2,"restrictionsHash":"${restrictionsHash(node)}",` +
    `"_links":${JSON.stringify(links(ctx.state, `/rest/api/content/${node.id}/restriction`))}}`;
  return { status: 200, raw };
}

/** `GET /wiki/rest/api/content/{id}/restriction` (getRestrictions): callers who can view the content. */
export function getRestrictions(ctx: RequestContext): RouteResult {
  return restrictionArray(ctx, viewableContent(ctx));
}

/** `GET /wiki/rest/api/content/{id}/restriction/byOperation` (getRestrictionsByOperation). */
export function getRestrictionsByOperation(ctx: RequestContext): RouteResult {
  const node = viewableContent(ctx);
  const expand = multi(ctx.query, 'expand');
  const ex = { restrictions: true, user: true, group: true, content: expand.includes('content') };
  const raw =
    `{"read":${restrictionOpJson(ctx.state, node, 'read', ex)},"update":${restrictionOpJson(ctx.state, node, 'update', ex)},` +
    `"_links":${JSON.stringify(links(ctx.state, `/rest/api/content/${node.id}/restriction/byOperation`))}}`;
  return { status: 200, raw };
}

/** `GET /wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}` (getRestrictionsForOperation). */
export function getRestrictionsForOperation(ctx: RequestContext): RouteResult {
  const node = viewableContent(ctx);
  const op = ctx.params.operationKey;
  if (op !== 'read' && op !== 'update') fail400(`operationKey must be "read" or "update", got "${op ?? ''}"`);
  const start = intParam(ctx.query, 'start', 0, 0, 1_000_000, fail400);
  const limit = Math.min(intParam(ctx.query, 'limit', 100, 0, 1_000_000, fail400), 100);
  const ex = { restrictions: true, user: true, group: true, content: multi(ctx.query, 'expand').includes('content') };
  return { status: 200, raw: restrictionOpJson(ctx.state, node, op, ex, { start, limit }) };
}

interface ParsedRestriction {
  operation: 'read' | 'update';
  users: string[];
  groups: string[];
}

function parseRestrictionBody(ctx: RequestContext, method: 'put' | 'post'): ParsedRestriction[] {
  const errors = validateRequestBody('v1', '/wiki/rest/api/content/{id}/restriction', method, ctx.body);
  if (errors.length > 0) fail400('The restrictions in the request body are invalid', errors);
  const items = (Array.isArray(ctx.body) ? ctx.body : (ctx.body as { results: unknown[] }).results) as {
    operation: string;
    restrictions: { user?: unknown; group?: { id?: string; name?: string }[] };
  }[];
  const out: ParsedRestriction[] = [];
  for (const item of items) {
    if (item.operation !== 'read' && item.operation !== 'update')
      fail400(`Content restrictions can only be set for "read" and "update", not "${item.operation}"`);
    const rawUsers = item.restrictions.user;
    const userList = (Array.isArray(rawUsers) ? rawUsers : ((rawUsers as { results?: unknown[] } | undefined)?.results ?? [])) as {
      accountId?: string | null;
    }[];
    const users: string[] = [];
    for (const u of userList) {
      if (!u.accountId) fail400('Each restricted user needs an accountId');
      if (!ctx.state.getUser(u.accountId)) fail400(`No user found with accountId: ${u.accountId}`);
      users.push(u.accountId);
    }
    const groups: string[] = [];
    for (const g of item.restrictions.group ?? []) {
      const ref = g.id ?? g.name;
      if (!ref) fail400('Each restricted group needs an id');
      const group = ctx.state.getGroup(ref);
      if (!group) fail400(`No group found with id: ${ref}`);
      groups.push(group.id);
    }
    const prev = out.find((o) => o.operation === item.operation);
    if (prev) {
      prev.users.push(...users);
      prev.groups.push(...groups);
    } else out.push({ operation: item.operation, users, groups });
  }
  return out;
}

function restrictableContent(ctx: RequestContext): ContentNode {
  const node = viewableContent(ctx);
  if (!ctx.view.canRestrict(node)) {
    throw new HttpError(403, v1ErrorBody(403, `Not permitted to change the restrictions of content ${node.id}`));
  }
  return node;
}

/**
 * `PUT /wiki/rest/api/content/{id}/restriction` (updateRestrictions): replaces both read and update restrictions
 * (an operation missing from the body is cleared). 404 if the caller cannot view the content; 403 if it can view but
 * not edit it or lacks the restrict permission (emulator: the spec lists only 404).
 */
export function updateRestrictions(ctx: RequestContext): RouteResult {
  const node = restrictableContent(ctx);
  const parsed = parseRestrictionBody(ctx, 'put');
  for (const op of ['read', 'update'] as const) {
    const p = parsed.find((x) => x.operation === op);
    ctx.state.setRestriction(node.id, op, { users: p?.users ?? [], groups: p?.groups ?? [] });
  }
  return restrictionArray(ctx, node);
}

/** `POST /wiki/rest/api/content/{id}/restriction` (addRestrictions): adds to the existing restrictions. */
export function addRestrictions(ctx: RequestContext): RouteResult {
  const node = restrictableContent(ctx);
  for (const p of parseRestrictionBody(ctx, 'post')) ctx.state.addRestriction(node.id, p.operation, { users: p.users, groups: p.groups });
  return restrictionArray(ctx, node);
}

/** `DELETE /wiki/rest/api/content/{id}/restriction` (deleteRestrictions): removes every read and update restriction. */
export function deleteRestrictions(ctx: RequestContext): RouteResult {
  const node = restrictableContent(ctx);
  ctx.state.clearRestrictions(node.id);
  return restrictionArray(ctx, node);
}

// ------------------------------------------------------------------ users and groups

/**
 * Application-level operations of a principal (`expand=operations`): everyone who can use the site gets
 * `use`; licensed users `create_space`; site admins `administer` (targetType `application`).
 */
export function globalOperations(state: SiteState, p: Principal): { operation: string; targetType: string }[] {
  if (p.kind === 'anonymous') return state.settings.anonymousAccess ? [{ operation: 'use', targetType: 'application' }] : [];
  const ops = [{ operation: 'use', targetType: 'application' }];
  const u = p.user;
  if (p.kind === 'user' && u.accountType === 'atlassian' && !u.isGuest) ops.push({ operation: 'create_space', targetType: 'application' });
  if (u.siteAdmin) ops.push({ operation: 'administer', targetType: 'application' });
  return ops;
}

function requireCredentials(ctx: RequestContext): void {
  if (ctx.principal.kind === 'anonymous') throw new HttpError(401, v1ErrorBody(401, 'This resource requires authentication'));
}

function requiredAccount(ctx: RequestContext) {
  const accountId = ctx.query.get('accountId');
  if (!accountId) fail400('accountId is required');
  const user = ctx.state.getUser(accountId);
  if (!user) v1Fail(404, `No user found with accountId: ${accountId}`);
  return user;
}

/** `GET /wiki/rest/api/user?accountId=` (getUser). Anonymous callers get 401. */
export function getUser(ctx: RequestContext): RouteResult {
  requireCredentials(ctx);
  const user = requiredAccount(ctx);
  const expand = multi(ctx.query, 'expand');
  const self = ctx.view.accountId === user.accountId;
  const principal: Principal = user.accountType === 'app' ? { kind: 'app', user } : { kind: 'user', user };
  return {
    status: 200,
    json: v1User(ctx.state, user, {
      self,
      operations: expand.includes('operations') ? globalOperations(ctx.state, principal) : undefined,
      personalSpace: expand.includes('personalSpace'),
    }),
  };
}

/** `GET /wiki/rest/api/user/current` (getCurrentUser): the caller; anonymous callers get the anonymous user. */
export function getCurrentUser(ctx: RequestContext): RouteResult {
  const expand = multi(ctx.query, 'expand');
  const operations = expand.includes('operations') ? globalOperations(ctx.state, ctx.principal) : undefined;
  if (ctx.principal.kind === 'anonymous') return { status: 200, json: v1AnonymousUser(ctx.state, operations) };
  return {
    status: 200,
    json: v1User(ctx.state, ctx.principal.user, { self: true, operations, personalSpace: expand.includes('personalSpace') }),
  };
}

/** `GET /wiki/rest/api/user/memberof?accountId=` (getGroupMembershipsForUser), the licensed-users group included. */
export function getGroupMembershipsForUser(ctx: RequestContext): RouteResult {
  requireCredentials(ctx);
  const user = requiredAccount(ctx);
  const start = intParam(ctx.query, 'start', 0, 0, 1_000_000, fail400);
  const limit = Math.min(intParam(ctx.query, 'limit', 200, 0, 1_000_000, fail400), 200);
  const all = ctx.state.groupsOf(user.accountId);
  const slice = all.slice(start, start + limit);
  return {
    status: 200,
    json: {
      results: slice.map((g) => v1Group(ctx.state, g)),
      start,
      limit,
      size: slice.length,
      _links: links(ctx.state, selfPath(ctx)),
    },
  };
}

/** `GET /wiki/rest/api/group/{groupId}/membersByGroupId` (getGroupMembersByGroupId); limit > 200 → 400. */
export function getGroupMembersByGroupId(ctx: RequestContext): RouteResult {
  requireCredentials(ctx);
  const group = ctx.state.groups.get(ctx.params.groupId ?? '');
  if (!group) v1Fail(404, `No group found with id: ${ctx.params.groupId ?? ''}`);
  const start = intParam(ctx.query, 'start', 0, 0, 1_000_000, fail400);
  const limit = intParam(ctx.query, 'limit', 200, 0, 1_000_000, fail400);
  if (limit > 200) fail400('limit must not be greater than 200');
  const members = ctx.state.groupMembers(group);
  const slice = members.slice(start, start + limit);
  const extra: Record<string, string> = {};
  if (start + limit < members.length) extra.next = `/rest/api/group/${group.id}/membersByGroupId?start=${start + limit}&limit=${limit}`;
  const json: Record<string, unknown> = {
    results: slice.map((u) => v1User(ctx.state, u)),
    start,
    limit,
    size: slice.length,
  };
  if (ctx.query.get('shouldReturnTotalSize') === 'true') json.totalSize = members.length;
  json._links = links(ctx.state, selfPath(ctx), extra);
  return { status: 200, json };
}

/**
 * `GET /wiki/rest/api/group` (getGroups): every group, sorted by name (the licensed-users group included), paginated
 * by `start`/`limit` (default and cap 200) with `_links.next`. `accessType` is accepted and ignored. Anonymous → 401.
 */
export function getGroups(ctx: RequestContext): RouteResult {
  requireCredentials(ctx);
  const accessType = ctx.query.get('accessType');
  if (accessType !== null && !['user', 'admin', 'site-admin'].includes(accessType)) fail400('accessType must be user, admin or site-admin');
  const start = intParam(ctx.query, 'start', 0, 0, 1_000_000, fail400);
  const limit = Math.min(intParam(ctx.query, 'limit', 200, 0, 1_000_000, fail400), 200);
  const all = [...ctx.state.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const slice = all.slice(start, start + limit);
  const extra: Record<string, string> = {};
  if (limit > 0 && start + limit < all.length) extra.next = `/rest/api/group?start=${start + limit}&limit=${limit}`;
  return {
    status: 200,
    json: { results: slice.map((g) => v1Group(ctx.state, g)), start, limit, size: slice.length, _links: links(ctx.state, selfPath(ctx), extra) },
  };
}
