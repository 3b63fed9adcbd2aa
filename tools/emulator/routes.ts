/**
 * The one table of every operation the emulator serves. REST routes name their spec path and method exactly as in
 * Atlassian's OpenAPI specs (v1 paths are absolute; v2 paths are relative to `/wiki/api/v2`), which the contract test
 * checks against the specs.
 */
import { executeGateway, type GraphqlRequest } from './graphql';
import { HttpError, type Method, type RequestContext, type RouteResult } from './http';
import * as v1 from './routes-v1';
import * as v2 from './routes-v2';

/** Which API a route belongs to. */
export type RouteApi = 'v1' | 'v2' | 'graphql';

/** One served operation. */
export interface RouteDef {
  method: Method;
  api: RouteApi;
  /** The path as written in the spec (v2 relative to `/wiki/api/v2`); for GraphQL, the URL path. */
  specPath: string;
  /** The spec's operationId (GraphQL: a descriptive name). */
  operationId: string;
  handler: (ctx: RequestContext) => RouteResult | Promise<RouteResult>;
}

/** Base path of REST v2 (the v2 spec's server URL path). */
export const V2_BASE = '/wiki/api/v2';

/** GraphQL gateway: authenticated callers only (401 for anonymous); faults may refuse it with a 403 error. */
async function graphqlHandler(ctx: RequestContext): Promise<RouteResult> {
  if (ctx.principal.kind === 'anonymous') {
    throw new HttpError(401, { errors: [{ message: 'Unauthorized: the GraphQL gateway needs credentials', extensions: { statusCode: 401 } }] });
  }
  const refusal = ctx.faults.graphqlRefusal(ctx.path);
  if (refusal) {
    return {
      status: 200,
      json: {
        errors: [{ message: refusal.message, extensions: { statusCode: refusal.statusCode, errorType: 'FORBIDDEN', classification: 'PermissionDenied' } }],
        data: null,
      },
    };
  }
  const body = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as GraphqlRequest;
  const result = await executeGateway(ctx.state, ctx.principal, body);
  return { status: 200, json: result };
}

/** Every operation served, REST v1, REST v2 and GraphQL. */
export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/content/search', operationId: 'searchContentByCQL', handler: v1.searchContent },
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/content/{id}/restriction', operationId: 'getRestrictions', handler: v1.getRestrictions },
  { method: 'PUT', api: 'v1', specPath: '/wiki/rest/api/content/{id}/restriction', operationId: 'updateRestrictions', handler: v1.updateRestrictions },
  { method: 'POST', api: 'v1', specPath: '/wiki/rest/api/content/{id}/restriction', operationId: 'addRestrictions', handler: v1.addRestrictions },
  { method: 'DELETE', api: 'v1', specPath: '/wiki/rest/api/content/{id}/restriction', operationId: 'deleteRestrictions', handler: v1.deleteRestrictions },
  {
    method: 'GET',
    api: 'v1',
    specPath: '/wiki/rest/api/content/{id}/restriction/byOperation',
    operationId: 'getRestrictionsByOperation',
    handler: v1.getRestrictionsByOperation,
  },
  {
    method: 'GET',
    api: 'v1',
    specPath: '/wiki/rest/api/content/{id}/restriction/byOperation/{operationKey}',
    operationId: 'getRestrictionsForOperation',
    handler: v1.getRestrictionsForOperation,
  },
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/user', operationId: 'getUser', handler: v1.getUser },
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/user/current', operationId: 'getCurrentUser', handler: v1.getCurrentUser },
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/user/memberof', operationId: 'getGroupMembershipsForUser', handler: v1.getGroupMembershipsForUser },
  { method: 'GET', api: 'v1', specPath: '/wiki/rest/api/group', operationId: 'getGroups', handler: v1.getGroups },
  {
    method: 'GET',
    api: 'v1',
    specPath: '/wiki/rest/api/group/{groupId}/membersByGroupId',
    operationId: 'getGroupMembersByGroupId',
    handler: v1.getGroupMembersByGroupId,
  },
  { method: 'GET', api: 'v2', specPath: '/spaces', operationId: 'getSpaces', handler: v2.getSpaces },
  { method: 'GET', api: 'v2', specPath: '/spaces/{id}', operationId: 'getSpaceById', handler: v2.getSpaceById },
  { method: 'GET', api: 'v2', specPath: '/spaces/{id}/pages', operationId: 'getPagesInSpace', handler: v2.getPagesInSpace },
  { method: 'GET', api: 'v2', specPath: '/spaces/{id}/blogposts', operationId: 'getBlogPostsInSpace', handler: v2.getBlogPostsInSpace },
  { method: 'GET', api: 'v2', specPath: '/pages/{id}', operationId: 'getPageById', handler: v2.getPageById },
  { method: 'GET', api: 'v2', specPath: '/blogposts/{id}', operationId: 'getBlogPostById', handler: v2.getBlogPostById },
  {
    method: 'GET',
    api: 'v2',
    specPath: '/spaces/{id}/permissions',
    operationId: 'getSpacePermissionsAssignments',
    handler: v2.getSpacePermissionsAssignments,
  },
  { method: 'GET', api: 'v2', specPath: '/spaces/{id}/role-assignments', operationId: 'getSpaceRoleAssignments', handler: v2.getSpaceRoleAssignments },
  { method: 'GET', api: 'v2', specPath: '/space-role-mode', operationId: 'getSpaceRoleMode', handler: v2.getSpaceRoleMode },
  { method: 'GET', api: 'v2', specPath: '/space-roles', operationId: 'getAvailableSpaceRoles', handler: v2.getAvailableSpaceRoles },
  { method: 'GET', api: 'v2', specPath: '/spaces/{id}/operations', operationId: 'getSpaceOperations', handler: v2.getSpaceOperations },
  { method: 'POST', api: 'v2', specPath: '/users-bulk', operationId: 'createBulkUserLookup', handler: v2.createBulkUserLookup },
  { method: 'POST', api: 'graphql', specPath: '/graphql', operationId: 'graphql', handler: graphqlHandler },
  { method: 'POST', api: 'graphql', specPath: '/gateway/api/graphql', operationId: 'graphql (gateway path)', handler: graphqlHandler },
];

/** The URL path template of a route (`/wiki/api/v2` prepended for v2). */
export function urlTemplate(r: RouteDef): string {
  return r.api === 'v2' ? `${V2_BASE}${r.specPath}` : r.specPath;
}

interface CompiledRoute {
  route: RouteDef;
  re: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = urlTemplate(route)
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, re: new RegExp(`^${pattern}/?$`), names };
});

/** Finds the route for a method and path: the route and its parameters, `method-not-allowed`, or null. */
export function matchRoute(method: string, path: string): { route: RouteDef; params: Record<string, string> } | 'method-not-allowed' | null {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params: Record<string, string> = {};
    try {
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]!);
      });
    } catch {
      return null;
    }
    return { route: c.route, params };
  }
  return pathMatched ? 'method-not-allowed' : null;
}
