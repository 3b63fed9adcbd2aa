/**
 * Contract test 1: every operation the emulator serves, called with several principals and parameters while the
 * emulator validates each JSON response against Atlassian's OpenAPI response schema of the same operation and status.
 * Also checks, by reading the specs, that every served REST route exists there with that method.
 */
import { loadSpec, parseSite, ROUTES, specOperation, type Emulator } from '../../tools/emulator';
import { DEMO_CONTENT as C, DEMO_GROUPS as G, DEMO_PERSONAS as P, DEMO_SPACES as S } from '../../tools/emulator/demo-site';
import { call, searchPath, start, type Caller } from './helpers';

interface Call {
  op: string;
  path: string;
  as: Caller;
  method?: string;
  body?: unknown;
  status: number;
}

const EXPAND_ALL =
  'restrictions.read.restrictions.user,restrictions.read.restrictions.group,restrictions.update.restrictions.user,restrictions.update.restrictions.group,ancestors,space,history,history.lastUpdated,version';

/** The walk: at least one successful call per served operation, most with several principals. */
const CALLS: Call[] = [
  // v1 search
  ...([P.priya, P.alex, P.sam, 'anonymous', 'app'] as Caller[]).map((as) => ({
    op: 'searchContentByCQL',
    path: searchPath('type in (page, blogpost)', { limit: 25, expand: EXPAND_ALL }),
    as,
    status: 200,
  })),
  {
    op: 'searchContentByCQL',
    path: searchPath('space = DIG and ancestor = 120002 ORDER BY lastmodified DESC', { limit: 7, expand: 'ancestors,history.lastUpdated' }),
    as: P.tom,
    status: 200,
  },
  {
    op: 'searchContentByCQL',
    path: searchPath('space in ("PUB","HR") and type = blogpost ORDER BY created', { expand: 'restrictions.update.restrictions.group,space' }),
    as: P.priya,
    status: 200,
  },
  { op: 'searchContentByCQL', path: searchPath('creator = "5f1a0000000000000000a002" OR contributor = currentUser()', { limit: 3 }), as: P.tom, status: 200 },
  {
    op: 'searchContentByCQL',
    path: searchPath('lastmodified >= "2024-01-01" and title ~ "review"', { limit: 5, expand: 'restrictions' }),
    as: P.alex,
    status: 200,
  },
  {
    op: 'searchContentByCQL',
    path: searchPath('space = PUB', { cqlcontext: '{"contentStatuses":["current","archived"]}', expand: 'restrictions.read' }),
    as: 'anonymous',
    status: 200,
  },
  { op: 'searchContentByCQL', path: searchPath('space = ARC'), as: P.priya, status: 200 },
  { op: 'searchContentByCQL', path: searchPath('id in (110001, 120010, 999)', { expand: 'version,space' }), as: P.tom, status: 200 },
  { op: 'searchContentByCQL', path: searchPath('nosuchfield = 1'), as: P.tom, status: 400 },
  { op: 'searchContentByCQL', path: searchPath('type = page', { cursor: 'bad' }), as: P.tom, status: 400 },
  // v1 restrictions
  ...([P.tom, P.priya, 'app'] as Caller[]).map((as) => ({
    op: 'getRestrictions',
    path: `/wiki/rest/api/content/${C.digSecurityIncidents}/restriction?expand=content`,
    as,
    status: as === 'app' ? 404 : 200,
  })),
  { op: 'getRestrictions', path: `/wiki/rest/api/content/${C.hrExposureRegister}/restriction?start=0&limit=1`, as: 'app', status: 200 },
  { op: 'getRestrictions', path: `/wiki/rest/api/content/${C.pubHome}/restriction`, as: 'anonymous', status: 200 },
  { op: 'getRestrictionsByOperation', path: `/wiki/rest/api/content/${C.digArchitecture}/restriction/byOperation`, as: P.alex, status: 200 },
  { op: 'getRestrictionsByOperation', path: `/wiki/rest/api/content/${C.hrCasework}/restriction/byOperation?expand=content`, as: P.priya, status: 404 },
  { op: 'getRestrictionsForOperation', path: `/wiki/rest/api/content/${C.digSecurityIncidents}/restriction/byOperation/read`, as: P.priya, status: 200 },
  {
    op: 'getRestrictionsForOperation',
    path: `/wiki/rest/api/content/${C.digArchitecture}/restriction/byOperation/update?expand=content`,
    as: P.sam,
    status: 404,
  },
  {
    op: 'getRestrictionsForOperation',
    path: `/wiki/rest/api/content/${C.digArchitecture}/restriction/byOperation/update?expand=content`,
    as: P.zoe,
    status: 200,
  },
  {
    op: 'updateRestrictions',
    path: `/wiki/rest/api/content/${C.digAdr1}/restriction`,
    method: 'PUT',
    as: P.tom,
    body: [
      { operation: 'read', restrictions: { user: [{ type: 'known', accountId: P.tom }], group: [{ type: 'group', id: G['dds-security'] }] } },
      { operation: 'update', restrictions: { user: { results: [{ type: 'known', accountId: P.tom }] } } },
    ],
    status: 200,
  },
  { op: 'updateRestrictions', path: `/wiki/rest/api/content/${C.digAdr1}/restriction`, method: 'PUT', as: P.tom, body: { nope: true }, status: 400 },
  {
    op: 'addRestrictions',
    path: `/wiki/rest/api/content/${C.digAdr1}/restriction?expand=content`,
    method: 'POST',
    as: P.tom,
    body: { results: [{ operation: 'read', restrictions: { user: [{ type: 'known', accountId: P.priya }] } }] },
    status: 200,
  },
  { op: 'deleteRestrictions', path: `/wiki/rest/api/content/${C.digAdr1}/restriction`, method: 'DELETE', as: P.tom, status: 200 },
  { op: 'deleteRestrictions', path: `/wiki/rest/api/content/${C.pubHome}/restriction`, method: 'DELETE', as: 'anonymous', status: 403 },
  // v1 users and groups
  ...[P.priya, P.sam, P.app, P.zoe].map((id) => ({
    op: 'getUser',
    path: `/wiki/rest/api/user?accountId=${id}&expand=operations,personalSpace`,
    as: P.alex,
    status: 200,
  })),
  { op: 'getUser', path: `/wiki/rest/api/user?accountId=${P.alex}&expand=personalSpace`, as: 'app', status: 200 },
  { op: 'getUser', path: '/wiki/rest/api/user?accountId=5f1a0000000000000000dead', as: 'app', status: 404 },
  ...([P.priya, P.sam, 'app', 'anonymous'] as Caller[]).map((as) => ({
    op: 'getCurrentUser',
    path: '/wiki/rest/api/user/current?expand=operations',
    as,
    status: 200,
  })),
  { op: 'getCurrentUser', path: '/wiki/rest/api/user/current', as: P.alex, status: 200 },
  { op: 'getGroupMembershipsForUser', path: `/wiki/rest/api/user/memberof?accountId=${P.priya}`, as: P.tom, status: 200 },
  { op: 'getGroupMembershipsForUser', path: `/wiki/rest/api/user/memberof?accountId=${P.app}&limit=1`, as: 'app', status: 200 },
  {
    op: 'getGroupMembersByGroupId',
    path: `/wiki/rest/api/group/${G['dds-policy']}/membersByGroupId?shouldReturnTotalSize=true&limit=2`,
    as: P.tom,
    status: 200,
  },
  { op: 'getGroupMembersByGroupId', path: `/wiki/rest/api/group/${G['confluence-users']}/membersByGroupId`, as: 'app', status: 200 },
  { op: 'getGroups', path: '/wiki/rest/api/group?limit=200', as: P.tom, status: 200 },
  { op: 'getGroups', path: '/wiki/rest/api/group?start=2&limit=3&accessType=user', as: 'app', status: 200 },
  { op: 'getGroups', path: '/wiki/rest/api/group', as: 'anonymous', status: 401 },
  // v2
  ...([P.priya, P.sam, 'anonymous', 'app'] as Caller[]).map((as) => ({
    op: 'getSpaces',
    path: '/wiki/api/v2/spaces?limit=2&description-format=plain&include-icon=true',
    as,
    status: 200,
  })),
  { op: 'getSpaces', path: `/wiki/api/v2/spaces?ids=${S.DIG},${S.HR}&keys=DIG&sort=-name&status=current&type=global`, as: P.tom, status: 200 },
  { op: 'getSpaceById', path: `/wiki/api/v2/spaces/${S.DIG}?include-operations=true&include-permissions=true&description-format=view`, as: P.tom, status: 200 },
  { op: 'getSpaceById', path: `/wiki/api/v2/spaces/${S['~alexblack']}`, as: P.alex, status: 200 },
  { op: 'getSpaceById', path: `/wiki/api/v2/spaces/${S.HR}`, as: P.alex, status: 404 },
  { op: 'getPagesInSpace', path: `/wiki/api/v2/spaces/${S.DIG}/pages?limit=50&sort=-title&body-format=storage`, as: P.alex, status: 200 },
  { op: 'getPagesInSpace', path: `/wiki/api/v2/spaces/${S.PUB}/pages?depth=root&status=current,archived,trashed`, as: 'anonymous', status: 200 },
  { op: 'getPagesInSpace', path: `/wiki/api/v2/spaces/${S.HR}/pages?title=Casework`, as: 'app', status: 200 },
  { op: 'getBlogPostsInSpace', path: `/wiki/api/v2/spaces/${S.SUP}/blogposts?sort=-created-date&body-format=atlas_doc_format`, as: P.sam, status: 200 },
  { op: 'getBlogPostsInSpace', path: `/wiki/api/v2/spaces/${S.PUB}/blogposts?limit=2`, as: 'anonymous', status: 200 },
  { op: 'getPageById', path: `/wiki/api/v2/pages/${C.digDatabaseFailover}?include-operations=true&body-format=view`, as: P.tom, status: 200 },
  { op: 'getPageById', path: `/wiki/api/v2/pages/${C.pubHome}?include-version=false`, as: 'anonymous', status: 200 },
  { op: 'getPageById', path: `/wiki/api/v2/pages/${C.digDraft}?get-draft=true`, as: P.alex, status: 200 },
  { op: 'getPageById', path: `/wiki/api/v2/pages/${C.hrSalaryReview}`, as: 'app', status: 404 },
  { op: 'getBlogPostById', path: `/wiki/api/v2/blogposts/${C.pubBlogFirst}?include-operations=true`, as: P.zoe, status: 200 },
  { op: 'getSpacePermissionsAssignments', path: `/wiki/api/v2/spaces/${S.PUB}/permissions`, as: 'anonymous', status: 200 },
  { op: 'getSpacePermissionsAssignments', path: `/wiki/api/v2/spaces/${S.SUP}/permissions?limit=5`, as: P.sam, status: 200 },
  { op: 'getSpaceRoleAssignments', path: `/wiki/api/v2/spaces/${S.DIG}/role-assignments`, as: P.tom, status: 400 },
  { op: 'getSpaceRoleMode', path: '/wiki/api/v2/space-role-mode', as: 'app', status: 200 },
  { op: 'getAvailableSpaceRoles', path: '/wiki/api/v2/space-roles', as: P.tom, status: 400 },
  ...([P.tom, P.alex, 'anonymous', 'app'] as Caller[]).map((as) => ({
    op: 'getSpaceOperations',
    path: `/wiki/api/v2/spaces/${S.PUB}/operations`,
    as,
    status: 200,
  })),
  { op: 'createBulkUserLookup', path: '/wiki/api/v2/users-bulk', method: 'POST', as: 'app', body: { accountIds: [P.priya, P.zoe, P.sam, P.app] }, status: 200 },
  { op: 'createBulkUserLookup', path: '/wiki/api/v2/users-bulk', method: 'POST', as: P.alex, body: { accountIds: [] }, status: 400 },
  {
    op: 'createBulkUserLookup',
    path: '/wiki/api/v2/users-bulk',
    method: 'POST',
    as: P.alex,
    body: { accountIds: Array.from({ length: 251 }, () => P.tom) },
    status: 400,
  },
  // GraphQL
  { op: 'graphql', path: '/graphql', as: 'app', body: { query: '{ user(accountId: "5f1a0000000000000000a001") { name } }' }, status: 200 },
  {
    op: 'graphql (gateway path)',
    path: '/gateway/api/graphql',
    as: P.tom,
    body: { query: '{ users(accountIds: ["5f1a0000000000000000f0f0"]) { __typename name } }' },
    status: 200,
  },
];

/** ROLES-mode calls, on a small RBAC site. */
const ROLE_CALLS: Call[] = [
  { op: 'getSpaceRoleAssignments', path: '/wiki/api/v2/spaces/1/role-assignments', as: '5f1a00000000000000000001', status: 200 },
  {
    op: 'getSpaceRoleAssignments',
    path: '/wiki/api/v2/spaces/1/role-assignments?principal-type=ACCESS_CLASS&principal-id=anonymous-users',
    as: 'anonymous',
    status: 200,
  },
  { op: 'getAvailableSpaceRoles', path: '/wiki/api/v2/space-roles', as: '5f1a00000000000000000001', status: 200 },
  { op: 'getAvailableSpaceRoles', path: '/wiki/api/v2/space-roles?space-id=1&limit=1', as: '5f1a00000000000000000001', status: 200 },
  { op: 'getSpacePermissionsAssignments', path: '/wiki/api/v2/spaces/1/permissions', as: '5f1a00000000000000000001', status: 200 },
  { op: 'getSpaceRoleMode', path: '/wiki/api/v2/space-role-mode', as: 'anonymous', status: 200 },
];

/** The 500 body the emulator sends instead of a response that breaks the spec. */
interface ContractViolationBody {
  message: string;
  errors: string[];
}

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ validateResponses: true });
});
afterAll(async () => {
  await emu.stop();
});

describe('contract with the OpenAPI specs', () => {
  it('serves only routes that exist in the specs with that method', () => {
    const rest = ROUTES.filter((r) => r.api !== 'graphql');
    expect(rest.length).toBeGreaterThanOrEqual(22);
    for (const r of rest) {
      const op = specOperation(r.api as 'v1' | 'v2', r.specPath, r.method);
      expect({ route: `${r.method} ${r.specPath}`, inSpec: op !== undefined }).toEqual({ route: `${r.method} ${r.specPath}`, inSpec: true });
      expect(op!.operationId).toBe(r.operationId);
    }
    expect(loadSpec('v1').paths['/wiki/rest/api/content/search']).toBeDefined();
  });

  it('answers every call of the walk with spec-valid responses (zero violations)', async () => {
    const failures: string[] = [];
    for (const c of CALLS) {
      const r = await call(emu, c.path, { as: c.as, method: c.method, body: c.body });
      if (r.status !== c.status)
        failures.push(`${c.op} ${c.method ?? 'GET'} ${c.path} as ${JSON.stringify(c.as)}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(emu.contractViolations).toEqual([]);
    const served = new Set(emu.requests.map((r) => r.operationId));
    const missing = ROUTES.filter((r) => !served.has(r.operationId) || !emu.requests.some((q) => q.operationId === r.operationId && q.status === 200)).map(
      (r) => r.operationId,
    );
    expect(missing).toEqual(['getSpaceRoleAssignments', 'getAvailableSpaceRoles']);
  });

  it('answers the ROLES-mode operations with spec-valid responses', async () => {
    const site = parseSite({
      site: { name: 'Roles', baseUrl: 'https://roles.atlassian.net', roleMode: 'ROLES', anonymousAccess: true },
      app: { accountId: '5f1a0000000000000000ffff' },
      groups: [{ id: '11111111-1111-4111-8111-111111111111', name: 'team', members: ['5f1a00000000000000000001'] }],
      users: [{ accountId: '5f1a00000000000000000001', displayName: 'One', publicName: 'One' }],
      spaces: [
        {
          id: '1',
          key: 'R',
          name: 'R',
          roleAssignments: [
            { principal: { type: 'anonymous' }, role: 'Viewer' },
            { principal: { type: 'authenticated' }, role: 'Viewer' },
            { principal: { type: 'group', group: 'team' }, role: 'Editor' },
            { principal: { type: 'user', accountId: '5f1a00000000000000000001' }, role: 'Admin' },
          ],
        },
      ],
    });
    const roles = await start({ site, validateResponses: true });
    try {
      for (const c of ROLE_CALLS) {
        const r = await call(roles, c.path, { as: c.as });
        expect({ op: c.op, path: c.path, status: r.status }).toEqual({ op: c.op, path: c.path, status: c.status });
      }
      expect(roles.contractViolations).toEqual([]);
    } finally {
      await roles.stop();
    }
  });

  it('turns a response that breaks the spec into a 500 and records the violation', async () => {
    // Corrupt the model so the page's createdAt is not an ISO date-time, as the spec requires.
    const node = emu.state.getContent(C.pubHome)!;
    const numId = node.space.numId;
    (node as { createdAt: string }).createdAt = 'yesterday';
    emu.state.touch();
    try {
      const broken = await call<ContractViolationBody>(emu, `/wiki/api/v2/pages/${C.pubHome}`, { as: P.priya });
      expect(broken.status).toBe(500);
      expect(broken.body.errors.join(' ')).toContain('/createdAt must match format "date-time"');
      expect(emu.contractViolations).toHaveLength(1);
      expect(emu.contractViolations[0]).toMatchObject({ api: 'v2', specPath: '/pages/{id}', status: 200, method: 'GET' });
      // And a v1 search result whose space id is not an integer.
      (node.space as { numId: number }).numId = 1.5;
      emu.state.touch();
      const search = await call<ContractViolationBody>(emu, searchPath(`id = ${C.pubHome}`, { expand: 'space' }), { as: P.priya });
      expect(search.status).toBe(500);
      expect(search.body.errors).toContain('/results/0/space/id must be integer');
      expect(emu.contractViolations[1]).toMatchObject({ api: 'v1', specPath: '/wiki/rest/api/content/search' });
    } finally {
      (node.space as { numId: number }).numId = numId;
      emu.reset();
    }
  });
});
