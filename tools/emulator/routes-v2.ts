/**
 * REST v2 handlers (`/wiki/api/v2/...`): spaces, pages, blog posts, space permissions, role assignments, roles,
 * permitted operations and bulk users. Each follows the operation of the same path and method in the v2 OpenAPI spec
 * (operationId in each docstring). Paginated lists return the next page both in the `Link` header
 * (`<…>; rel="next", <base>; rel="base"`) and in `_links.next` (relative, starting `/wiki/api/v2/`).
 */
import { boolParam, intParam, isNumericId, multi, v2ErrorBody, v2Fail, HttpError, type RequestContext, type RouteResult } from './http';
import { afterPageServed, getListing, plainListing, servePage, type Listing } from './listing';
import type { ContentNode, ContentStatus, PrincipalRef, SpaceRec, StatusFilter } from './model';
import { validateRequestBody } from './openapi';
import type { SortDirs, SortKey } from './paging';
import { positionOf, wikiBase } from './shapes-v1';
import { v2BlogPost, v2Page, v2PermissionPrincipal, v2RolePrincipal, v2Space, v2User, type BodyFormat } from './shapes-v2';

function fail400(msg: string): never {
  return v2Fail(400, msg);
}

function v2Limit(ctx: RequestContext): number {
  return Math.min(intParam(ctx.query, 'limit', 25, 1, 250, fail400), ctx.state.settings.pageCaps.v2);
}

function oneOf<T extends string>(ctx: RequestContext, name: string, allowed: readonly T[]): T | undefined {
  const v = ctx.query.get(name);
  if (v === null || v === '') return undefined;
  if (!(allowed as readonly string[]).includes(v)) fail400(`Provided value {${v}} for '${name}' is not one of ${allowed.join(', ')}`);
  return v as T;
}

function manyOf<T extends string>(ctx: RequestContext, name: string, allowed: readonly T[]): T[] {
  const values = multi(ctx.query, name);
  for (const v of values) if (!(allowed as readonly string[]).includes(v)) fail400(`Provided value {${v}} for '${name}' is not one of ${allowed.join(', ')}`);
  return values as T[];
}

function visibleSpace(ctx: RequestContext): SpaceRec {
  const id = ctx.params.id;
  if (!isNumericId(id)) fail400(`Provided value {${id ?? ''}} for 'id' is not the correct type. Expected type is Long`);
  const space = ctx.state.getSpace(id);
  if (!space || !ctx.view.canViewSpace(space)) v2Fail(404, 'Not Found', `Space ${id} was not found or you are not permitted to view it`);
  return space;
}

/** Builds the paginated response: `results`, `_links.{next,base}` and the `Link` header. */
function paged(ctx: RequestContext, results: unknown[], nextCursor: string | null): RouteResult {
  const base = wikiBase(ctx.state);
  const links: Record<string, string> = {};
  const header: string[] = [];
  if (nextCursor) {
    const q = new URLSearchParams(ctx.query);
    q.delete('cursor');
    q.set('cursor', nextCursor);
    links.next = `${ctx.path}?${q.toString()}`;
    header.push(`<${links.next}>; rel="next"`);
  }
  links.base = base;
  header.push(`<${base}>; rel="base"`);
  return { status: 200, json: { results, _links: links }, headers: { Link: header.join(', ') } };
}

function page<T>(ctx: RequestContext, listing: Listing<T>, render: (item: T) => unknown): RouteResult {
  const p = servePage(ctx, listing, ctx.query.get('cursor'), v2Limit(ctx), fail400);
  return paged(ctx, p.items.map(render), p.nextCursor);
}

const SPACE_SORTS = ['id', '-id', 'key', '-key', 'name', '-name'] as const;
const SPACE_TYPES = ['global', 'collaboration', 'knowledge_base', 'personal', 'system', 'onboarding', 'xflow_sample_space'] as const;

/** `GET /wiki/api/v2/spaces` (getSpaces): spaces the caller can view, filtered by ids, keys, type and status. */
export function getSpaces(ctx: RequestContext): RouteResult {
  const ids = multi(ctx.query, 'ids');
  for (const id of ids) if (!isNumericId(id)) fail400(`Provided value {${id}} for 'ids' is not the correct type. Expected type is Long`);
  if (ids.length > 250) fail400('ids accepts at most 250 values');
  const keys = multi(ctx.query, 'keys').map((k) => k.toLowerCase());
  if (keys.length > 250) fail400('keys accepts at most 250 values');
  const type = oneOf(ctx, 'type', SPACE_TYPES);
  const status = oneOf(ctx, 'status', ['current', 'archived'] as const);
  const sort = oneOf(ctx, 'sort', SPACE_SORTS) ?? 'id';
  const descriptionFormat = oneOf(ctx, 'description-format', ['plain', 'view'] as const);
  const includeIcon = boolParam(ctx.query, 'include-icon', false);
  const idSet = new Set(ids.map((i) => String(Number(i))));
  const keySet = new Set(keys);
  const spaces = ctx.state
    .spaceList()
    .filter(
      (s) =>
        ctx.view.canViewSpace(s) &&
        (idSet.size === 0 || idSet.has(s.id)) &&
        (keySet.size === 0 || keySet.has(s.key.toLowerCase())) &&
        (!type || s.type === type) &&
        (!status || s.status === status),
    );
  const field = sort.replace('-', '') as 'id' | 'key' | 'name';
  const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
  const keyOf = (s: SpaceRec): SortKey => (field === 'id' ? [s.numId] : [field === 'key' ? s.key.toLowerCase() : s.name.toLowerCase(), s.numId]);
  const listing = plainListing(`v2-spaces\n${ctx.view.key}\n${[...idSet].join(',')}\n${[...keySet].join(',')}\n${type}\n${status}\n${sort}`, spaces, keyOf, [
    dir,
    dir,
  ]);
  return page(ctx, listing, (s) => v2Space(s, { descriptionFormat, includeIcon }));
}

function spaceOperations(ctx: RequestContext, space: SpaceRec): { operation: string; targetType: string }[] {
  return [...ctx.view.spaceOperations(space)].sort().map((id) => {
    const [operation, targetType] = id.split('/') as [string, string];
    return { operation, targetType };
  });
}

interface PermissionItem {
  id: string;
  principal: { type: 'user' | 'group' | 'role'; id: string };
  operation: { key: string; targetType: string };
}

function permissionItems(ctx: RequestContext, space: SpaceRec): PermissionItem[] {
  const out: PermissionItem[] = [];
  const push = (p: PrincipalRef, op: string): void => {
    const [key, targetType] = op.split('/') as [string, string];
    out.push({ id: `${space.id}${String(out.length + 1).padStart(4, '0')}`, principal: v2PermissionPrincipal(ctx.state, p), operation: { key, targetType } });
  };
  if (ctx.state.settings.roleMode === 'PERMISSIONS') {
    for (const p of space.permissions) for (const op of p.operations) push(p.principal, op);
  } else {
    for (const a of space.roleAssignments) for (const op of ctx.state.roles.get(a.roleId)?.spacePermissions ?? []) push(a.principal, op);
  }
  return out;
}

/** `GET /wiki/api/v2/spaces/{id}` (getSpaceById), with `include-operations` and `include-permissions` (first 50). */
export function getSpaceById(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  const out = v2Space(space, {
    descriptionFormat: oneOf(ctx, 'description-format', ['plain', 'view'] as const),
    includeIcon: boolParam(ctx.query, 'include-icon', false),
  });
  if (boolParam(ctx.query, 'include-operations', false)) {
    const ops = spaceOperations(ctx, space);
    out.operations = {
      results: ops.slice(0, 50),
      meta: { hasMore: ops.length > 50, cursor: '' },
      _links: { self: `/wiki/api/v2/spaces/${space.id}/operations` },
    };
  }
  if (boolParam(ctx.query, 'include-permissions', false)) {
    const perms = permissionItems(ctx, space);
    out.permissions = {
      results: perms.slice(0, 50),
      meta: { hasMore: perms.length > 50, cursor: '' },
      _links: { self: `/wiki/api/v2/spaces/${space.id}/permissions` },
    };
  }
  out._links = { ...(out._links as Record<string, string>), base: wikiBase(ctx.state) };
  return { status: 200, json: out };
}

const PAGE_SORTS = ['id', '-id', 'created-date', '-created-date', 'modified-date', '-modified-date', 'title', '-title'] as const;
const BLOG_SORTS = ['id', '-id', 'created-date', '-created-date', 'modified-date', '-modified-date'] as const;

function contentSort(sort: string): { keyOf: (n: ContentNode) => SortKey; dirs: SortDirs; idOrder?: 'asc' | 'desc' } {
  const dir: 1 | -1 = sort.startsWith('-') ? -1 : 1;
  switch (sort.replace('-', '')) {
    case 'created-date':
      return { keyOf: (n) => [n.createdMs, n.numId], dirs: [dir, dir] };
    case 'modified-date':
      return { keyOf: (n) => [n.lastModifiedMs, n.numId], dirs: [dir, dir] };
    case 'title':
      return { keyOf: (n) => [n.title.toLowerCase(), n.numId], dirs: [dir, dir] };
    default:
      return { keyOf: (n) => [n.numId], dirs: [dir], idOrder: dir === 1 ? 'asc' : 'desc' };
  }
}

/**
 * `GET /wiki/api/v2/spaces/{id}/pages` (getPagesInSpace): `depth` all|root, `sort`, `status` (default current and
 * archived), exact `title`, `body-format`. Only pages the caller can view.
 */
export function getPagesInSpace(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  const depth = oneOf(ctx, 'depth', ['all', 'root'] as const) ?? 'all';
  const sort = oneOf(ctx, 'sort', PAGE_SORTS) ?? 'id';
  const statusList = manyOf(ctx, 'status', ['current', 'archived', 'deleted', 'trashed'] as const);
  const statuses: StatusFilter = new Set<ContentStatus>(
    (statusList.length > 0 ? statusList : ['current', 'archived']).filter((s): s is ContentStatus => s !== 'deleted'),
  );
  const title = ctx.query.get('title');
  const bodyFormat = oneOf(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const { keyOf, dirs, idOrder } = contentSort(sort);
  const listing = getListing(ctx, {
    id: `v2-pages\n${space.id}\n${depth}\n${sort}\n${[...statuses].sort().join(',')}\n${title ?? ''}`,
    candidates: () => ctx.state.contentOfSpace(space),
    filter: (n) => n.type === 'page' && (depth === 'all' || n.parent === null) && (title === null || n.title === title) && ctx.view.canView(n, statuses),
    keyOf,
    dirs,
    idOrder,
  });
  const p = servePage(ctx, listing, ctx.query.get('cursor'), v2Limit(ctx), fail400);
  const result = paged(
    ctx,
    p.items.map((n) => v2Page(n, { bodyFormat, position: positionOf(ctx.state, n) })),
    p.nextCursor,
  );
  afterPageServed(ctx, listing, p);
  return result;
}

/** `GET /wiki/api/v2/spaces/{id}/blogposts` (getBlogPostsInSpace): `sort`, `status` (default current), `title`. */
export function getBlogPostsInSpace(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  const sort = oneOf(ctx, 'sort', BLOG_SORTS) ?? 'id';
  const statusList = manyOf(ctx, 'status', ['current', 'deleted', 'trashed'] as const);
  const statuses: StatusFilter = new Set<ContentStatus>((statusList.length > 0 ? statusList : ['current']).filter((s): s is ContentStatus => s !== 'deleted'));
  const title = ctx.query.get('title');
  const bodyFormat = oneOf(ctx, 'body-format', ['storage', 'atlas_doc_format'] as const);
  const { keyOf, dirs, idOrder } = contentSort(sort);
  const listing = getListing(ctx, {
    id: `v2-blogposts\n${space.id}\n${sort}\n${[...statuses].sort().join(',')}\n${title ?? ''}`,
    candidates: () => ctx.state.contentOfSpace(space),
    filter: (n) => n.type === 'blogpost' && (title === null || n.title === title) && ctx.view.canView(n, statuses),
    keyOf,
    dirs,
    idOrder,
  });
  const p = servePage(ctx, listing, ctx.query.get('cursor'), v2Limit(ctx), fail400);
  const result = paged(
    ctx,
    p.items.map((n) => v2BlogPost(n, { bodyFormat })),
    p.nextCursor,
  );
  afterPageServed(ctx, listing, p);
  return result;
}

const SINGLE_STATUSES = ['current', 'archived', 'trashed', 'deleted', 'historical', 'draft'] as const;
const SINGLE_BODY = ['storage', 'atlas_doc_format', 'view', 'export_view', 'anonymous_export_view', 'styled_view', 'editor'] as const;

function visibleContent(ctx: RequestContext, type: 'page' | 'blogpost'): ContentNode {
  const id = ctx.params.id;
  if (!isNumericId(id)) fail400(`Provided value {${id ?? ''}} for 'id' is not the correct type. Expected type is Long`);
  const list = manyOf(ctx, 'status', SINGLE_STATUSES);
  const wanted = new Set<ContentStatus>(
    (list.length > 0 ? list : ['current', 'archived']).filter(
      (s): s is ContentStatus => s === 'current' || s === 'archived' || s === 'trashed' || s === 'draft',
    ),
  );
  if (boolParam(ctx.query, 'get-draft', false)) wanted.add('draft');
  const node = ctx.state.getContent(id);
  if (!node || node.type !== type || !ctx.view.canView(node, wanted))
    v2Fail(404, 'Not Found', `Content ${id} was not found or you are not permitted to view it`);
  return node;
}

function contentOperations(ctx: RequestContext, node: ContentNode): Record<string, unknown> {
  const ops = [{ operation: 'read', targetType: node.type }];
  if (ctx.view.canEdit(node)) ops.push({ operation: 'update', targetType: node.type });
  if (ctx.view.canRestrict(node)) ops.push({ operation: 'restrict_content', targetType: node.type });
  return {
    results: ops,
    meta: { hasMore: false, cursor: '' },
    _links: { self: `/wiki/api/v2/${node.type === 'page' ? 'pages' : 'blogposts'}/${node.id}/operations` },
  };
}

/** `GET /wiki/api/v2/pages/{id}` (getPageById): 404 when missing or not viewable (never leaks existence). */
export function getPageById(ctx: RequestContext): RouteResult {
  const node = visibleContent(ctx, 'page');
  const bodyFormat = oneOf(ctx, 'body-format', SINGLE_BODY);
  const out = v2Page(node, {
    bodyFormat: bodyFormat as BodyFormat | undefined,
    includeVersion: boolParam(ctx.query, 'include-version', true),
    position: positionOf(ctx.state, node),
  });
  if (bodyFormat && !['storage', 'atlas_doc_format', 'view'].includes(bodyFormat)) out.body = {};
  if (boolParam(ctx.query, 'include-operations', false)) out.operations = contentOperations(ctx, node);
  out._links = { ...(out._links as Record<string, string>), base: wikiBase(ctx.state) };
  return { status: 200, json: out };
}

/** `GET /wiki/api/v2/blogposts/{id}` (getBlogPostById): 404 when missing or not viewable. */
export function getBlogPostById(ctx: RequestContext): RouteResult {
  const node = visibleContent(ctx, 'blogpost');
  const bodyFormat = oneOf(ctx, 'body-format', SINGLE_BODY);
  const out = v2BlogPost(node, {
    bodyFormat: bodyFormat && ['storage', 'atlas_doc_format', 'view'].includes(bodyFormat) ? (bodyFormat as BodyFormat) : undefined,
  });
  if (!boolParam(ctx.query, 'include-version', true)) delete out.version;
  if (boolParam(ctx.query, 'include-operations', false)) out.operations = contentOperations(ctx, node);
  out._links = { ...(out._links as Record<string, string>), base: wikiBase(ctx.state) };
  return { status: 200, json: out };
}

/**
 * `GET /wiki/api/v2/spaces/{id}/permissions` (getSpacePermissionsAssignments): one item per (principal, operation).
 * See {@link v2PermissionPrincipal} for how anonymous and all-licensed access appear.
 */
export function getSpacePermissionsAssignments(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  const items = permissionItems(ctx, space);
  const index = new Map(items.map((p, i) => [p, i]));
  return page(
    ctx,
    plainListing(`v2-permissions\n${space.id}`, items, (p) => [index.get(p)!], [1]),
    (p) => p,
  );
}

function requireRoles(ctx: RequestContext): void {
  if (ctx.state.settings.roleMode !== 'ROLES') fail400('Space roles are not enabled on this site (space role mode is PRE_ROLES)');
}

function principalFilter(ctx: RequestContext): ((p: PrincipalRef) => boolean) | null {
  const id = ctx.query.get('principal-id');
  const type = oneOf(ctx, 'principal-type', ['USER', 'GROUP', 'ACCESS_CLASS'] as const);
  if ((id === null) !== (type === undefined)) fail400('principal-id and principal-type must be given together');
  if (id === null || !type) return null;
  return (p) => {
    const rp = v2RolePrincipal(p);
    return rp.principalType === type && rp.principalId === id;
  };
}

/** `GET /wiki/api/v2/spaces/{id}/role-assignments` (getSpaceRoleAssignments); 400 on classic (PRE_ROLES) sites. */
export function getSpaceRoleAssignments(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  requireRoles(ctx);
  const roleId = ctx.query.get('role-id');
  const roleType = ctx.query.get('role-type');
  const byPrincipal = principalFilter(ctx);
  const items = space.roleAssignments
    .filter(
      (a) => (!roleId || a.roleId === roleId) && (!roleType || ctx.state.roles.get(a.roleId)?.type === roleType) && (!byPrincipal || byPrincipal(a.principal)),
    )
    .map((a) => ({ principal: v2RolePrincipal(a.principal), roleId: a.roleId }));
  const index = new Map(items.map((p, i) => [p, i]));
  return page(
    ctx,
    plainListing(`v2-role-assignments\n${space.id}\n${roleId}\n${roleType}\n${ctx.query.get('principal-id')}`, items, (p) => [index.get(p)!], [1]),
    (p) => p,
  );
}

/** `GET /wiki/api/v2/space-role-mode` (getSpaceRoleMode): `PRE_ROLES` for classic sites, `ROLES` for RBAC sites. */
export function getSpaceRoleMode(ctx: RequestContext): RouteResult {
  return { status: 200, json: { mode: ctx.state.settings.roleMode === 'ROLES' ? 'ROLES' : 'PRE_ROLES' } };
}

/** `GET /wiki/api/v2/space-roles` (getAvailableSpaceRoles); `space-id` limits to roles assigned in that space. */
export function getAvailableSpaceRoles(ctx: RequestContext): RouteResult {
  requireRoles(ctx);
  const spaceId = ctx.query.get('space-id');
  let assignments: { principal: PrincipalRef; roleId: string }[] | null = null;
  if (spaceId) {
    if (!isNumericId(spaceId)) fail400(`Provided value {${spaceId}} for 'space-id' is not the correct type`);
    const space = ctx.state.getSpace(spaceId);
    if (!space || !ctx.view.canViewSpace(space)) v2Fail(404, 'Not Found', `Space ${spaceId} was not found or you are not permitted to view it`);
    assignments = space.roleAssignments;
  }
  const byPrincipal = principalFilter(ctx);
  if (byPrincipal) {
    const all = assignments ?? ctx.state.spaceList().flatMap((s) => s.roleAssignments);
    assignments = all.filter((a) => byPrincipal(a.principal));
  }
  const roleType = ctx.query.get('role-type');
  const used = assignments ? new Set(assignments.map((a) => a.roleId)) : null;
  const roles = [...ctx.state.roles.values()].filter((r) => (!used || used.has(r.id)) && (!roleType || r.type === roleType));
  const index = new Map(roles.map((r, i) => [r, i]));
  return page(
    ctx,
    plainListing(`v2-space-roles\n${spaceId}\n${roleType}\n${ctx.query.get('principal-id')}`, roles, (r) => [index.get(r)!], [1]),
    (r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      description: r.description,
      spacePermissions: r.spacePermissions,
    }),
  );
}

/** `GET /wiki/api/v2/spaces/{id}/operations` (getSpaceOperations): what the CALLER may do in the space. */
export function getSpaceOperations(ctx: RequestContext): RouteResult {
  const space = visibleSpace(ctx);
  return { status: 200, json: { operations: spaceOperations(ctx, space) } };
}

/** `POST /wiki/api/v2/users-bulk` (createBulkUserLookup): 1–250 accountIds; unknown ids are left out. */
export function createBulkUserLookup(ctx: RequestContext): RouteResult {
  if (ctx.principal.kind === 'anonymous') throw new HttpError(401, v2ErrorBody(401, 'Unauthorized', 'This resource requires authentication'));
  const errors = validateRequestBody('v2', '/users-bulk', 'post', ctx.body);
  if (errors.length > 0) fail400(`Invalid request body: ${errors.join('; ')}`);
  const ids = [...new Set((ctx.body as { accountIds: string[] }).accountIds)];
  const results = ids.flatMap((id) => {
    const u = ctx.state.getUser(id);
    return u ? [v2User(u)] : [];
  });
  const base = wikiBase(ctx.state);
  return { status: 200, json: { results, _links: { base } }, headers: { Link: `<${base}>; rel="base"` } };
}
