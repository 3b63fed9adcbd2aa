import type { SpaceAccess } from '../../shared/api';

/**
 * Who can see a space, normalised from either permission model so the rest of the app need not care:
 * - classic sites list space permissions (`getSpacePermissionsAssignments`, v2): principals are users, groups
 *   or roles; the licensed-users group (e.g. `confluence-users`) makes a space open to everyone;
 * - role-based sites (`getSpaceRoleMode` = `ROLES`) list role assignments (`getSpaceRoleAssignments`, v2) whose
 *   principals may be access classes such as `anonymous-users` and `all-licensed-users`.
 * (support.atlassian.com/confluence-cloud/docs/manage-permissions-on-the-space-level/)
 */

/** A principal granted something in a space. */
export type SpacePrincipal =
  | { kind: 'anonymous' }
  | { kind: 'all-licensed' }
  | { kind: 'group'; id: string; name: string }
  | { kind: 'user'; accountId: string }
  | { kind: 'other'; label: string };

/** One grant: a principal may view the space, and perhaps administer it. */
export interface SpaceGrant {
  principal: SpacePrincipal;
  canView: boolean;
  canAdminister: boolean;
}

/** Access-class ids of role-based sites that admit everyone with a licence or everyone at all. */
const ANONYMOUS_CLASSES = new Set(['anonymous-users', 'anonymous']);
const LICENSED_CLASSES = new Set(['all-licensed-users', 'authenticated-users', 'licensed-users']);

/**
 * Maps a classic v2 space permission (`{principal:{type,id}, operation:{key,targetType}}`) to a grant, or null
 * when it grants nothing about viewing or administering the space. Role principals whose id names anonymous
 * access are read as anonymous; how Confluence shows anonymous access in this list is not documented, so any
 * other role is kept visibly as `other` rather than guessed.
 * @param groupName resolves a group id to its name (null if unknown)
 */
export function grantFromPermission(
  permission: { principal: { type: string; id?: string | undefined }; operation: { key: string; targetType: string } },
  groupName: (id: string) => string | null,
): SpaceGrant | null {
  const { key, targetType } = permission.operation;
  if (targetType !== 'space' || (key !== 'read' && key !== 'administer')) return null;
  const id = permission.principal.id ?? '';
  let principal: SpacePrincipal;
  switch (permission.principal.type) {
    case 'user':
      principal = { kind: 'user', accountId: id };
      break;
    case 'group':
      principal = { kind: 'group', id, name: groupName(id) ?? id };
      break;
    case 'role':
      principal = /anonymous/i.test(id) ? { kind: 'anonymous' } : { kind: 'other', label: id };
      break;
    default:
      principal = { kind: 'other', label: `${permission.principal.type}:${id}` };
  }
  return { principal, canView: key === 'read', canAdminister: key === 'administer' };
}

/**
 * Maps a role assignment (`{principal:{principalType, principalId}, roleId}`) to a grant. Every space role
 * includes viewing the space; `adminRoleIds` are the roles that include administering it.
 */
export function grantFromRoleAssignment(
  assignment: { principal: { principalType: string; principalId?: string | undefined }; roleId: string },
  adminRoleIds: ReadonlySet<string>,
  groupName: (id: string) => string | null,
): SpaceGrant {
  const id = assignment.principal.principalId ?? '';
  let principal: SpacePrincipal;
  switch (assignment.principal.principalType) {
    case 'USER':
      principal = { kind: 'user', accountId: id };
      break;
    case 'GROUP':
      principal = { kind: 'group', id, name: groupName(id) ?? id };
      break;
    case 'ACCESS_CLASS':
      principal = ANONYMOUS_CLASSES.has(id.toLowerCase())
        ? { kind: 'anonymous' }
        : LICENSED_CLASSES.has(id.toLowerCase())
          ? { kind: 'all-licensed' }
          : { kind: 'other', label: id };
      break;
    default:
      principal = { kind: 'other', label: `${assignment.principal.principalType}:${id}` };
  }
  return { principal, canView: true, canAdminister: adminRoleIds.has(assignment.roleId) };
}

/**
 * Summarises grants into what the UI shows.
 * @param broadGroups group names that hold all licensed users (any case)
 * @param guests accountIds of guests who can view the space, directly or through a group (from the users'
 *   `isGuest`/`isExternalCollaborator`)
 * @param partial true when not every grant could be read
 */
export function summariseAccess(
  mode: 'PERMISSIONS' | 'ROLES',
  grants: readonly SpaceGrant[],
  broadGroups: readonly string[],
  guests: ReadonlySet<string>,
  partial = false,
): SpaceAccess {
  const broad = new Set(broadGroups.map((g) => g.toLowerCase()));
  let anonymous = false;
  let allLicensedUsers = false;
  const groups = new Map<string, { name: string; canView: boolean; canAdminister: boolean }>();
  const users = new Set<string>();
  for (const grant of grants) {
    const p = grant.principal;
    if (p.kind === 'anonymous' && grant.canView) anonymous = true;
    else if (p.kind === 'all-licensed' && grant.canView) allLicensedUsers = true;
    else if (p.kind === 'group') {
      const entry = groups.get(p.id) ?? { name: p.name, canView: false, canAdminister: false };
      entry.canView ||= grant.canView;
      entry.canAdminister ||= grant.canAdminister;
      groups.set(p.id, entry);
    } else if (p.kind === 'user' && grant.canView) users.add(p.accountId);
  }
  const viewGroups = [...groups.values()].filter((g) => g.canView);
  const broadGroupsGranted = viewGroups.filter((g) => broad.has(g.name.toLowerCase())).map((g) => g.name).sort();
  const level = anonymous ? 'public' : allLicensedUsers || broadGroupsGranted.length > 0 ? 'everyone' : 'limited';
  return {
    mode,
    level,
    anonymous,
    allLicensedUsers,
    broadGroups: broadGroupsGranted,
    groupCount: viewGroups.length,
    groups: viewGroups.map((g) => ({ name: g.name, canAdminister: g.canAdminister })).sort((a, b) => a.name.localeCompare(b.name)),
    userCount: users.size,
    guestCount: guests.size,
    partial,
  };
}
