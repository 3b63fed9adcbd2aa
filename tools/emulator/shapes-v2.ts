/**
 * REST v2 (`/wiki/api/v2/...`) response shapes, following the v2 OpenAPI spec's components: `SpaceBulk`/`SpaceSingle`,
 * `PageBulk`/`PageSingle`, `BlogPostBulk`, `User`, `SpacePermissionAssignment`, `SpaceRoleAssignment`, `SpaceRole`.
 *
 * Where the spec's prose says "null" but its schema does not allow null (e.g. `parentId` of a root page), the field is
 * omitted so the response validates (emulator assumption, see docs/emulator.md).
 */
import type { ContentNode, PrincipalRef, SiteState, SpaceRec, UserRec } from './model';
import { profilePicture, tinyId, visibleDisplayName, visibleEmail, webuiPath } from './shapes-v1';

/** v2 `SpaceBulk`. `descriptionFormat` adds `description.<format>`; `includeIcon` adds `icon`. */
export function v2Space(s: SpaceRec, opts: { descriptionFormat?: 'plain' | 'view'; includeIcon?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    key: s.key,
    name: s.name,
    type: s.type,
    status: s.status,
  };
  if (s.createdBy) out.authorId = s.createdBy;
  if (s.type === 'personal' && s.createdBy) out.spaceOwnerId = s.createdBy;
  out.createdAt = s.createdAt;
  if (s.homepageId) out.homepageId = s.homepageId;
  out.currentActiveAlias = s.key;
  if (opts.descriptionFormat) {
    const value = opts.descriptionFormat === 'view' ? `<p>${escapeHtml(s.description)}</p>` : s.description;
    out.description = { [opts.descriptionFormat]: { representation: opts.descriptionFormat, value } };
  }
  if (opts.includeIcon) {
    out.icon = {
      path: `/wiki/download/attachments/${s.numId}/space-icon.png`,
      apiDownloadLink: `/wiki/api/v2/spaces/${s.id}/icon`,
    };
  }
  out._links = { webui: `/spaces/${encodeURIComponent(s.key)}` };
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function v2Version(node: ContentNode): Record<string, unknown> {
  return { createdAt: node.lastModifiedAt, message: '', number: node.version, minorEdit: false, authorId: node.lastModifiedBy };
}

function v2Links(node: ContentNode): Record<string, string> {
  return {
    webui: webuiPath(node),
    editui: `/pages/resumedraft.action?draftId=${node.id}`,
    tinyui: `/x/${tinyId(node)}`,
  };
}

/** Body representations the v2 content endpoints accept (`body-format`). */
export type BodyFormat = 'storage' | 'atlas_doc_format' | 'view';

function v2Body(node: ContentNode, format: BodyFormat | undefined): Record<string, unknown> {
  if (!format) return {};
  const text = escapeHtml(node.title);
  const value =
    format === 'atlas_doc_format'
      ? JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: node.title }] }] })
      : `<p>${text}</p>`;
  return { [format]: { representation: format, value } };
}

/** v2 `PageBulk` / `PageSingle`. */
export function v2Page(node: ContentNode, opts: { bodyFormat?: BodyFormat; includeVersion?: boolean; position: number }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: node.id,
    status: node.status,
    title: node.title,
    spaceId: node.space.id,
  };
  if (node.parent) {
    out.parentId = node.parent.id;
    out.parentType = 'page';
  }
  out.position = opts.position;
  out.authorId = node.authorId;
  out.ownerId = node.authorId;
  out.lastOwnerId = null;
  out.createdAt = node.createdAt;
  if (opts.includeVersion !== false) out.version = v2Version(node);
  out.body = v2Body(node, opts.bodyFormat);
  out._links = v2Links(node);
  return out;
}

/** v2 `BlogPostBulk`. */
export function v2BlogPost(node: ContentNode, opts: { bodyFormat?: BodyFormat } = {}): Record<string, unknown> {
  return {
    id: node.id,
    status: node.status,
    title: node.title,
    spaceId: node.space.id,
    authorId: node.authorId,
    createdAt: node.createdAt,
    version: v2Version(node),
    body: v2Body(node, opts.bodyFormat),
    _links: v2Links(node),
  };
}

/**
 * v2 `User` (`POST /wiki/api/v2/users-bulk`). Hidden fields follow profile visibility: email `""`, displayName falls
 * back to publicName, timeZone omitted (the v2 schema does not allow null).
 */
export function v2User(u: UserRec): Record<string, unknown> {
  const pic = profilePicture(u);
  const out: Record<string, unknown> = {
    accountId: u.accountId,
    accountType: u.accountType,
    accountStatus: u.status,
    email: visibleEmail(u, false),
    publicName: u.publicName,
    displayName: visibleDisplayName(u, false),
    profilePicture: pic,
    isExternalCollaborator: u.isGuest,
  };
  if (u.visibility.timeZone === 'public') out.timeZone = u.timeZone;
  if (u.personalSpace) out.personalSpaceId = u.personalSpace.id;
  return out;
}

/**
 * The v2 `SpacePermissionAssignment.principal` for a site-file principal. The spec allows only `user|group|role`:
 * - `all-licensed` is emitted as a `group` grant to the default licensed-users group (what classic sites store);
 * - `anonymous` is emitted as `{type:'role', id:'ANONYMOUS'}` and ROLES-mode `authenticated` as
 *   `{type:'role', id:'AUTHENTICATED_USERS'}` — emulator assumptions, Atlassian does not document these.
 */
export function v2PermissionPrincipal(state: SiteState, p: PrincipalRef): { type: 'user' | 'group' | 'role'; id: string } {
  switch (p.type) {
    case 'user':
      return { type: 'user', id: p.accountId };
    case 'group':
      return { type: 'group', id: p.groupId };
    case 'all-licensed':
      return { type: 'group', id: state.licensedGroup.id };
    case 'anonymous':
      return { type: 'role', id: 'ANONYMOUS' };
    case 'authenticated':
      return { type: 'role', id: 'AUTHENTICATED_USERS' };
  }
}

/** The v2 role-assignment `Principal` for a site-file principal (ACCESS_CLASS for the access classes). */
export function v2RolePrincipal(p: PrincipalRef): { principalType: 'USER' | 'GROUP' | 'ACCESS_CLASS'; principalId: string } {
  switch (p.type) {
    case 'user':
      return { principalType: 'USER', principalId: p.accountId };
    case 'group':
      return { principalType: 'GROUP', principalId: p.groupId };
    case 'all-licensed':
      return { principalType: 'ACCESS_CLASS', principalId: 'all-licensed-users' };
    case 'anonymous':
      return { principalType: 'ACCESS_CLASS', principalId: 'anonymous-users' };
    case 'authenticated':
      return { principalType: 'ACCESS_CLASS', principalId: 'authenticated-users' };
  }
}
