/**
 * The site file: a JSON description of one Confluence Cloud site (users, groups, spaces, permissions, a content tree
 * with restrictions) that the emulator serves. `parseSite` validates the shape with zod and then cross-references ids;
 * every error names the field by its JSON path and the file it came from. The format is documented with an annotated
 * example in docs/emulator.md.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';

/** Space permission ids as Atlassian writes them (`GET /wiki/api/v2/space-permissions`): `<operation>/<targetType>`. */
const OPERATION_KEYS = [
  'use',
  'create',
  'read',
  'update',
  'delete',
  'copy',
  'move',
  'export',
  'purge',
  'purge_version',
  'administer',
  'restore',
  'create_space',
  'restrict_content',
  'archive',
] as const;
const TARGET_TYPES = ['page', 'blogpost', 'comment', 'attachment', 'whiteboard', 'database', 'embed', 'folder', 'space', 'application', 'userProfile'] as const;

/** An operation key of the v2 `SpacePermissionAssignment.operation.key` enum. */
export type OperationKey = (typeof OPERATION_KEYS)[number];
/** A target type of the v2 `SpacePermissionAssignment.operation.targetType` enum. */
export type TargetType = (typeof TARGET_TYPES)[number];

const SPACE_PERMISSION_RE = new RegExp(`^(${OPERATION_KEYS.join('|')})/(${TARGET_TYPES.join('|')})$`);

/**
 * Atlassian account ids: the 24-hex-digit legacy form (`5b10ac8d82e05b22cc7d4ef5`), the `<digits>:<uuid>` form
 * (`712020:5f2c…`), and the `qm:<uuid>:<uuid>` form used by customer accounts.
 */
const ACCOUNT_ID_RE = /^(?:[0-9a-f]{24}|\d{1,7}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|qm:[0-9a-f-]{36}:[0-9a-f-]{36})$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NUMERIC_ID_RE = /^[1-9]\d{0,15}$/;

const accountIdSchema = z.string().regex(ACCOUNT_ID_RE, 'must be an Atlassian accountId (24 hex digits or "<n>:<uuid>")');
const numericIdSchema = z.string().regex(NUMERIC_ID_RE, 'must be a numeric string id like "65538"');
const isoSchema = z.iso.datetime({ offset: true });
const visibilitySchema = z.enum(['public', 'private']);
/** Space permission written as its Atlassian id, e.g. `"read/space"`, `"create/page"`, `"administer/space"`. */
const spacePermissionIdSchema = z.string().regex(SPACE_PERMISSION_RE, 'must be "<operation>/<targetType>", e.g. "read/space" or "create/page"');

/** A reference to an account or group inside a restriction list (checked against users/groups after parsing). */
const refSchema = z.string().min(1);

const restrictionSetSchema = z.strictObject({
  /** accountIds of users (or the app) the restriction names. */
  users: z.array(refSchema).default([]),
  /** Group names or group ids the restriction names. */
  groups: z.array(refSchema).default([]),
});

const restrictionsSchema = z.strictObject({
  /** View restriction: inherits down the page tree. Empty = no restriction. */
  read: restrictionSetSchema.optional(),
  /** Edit restriction: does not inherit and never limits viewing. */
  update: restrictionSetSchema.optional(),
});

/** One page or blog post. Pages nest through `children`; blog posts are flat and cannot have children. */
export interface ContentItemJson {
  id: string;
  type?: 'page' | 'blogpost';
  title: string;
  status?: 'current' | 'archived' | 'trashed' | 'draft';
  author: string;
  created: string;
  lastModified?: string;
  lastModifiedBy?: string;
  version?: number;
  contributors?: string[];
  restrictions?: {
    read?: { users?: string[]; groups?: string[] };
    update?: { users?: string[]; groups?: string[] };
  };
  children?: ContentItemJson[];
}

const contentItemSchema = z.strictObject({
  id: numericIdSchema,
  type: z.enum(['page', 'blogpost']).default('page'),
  title: z.string().min(1).max(255),
  status: z.enum(['current', 'archived', 'trashed', 'draft']).default('current'),
  /** accountId of the creator. */
  author: refSchema,
  /** ISO-8601 creation time. */
  created: isoSchema,
  /** ISO-8601 time of the last edit; defaults to `created`. */
  lastModified: isoSchema.optional(),
  /** accountId of the last editor; defaults to `author`. */
  lastModifiedBy: refSchema.optional(),
  /** Current version number (≥ 1); defaults to 1. */
  version: z.number().int().min(1).default(1),
  /** Extra contributors (CQL `contributor`); the author and last editor always count. */
  contributors: z.array(refSchema).default([]),
  restrictions: restrictionsSchema.default({}),
  get children(): z.ZodDefault<z.ZodArray<typeof contentItemSchema>> {
    return z.array(contentItemSchema).default([]);
  },
});

/** Who a space permission or role assignment is given to. */
const principalSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), accountId: refSchema }),
  z.strictObject({ type: z.literal('group'), group: refSchema }),
  /** Anonymous (not logged-in) visitors; only effective when `site.anonymousAccess` is true. */
  z.strictObject({ type: z.literal('anonymous') }),
  /** Every licensed user: logged-in, active, non-guest `atlassian` accounts (the default product group). */
  z.strictObject({ type: z.literal('all-licensed') }),
  /** ROLES mode only: every logged-in non-guest account (ACCESS_CLASS `authenticated-users`). */
  z.strictObject({ type: z.literal('authenticated') }),
]);

const permissionSchema = z
  .strictObject({
    principal: principalSchema,
    /** Space permission ids, e.g. `["read/space", "create/page"]`. */
    operations: z.array(spacePermissionIdSchema).min(1).optional(),
    /** Alternative single-operation form, exactly as v2 `SpacePermissionAssignment.operation`. */
    operation: z.strictObject({ key: z.enum(OPERATION_KEYS), targetType: z.enum(TARGET_TYPES) }).optional(),
  })
  .refine((p) => (p.operations === undefined) !== (p.operation === undefined), {
    message: 'give exactly one of "operations" or "operation"',
  })
  .transform((p) => ({
    principal: p.principal,
    operations: p.operations ?? (p.operation ? [`${p.operation.key}/${p.operation.targetType}`] : []),
  }));

const roleAssignmentSchema = z.strictObject({
  principal: principalSchema,
  /** Role id (or name) from `roles`. */
  role: refSchema,
});

const spaceSchema = z.strictObject({
  id: numericIdSchema,
  /** Space key: upper-case letters/digits for global spaces, `~name` for personal spaces. */
  key: z.string().regex(/^(~[a-z0-9._-]{1,255}|[A-Z0-9]{1,255})$/, 'must be upper-case letters/digits, or "~name" for a personal space'),
  name: z.string().min(1).max(200),
  type: z.enum(['global', 'collaboration', 'knowledge_base', 'personal', 'system', 'onboarding', 'xflow_sample_space']).default('global'),
  status: z.enum(['current', 'archived']).default('current'),
  description: z.string().default(''),
  /** accountId of the creator; required for personal spaces (it is also the owner). */
  createdBy: refSchema.optional(),
  created: isoSchema.optional(),
  /** id of the space's home page: a root page of this space. */
  homepage: numericIdSchema.optional(),
  /** Classic (PERMISSIONS mode) space permissions. */
  permissions: z.array(permissionSchema).default([]),
  /** ROLES mode role assignments. */
  roleAssignments: z.array(roleAssignmentSchema).default([]),
  /** Root pages (with nested children) and blog posts. */
  content: z.array(contentItemSchema).default([]),
});

const userSchema = z.strictObject({
  accountId: accountIdSchema,
  accountType: z.enum(['atlassian', 'customer']).default('atlassian'),
  displayName: z.string().min(1),
  /** Always shown, whatever the privacy settings ("Will always contain a value"). */
  publicName: z.string().min(1),
  email: z.email().optional(),
  /** API token for Basic auth (`email:apiToken`); without it the user cannot log in with Basic auth. */
  apiToken: z.string().min(1).optional(),
  /** `custom`: the user uploaded a photo; `default`: Atlassian's generated initials avatar. */
  picture: z.enum(['custom', 'default']).default('default'),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  /** Profile visibility: who can see each field. `private` fields come back empty/omitted to everyone else. */
  visibility: z
    .strictObject({
      email: visibilitySchema.default('private'),
      fullName: visibilitySchema.default('public'),
      jobTitle: visibilitySchema.default('public'),
      timeZone: visibilitySchema.default('public'),
    })
    .default({ email: 'private', fullName: 'public', jobTitle: 'public', timeZone: 'public' }),
  isGuest: z.boolean().default(false),
  siteAdmin: z.boolean().default(false),
  status: z.enum(['active', 'inactive', 'closed']).default('active'),
  timeZone: z.string().default('Europe/London'),
});

const groupSchema = z.strictObject({
  id: z.string().regex(UUID_RE, 'must be a lower-case UUID'),
  name: z.string().min(1).max(255),
  description: z.string().optional(),
  /** accountIds of members (users or the app). */
  members: z.array(refSchema).default([]),
});

const roleSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.enum(['SYSTEM', 'CUSTOM']).default('CUSTOM'),
  description: z.string().default(''),
  spacePermissions: z.array(spacePermissionIdSchema).min(1),
});

const siteSettingsSchema = z.strictObject({
  name: z.string().min(1),
  /** The site URL without `/wiki`, e.g. `https://dds-demo.atlassian.net` (used in `_links.base`). */
  baseUrl: z.url().regex(/^https?:\/\/[^/]+$/, 'must be scheme://host with no path or trailing slash, e.g. "https://demo.atlassian.net"'),
  cloudId: z.string().regex(UUID_RE, 'must be a lower-case UUID').optional(),
  /** `PERMISSIONS`: classic space permissions (`/space-role-mode` → PRE_ROLES). `ROLES`: role-based access. */
  roleMode: z.enum(['PERMISSIONS', 'ROLES']).default('PERMISSIONS'),
  /** Site-wide anonymous access; when false, anonymous space grants are ignored. */
  anonymousAccess: z.boolean().default(false),
  /** The default product group every licensed user is implicitly in. */
  licensedUsersGroup: z.string().min(1).default('confluence-users'),
  /** Server-side page-size caps: the `limit` actually used is `min(requested, cap)`. */
  pageCaps: z
    .strictObject({
      v1Search: z.number().int().min(1).max(1000).default(100),
      v2: z.number().int().min(1).max(250).default(250),
    })
    .default({ v1Search: 100, v2: 250 }),
});

const appSchema = z.strictObject({
  accountId: accountIdSchema,
  displayName: z.string().min(1).default('Secure Confluence'),
  /** Space keys the app can see; omitted = every space. Permissions naming the app add to this. */
  spaces: z.array(z.string().min(1)).optional(),
  /** Space permissions the app holds in the spaces it can see. */
  operations: z.array(spacePermissionIdSchema).default(['read/space']),
});

/** The whole site file. */
export const siteSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Free text; ignored. */
  comment: z.string().optional(),
  site: siteSettingsSchema,
  app: appSchema,
  groups: z.array(groupSchema).default([]),
  users: z.array(userSchema).default([]),
  /** ROLES mode role definitions; defaults to Admin / Editor / Viewer when omitted. */
  roles: z.array(roleSchema).optional(),
  spaces: z.array(spaceSchema).default([]),
});

/** The site file as written (defaults not yet applied): what generators produce. */
export type SiteJson = z.input<typeof siteSchema>;
/** The validated site file with defaults applied. */
export type SiteData = z.output<typeof siteSchema>;
/** One validated content item (page or blog post). */
export type ContentItemData = z.output<typeof contentItemSchema>;
/** One validated space. */
export type SpaceData = z.output<typeof spaceSchema>;
/** One validated user. */
export type UserData = z.output<typeof userSchema>;
/** One validated group. */
export type GroupData = z.output<typeof groupSchema>;
/** One validated role. */
export type RoleData = z.output<typeof roleSchema>;
/** One validated permission/assignment principal. */
export type PrincipalData = z.output<typeof principalSchema>;

/** A validated site, ready for {@link startEmulator}. Immutable: each emulator builds its own mutable state. */
export interface Site {
  /** Where it came from (a file path, or a label such as `<generated>`), for messages. */
  readonly source: string;
  readonly data: SiteData;
}

/** One problem found in a site file. `path` is a JSON path such as `spaces[2].content[0].title`. */
export interface SiteIssue {
  path: string;
  message: string;
}

/**
 * A site file that cannot be used. `message` names the file, then each issue as `<json path>: <problem>`, e.g.
 * `demo.json: spaces[2].content[0].restrictions.read.users[1]: unknown accountId "abc"`.
 */
export class SiteFileError extends Error {
  readonly source: string;
  readonly issues: readonly SiteIssue[];
  constructor(source: string, issues: SiteIssue[]) {
    const shown = issues.slice(0, 20).map((i) => `  ${i.path || '(root)'}: ${i.message}`);
    const more = issues.length > 20 ? [`  … and ${issues.length - 20} more`] : [];
    const head = issues[0];
    super(
      `${source}: ${head ? `${head.path || '(root)'}: ${head.message}` : 'invalid site file'}` +
        (issues.length > 1 ? `\n${[...shown.slice(1), ...more].join('\n')}` : ''),
    );
    this.name = 'SiteFileError';
    this.source = source;
    this.issues = issues;
  }
}

/** Formats a zod/JSON path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Default ROLES-mode roles (emulator choice; Atlassian's system role ids are not documented). */
export const DEFAULT_ROLES: readonly RoleData[] = [
  {
    id: '6c2ef1d2-0000-4000-8000-00000000a001',
    name: 'Admin',
    type: 'SYSTEM',
    description: 'Full control of the space',
    spacePermissions: [
      'read/space',
      'create/page',
      'create/blogpost',
      'create/comment',
      'create/attachment',
      'delete/page',
      'delete/blogpost',
      'export/space',
      'restrict_content/space',
      'administer/space',
      'archive/page',
    ],
  },
  {
    id: '6c2ef1d2-0000-4000-8000-00000000a002',
    name: 'Editor',
    type: 'SYSTEM',
    description: 'Can view, create and edit content',
    spacePermissions: ['read/space', 'create/page', 'create/blogpost', 'create/comment', 'create/attachment', 'restrict_content/space'],
  },
  {
    id: '6c2ef1d2-0000-4000-8000-00000000a003',
    name: 'Viewer',
    type: 'SYSTEM',
    description: 'Can view content',
    spacePermissions: ['read/space'],
  },
];

/**
 * Validates a parsed site file: shape (zod), then cross-references (unknown accountIds and groups, duplicate ids and
 * keys, blog posts with children, homepage not a root page, permissions that do not fit the role mode, …).
 *
 * @param json the parsed JSON value.
 * @param source a file name or label for messages (default `<site>`).
 * @throws SiteFileError listing every problem with its JSON path.
 */
export function parseSite(json: unknown, source = '<site>'): Site {
  const parsed = siteSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: issueMessage(issue, json),
    }));
    throw new SiteFileError(source, issues);
  }
  const issues = crossCheck(parsed.data);
  if (issues.length > 0) throw new SiteFileError(source, issues);
  return { source, data: parsed.data };
}

/**
 * Reads and validates a site file.
 *
 * @param filePath path to a JSON site file.
 * @throws SiteFileError when the file cannot be read, is not JSON, or is not a valid site.
 */
export function loadSite(filePath: string): Site {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (e) {
    throw new SiteFileError(filePath, [{ path: '', message: `cannot read file: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SiteFileError(filePath, [{ path: '', message: jsonSyntaxMessage(text, e) }]);
  }
  return parseSite(json, filePath);
}

/** What the schema expected, in words (`a string`, `one of "page", "blogpost"`), or null when it does not say. */
function expectedOf(issue: z.core.$ZodIssue): string | null {
  if (issue.code === 'invalid_type') {
    const words: Record<string, string> = {
      string: 'a string',
      number: 'a number',
      int: 'a whole number',
      boolean: 'true or false',
      object: 'an object',
      array: 'an array',
    };
    return words[issue.expected] ?? issue.expected;
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => JSON.stringify(v));
    return values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
  }
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `one of ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return null;
}

/** Whether the field at `path` is absent from its (object) parent in the parsed JSON. */
function isMissing(json: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let parent: unknown = json;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) return false;
  return !Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]!);
}

/** A zod issue in the site file's words: "is missing (expected a string)" rather than "received undefined". */
function issueMessage(issue: z.core.$ZodIssue, json: unknown): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (isMissing(json, issue.path)) {
    const expected = expectedOf(issue);
    return expected ? `is missing (expected ${expected})` : 'is missing';
  }
  return issue.message;
}

/**
 * "not valid JSON at line L, column C: <parser message>" for a file JSON.parse refused. Node's message gives at most a
 * character offset (and for some errors none), so the place is found again by {@link jsonSyntaxErrorAt}.
 */
function jsonSyntaxMessage(text: string, error: unknown): string {
  // Node's own place ("in JSON at position 12", newer Nodes add a line) and quoted excerpt are replaced by ours.
  const detail = (error instanceof Error ? error.message : String(error))
    .replace(/ in JSON at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  const offset = jsonSyntaxErrorAt(text);
  if (offset === null) return `not valid JSON: ${detail}`;
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  return `not valid JSON at line ${line}, column ${column}: ${detail}`;
}

/**
 * The offset of the first JSON syntax error in `text` (`text.length` when it ends too early), or null if none is
 * found, located with Microsoft's jsonc-parser (the parser behind VS Code's JSON support) in strict JSON mode.
 */
function jsonSyntaxErrorAt(text: string): number | null {
  const errors: ParseError[] = [];
  try {
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return null; // nested too deeply for its recursive parser: no place to report
  }
  const first = errors[0];
  return first === undefined ? null : Math.min(first.offset, text.length);
}

/** Cross-reference checks that zod cannot express. Returns every issue found (bounded by the file's size). */
function crossCheck(data: SiteData): SiteIssue[] {
  const issues: SiteIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ path, message });
  };

  const accounts = new Map<string, UserData | 'app'>();
  const emails = new Map<string, number>();
  data.users.forEach((u, i) => {
    if (accounts.has(u.accountId)) add(`users[${i}].accountId`, `duplicate accountId "${u.accountId}"`);
    accounts.set(u.accountId, u);
    if (u.email) {
      const key = u.email.toLowerCase();
      const prev = emails.get(key);
      if (prev !== undefined) add(`users[${i}].email`, `duplicate email "${u.email}" (also users[${prev}])`);
      emails.set(key, i);
    }
    if (u.apiToken && !u.email) add(`users[${i}].apiToken`, 'a user with an apiToken needs an email (Basic auth is email:apiToken)');
    if (u.isGuest && u.siteAdmin) add(`users[${i}].siteAdmin`, 'a guest cannot be a site admin');
  });
  if (accounts.has(data.app.accountId)) add('app.accountId', `accountId "${data.app.accountId}" is also a user`);
  accounts.set(data.app.accountId, 'app');

  const groupsByName = new Map<string, number>();
  const groupsById = new Map<string, number>();
  data.groups.forEach((g, i) => {
    if (groupsById.has(g.id)) add(`groups[${i}].id`, `duplicate group id "${g.id}"`);
    groupsById.set(g.id, i);
    const lname = g.name.toLowerCase();
    if (groupsByName.has(lname)) add(`groups[${i}].name`, `duplicate group name "${g.name}"`);
    groupsByName.set(lname, i);
    const seen = new Set<string>();
    g.members.forEach((m, j) => {
      const acc = accounts.get(m);
      if (!acc) add(`groups[${i}].members[${j}]`, `unknown accountId "${m}"`);
      else if (seen.has(m)) add(`groups[${i}].members[${j}]`, `"${m}" is listed twice`);
      else if (lname === data.site.licensedUsersGroup.toLowerCase() && acc !== 'app' && acc.isGuest)
        add(`groups[${i}].members[${j}]`, `guest "${m}" cannot be in the licensed-users group "${g.name}"`);
      seen.add(m);
    });
  });
  const groupExists = (ref: string): boolean =>
    groupsById.has(ref) || groupsByName.has(ref.toLowerCase()) || ref.toLowerCase() === data.site.licensedUsersGroup.toLowerCase();

  const roles = data.roles ?? DEFAULT_ROLES;
  const roleRefs = new Set<string>();
  roles.forEach((r, i) => {
    if (roleRefs.has(r.id)) add(`roles[${i}].id`, `duplicate role id "${r.id}"`);
    roleRefs.add(r.id);
    roleRefs.add(r.name.toLowerCase());
  });
  if (data.roles && data.site.roleMode !== 'ROLES') add('roles', 'roles are only used when site.roleMode is "ROLES"');

  const spaceIds = new Set<string>();
  const spaceKeys = new Set<string>();
  const contentIds = new Map<string, string>();
  const checkAccount = (path: string, ref: string): void => {
    if (!accounts.has(ref)) add(path, `unknown accountId "${ref}"`);
  };
  const checkPrincipal = (path: string, p: PrincipalData): void => {
    if (p.type === 'user') checkAccount(`${path}.accountId`, p.accountId);
    if (p.type === 'group' && !groupExists(p.group)) add(`${path}.group`, `unknown group "${p.group}"`);
  };

  data.spaces.forEach((s, si) => {
    const sp = `spaces[${si}]`;
    if (spaceIds.has(s.id)) add(`${sp}.id`, `duplicate space id "${s.id}"`);
    spaceIds.add(s.id);
    if (spaceKeys.has(s.key.toLowerCase())) add(`${sp}.key`, `duplicate space key "${s.key}"`);
    spaceKeys.add(s.key.toLowerCase());
    const personalKey = s.key.startsWith('~');
    if (s.type === 'personal' && !personalKey) add(`${sp}.key`, 'a personal space key must start with "~"');
    if (s.type !== 'personal' && personalKey) add(`${sp}.key`, 'only personal spaces have keys starting with "~"');
    if (s.type === 'personal' && !s.createdBy) add(`${sp}.createdBy`, 'a personal space needs createdBy (its owner)');
    if (s.createdBy) checkAccount(`${sp}.createdBy`, s.createdBy);

    if (data.site.roleMode === 'PERMISSIONS') {
      if (s.roleAssignments.length > 0) add(`${sp}.roleAssignments`, 'roleAssignments are only used when site.roleMode is "ROLES"; use permissions');
      s.permissions.forEach((p, pi) => {
        checkPrincipal(`${sp}.permissions[${pi}].principal`, p.principal);
        if (p.principal.type === 'authenticated')
          add(`${sp}.permissions[${pi}].principal.type`, '"authenticated" is an ACCESS_CLASS of ROLES mode; classic sites use "all-licensed"');
      });
    } else {
      if (s.permissions.length > 0) add(`${sp}.permissions`, 'permissions are only used when site.roleMode is "PERMISSIONS"; use roleAssignments');
      s.roleAssignments.forEach((a, ai) => {
        checkPrincipal(`${sp}.roleAssignments[${ai}].principal`, a.principal);
        if (!roleRefs.has(a.role) && !roleRefs.has(a.role.toLowerCase())) add(`${sp}.roleAssignments[${ai}].role`, `unknown role "${a.role}"`);
      });
    }

    // Walk the content tree iteratively (bounded by the number of items in the file).
    const stack: { item: ContentItemData; path: string; parentType: 'space' | 'page' }[] = [];
    for (let i = s.content.length - 1; i >= 0; i--) stack.push({ item: s.content[i]!, path: `${sp}.content[${i}]`, parentType: 'space' });
    for (let guard = 0; stack.length > 0 && guard < 50_000_000; guard++) {
      const { item, path, parentType } = stack.pop()!;
      const prev = contentIds.get(item.id);
      if (prev !== undefined) add(`${path}.id`, `duplicate content id "${item.id}" (also ${prev})`);
      else contentIds.set(item.id, path);
      if (item.type === 'blogpost' && parentType === 'page') add(`${path}.type`, 'a blog post cannot be the child of a page');
      if (item.type === 'blogpost' && item.children.length > 0) add(`${path}.children`, 'blog posts cannot have children');
      checkAccount(`${path}.author`, item.author);
      if (item.lastModifiedBy) checkAccount(`${path}.lastModifiedBy`, item.lastModifiedBy);
      item.contributors.forEach((c, ci) => checkAccount(`${path}.contributors[${ci}]`, c));
      if (item.lastModified && Date.parse(item.lastModified) < Date.parse(item.created)) add(`${path}.lastModified`, 'lastModified is before created');
      for (const op of ['read', 'update'] as const) {
        const set = item.restrictions[op];
        if (!set) continue;
        set.users.forEach((u, ui) => checkAccount(`${path}.restrictions.${op}.users[${ui}]`, u));
        set.groups.forEach((g, gi) => {
          if (!groupExists(g)) add(`${path}.restrictions.${op}.groups[${gi}]`, `unknown group "${g}"`);
        });
      }
      for (let i = item.children.length - 1; i >= 0; i--) stack.push({ item: item.children[i]!, path: `${path}.children[${i}]`, parentType: 'page' });
    }
    if (s.homepage !== undefined) {
      const root = s.content.find((c) => c.id === s.homepage);
      if (!root) add(`${sp}.homepage`, `homepage "${s.homepage}" is not a root page of this space`);
      else if (root.type !== 'page') add(`${sp}.homepage`, `homepage "${s.homepage}" is a blog post`);
    }
  });
  if (data.app.spaces) {
    data.app.spaces.forEach((k, i) => {
      if (!spaceKeys.has(k.toLowerCase())) add(`app.spaces[${i}]`, `unknown space key "${k}"`);
    });
  }
  return issues;
}
