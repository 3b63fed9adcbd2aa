import type { SpaceAccess } from '../../shared/api';
import { grantFromPermission, grantFromRoleAssignment, summariseAccess, type SpaceGrant } from '../../domain/exposure/space-access';
import type { ConfluenceClient, Page } from './client';
import { ConfluenceError } from './errors';
import type { ConfluencePath } from './path';

/** Upper bound on pages read from any one listing, so a misbehaving server cannot keep us looping. */
const MAX_LISTING_PAGES = 40;
/** Groups granting view whose members are checked for guests, and pages of members read per group. */
const MAX_GROUPS_INSPECTED = 20;
const MAX_MEMBER_PAGES = 5;

async function collect<T>(fetchPage: (next: ConfluencePath | null) => Promise<Page<T>>, maxPages = MAX_LISTING_PAGES): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let next: ConfluencePath | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await fetchPage(next);
    items.push(...page.results);
    if (!page.next) return { items, complete: true };
    next = page.next;
  }
  return { items, complete: false };
}

/**
 * The space permission model of the site: `ROLES` when `getSpaceRoleMode` says so, else `PERMISSIONS`
 * (sites without role-based access control may not serve that operation at all: 404 means classic).
 */
export async function readRoleMode(client: ConfluenceClient): Promise<'PERMISSIONS' | 'ROLES'> {
  try {
    return (await client.spaceRoleMode()).toUpperCase() === 'ROLES' ? 'ROLES' : 'PERMISSIONS';
  } catch (e) {
    if (e instanceof ConfluenceError && e.kind === 'not-found') return 'PERMISSIONS';
    throw e;
  }
}

/**
 * Reads who can see a space and summarises it. Needs only permission to view the space, so it runs as the
 * viewing person. Group ids are named from `getGroups`; guests are found with `createBulkUserLookup`.
 * Operations: getSpaceRoleMode, getSpacePermissionsAssignments | getSpaceRoleAssignments + getAvailableSpaceRoles,
 * getGroups, createBulkUserLookup, and getGroupMembersByGroupId for the named groups granting view (guests can be
 * members; up to 20 groups × 1,000 members, beyond which the summary is marked partial).
 * @param broadGroups group names that hold all licensed users
 */
export async function readSpaceAccess(client: ConfluenceClient, spaceId: string, broadGroups: readonly string[]): Promise<SpaceAccess> {
  const mode = await readRoleMode(client);
  const groups = await collect((next) => client.groups(next));
  const names = new Map(groups.items.map((g) => [g.id, g.name]));
  const groupName = (id: string) => names.get(id) ?? null;
  let grants: SpaceGrant[];
  let complete = groups.complete;
  if (mode === 'ROLES') {
    const [assignments, roles] = await Promise.all([
      collect((next) => client.roleAssignments(spaceId, next)),
      collect((next) => client.spaceRoles(next)),
    ]);
    const adminRoles = new Set(
      roles.items
        .filter((r) => (r.spacePermissions ?? []).some((p) => /administer/i.test(p)) || /admin/i.test(r.name ?? ''))
        .map((r) => r.id),
    );
    grants = assignments.items.map((a) => grantFromRoleAssignment(a, adminRoles, groupName));
    complete &&= assignments.complete && roles.complete;
  } else {
    const permissions = await collect((next) => client.spacePermissions(spaceId, next));
    grants = permissions.items.map((p) => grantFromPermission(p, groupName)).filter((g): g is SpaceGrant => g !== null);
    complete &&= permissions.complete;
  }
  const userIds = [...new Set(grants.flatMap((g) => (g.principal.kind === 'user' && g.canView ? [g.principal.accountId] : [])))];
  const users = userIds.length > 0 ? await client.usersBulk(userIds) : [];
  const isGuest = (u: { isGuest?: boolean | undefined; isExternalCollaborator?: boolean | undefined }) => u.isGuest === true || u.isExternalCollaborator === true;
  const guests = new Set(users.filter(isGuest).map((u) => u.accountId));
  // Guests can also come in through a named group: look inside the (few) groups that grant view, bounded.
  const broad = new Set(broadGroups.map((g) => g.toLowerCase()));
  const viewGroups = [...new Set(grants.flatMap((g) => (g.principal.kind === 'group' && g.canView && !broad.has(g.principal.name.toLowerCase()) ? [g.principal.id] : [])))];
  if (viewGroups.length > MAX_GROUPS_INSPECTED) complete = false;
  for (const groupId of viewGroups.slice(0, MAX_GROUPS_INSPECTED)) {
    const members = await collect((next) => client.groupMembers(groupId, next), MAX_MEMBER_PAGES);
    for (const u of members.items) if (isGuest(u)) guests.add(u.accountId);
    complete &&= members.complete;
  }
  return summariseAccess(mode, grants, broadGroups, guests, !complete);
}
