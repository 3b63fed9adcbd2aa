import { z } from 'zod';

/**
 * zod schemas for the parts of Confluence responses this app depends on. Unknown fields are ignored (Confluence
 * adds fields freely); a missing field we depend on makes the call fail with a clear `upstream` error rather than
 * an undefined deep in the domain. Shapes follow Atlassian's OpenAPI specs in ../shared/confluence-openapi
 * (component names in each docstring).
 */

const accountRef = z.object({ accountId: z.string() }).partial();

/** v1 `UserArray` inside a `ContentRestriction`: `{results:[User]}`. */
const userArray = z.object({ results: z.array(z.object({ accountId: z.string() })).default([]) });
/** v1 `GroupArray`: `{results:[Group]}`; `id` is the group id, `name` its name. */
const groupArray = z.object({ results: z.array(z.object({ name: z.string(), id: z.string().optional() })).default([]) });

/** v1 `ContentRestriction` (one operation), as expanded in search results. */
const restriction = z.object({
  restrictions: z.object({ user: userArray.optional(), group: groupArray.optional() }).optional(),
});

/** v1 `Content` as returned by `searchContentByCQL` with our expansions. */
export const searchContent = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  title: z.string(),
  ancestors: z.array(z.object({ id: z.string(), title: z.string().optional() })).optional(),
  restrictions: z.object({ read: restriction.optional(), update: restriction.optional() }).optional(),
  history: z
    .object({
      createdBy: accountRef.optional(),
      createdDate: z.string().optional(),
      lastUpdated: z.object({ when: z.string().optional(), by: accountRef.optional() }).optional(),
    })
    .optional(),
  version: z.object({ when: z.string().optional(), by: accountRef.optional() }).optional(),
  _links: z.object({ webui: z.string().optional() }).optional(),
});
export type SearchContent = z.infer<typeof searchContent>;

/** v1 `ContentArray` page from `searchContentByCQL`. */
export const contentArray = z.object({
  results: z.array(searchContent),
  limit: z.number().optional(),
  size: z.number().optional(),
  _links: z.object({ next: z.string().optional(), base: z.string().optional() }).optional(),
});

/** v2 `SpaceBulk` / `SpaceSingle` (the fields we use). */
export const space = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  _links: z.object({ webui: z.string().optional() }).optional(),
});
export type Space = z.infer<typeof space>;

/** v2 `MultiEntityResult<T>`: `{results, _links:{next?}}`. */
export function multiEntity<T extends z.ZodType>(item: T) {
  return z.object({
    results: z.array(item),
    _links: z.object({ next: z.string().optional() }).optional(),
  });
}

/** v2 `SpacePermissionAssignment`. */
export const spacePermission = z.object({
  id: z.string().optional(),
  principal: z.object({ type: z.string(), id: z.string().optional() }),
  operation: z.object({ key: z.string(), targetType: z.string() }),
});
export type SpacePermission = z.infer<typeof spacePermission>;

/** v2 `SpaceRoleAssignment`. */
export const roleAssignment = z.object({
  principal: z.object({ principalType: z.string(), principalId: z.string().optional() }),
  roleId: z.string(),
});
export type RoleAssignment = z.infer<typeof roleAssignment>;

/** v2 `SpaceRole` (the fields we use): its space permissions tell whether it grants administer. */
export const spaceRole = z.object({
  id: z.string(),
  name: z.string().optional(),
  spacePermissions: z.array(z.string()).optional(),
});

/** v2 `SpaceRoleMode`. */
export const spaceRoleMode = z.object({ mode: z.string() });

/** v2 `PermittedOperationsResponse`. */
export const permittedOperations = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })).default([]),
});

/** v1 `User` (`getUser`, `getCurrentUser`) and v2 `User` (`createBulkUserLookup`): the fields we use. */
export const user = z.object({
  accountId: z.string(),
  accountType: z.string().optional(),
  /** v2 users-bulk: `active`, `inactive` (deactivated), `closed`, `unknown`; absent from v1 user. */
  accountStatus: z.string().optional(),
  publicName: z.string().optional(),
  displayName: z.string().optional(),
  isGuest: z.boolean().optional(),
  isExternalCollaborator: z.boolean().optional(),
  profilePicture: z.object({ isDefault: z.boolean().optional(), path: z.string().optional() }).optional(),
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })).nullish(),
});
export type User = z.infer<typeof user>;

/** v1 `UserArray` from `getGroupMembersByGroupId`. */
export const userPage = z.object({
  results: z.array(user),
  _links: z.object({ next: z.string().optional() }).optional(),
});

/** v1 `GroupArrayWithLinks` from `getGroups`. */
export const groupPage = z.object({
  results: z.array(z.object({ id: z.string(), name: z.string() })),
  size: z.number().optional(),
  _links: z.object({ next: z.string().optional() }).optional(),
});

/** v1 `ContentRestrictionArray` / byOperation read restriction (for writes and checks). */
export const restrictionByOperation = restriction;
