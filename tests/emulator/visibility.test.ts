import { parseSite, type Emulator } from '../../tools/emulator';
import { DEMO_CONTENT as C, DEMO_PERSONAS as P, DEMO_SPACES as S } from '../../tools/emulator/demo-site';
import { call, demoSite, searchAll, start, v2All, type V1Error, type V1Page, type V2Page } from './helpers';

/** One operation of a v1 content restriction (`/content/{id}/restriction`), as read here. */
interface RestrictionOp {
  operation: string;
  restrictions: { user: V1Page<{ accountId: string }>; group: V1Page<{ name: string }> };
}

/** A v1 user (`/user`, `/user/current`), as read here; `operations` only with `expand=operations`. */
interface V1User {
  accountId: string;
  email: string;
  operations?: { operation: string; targetType: string }[];
}

/** A v2 space-permission assignment (`/spaces/{id}/permissions`). */
interface V2SpacePermission {
  principal: { type: string; id: string };
  operation: { key: string; targetType: string };
}

/** A v2 user from `/users-bulk`. */
interface V2BulkUser {
  publicName: string;
  profilePicture: { isDefault: boolean };
  isExternalCollaborator: boolean;
  accountStatus: string;
}

/** The GraphQL answer to the job-title query. */
interface JobTitleAnswer {
  data: { user: { extendedProfile: { jobTitle: string | null } } };
}

const staff = (name: string): string => demoSite().data.users.find((u) => u.displayName === name)!.accountId;

let emu: Emulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => emu.reset());

const SECURITY_SUBTREE = [C.digSecurityIncidents, C.digIncidentPhishing, C.digIncidentTimeline, '120013', '120014'];

describe('restricted subtree (DIG "Security incidents": users tom, priya; group dds-security)', () => {
  it('is left out of search, listings, single fetches and restriction reads for a non-member', async () => {
    const alexSees = await searchAll(emu, 'space = DIG and type = page', P.alex, { limit: 100 });
    expect(alexSees.length).toBeGreaterThan(100);
    for (const id of SECURITY_SUBTREE) expect(alexSees).not.toContain(id);
    expect(alexSees).toContain(C.digHome);

    const listed = (await v2All(emu, `/wiki/api/v2/spaces/${S.DIG}/pages?limit=250`, P.alex)).map((p) => p.id);
    for (const id of SECURITY_SUBTREE) expect(listed).not.toContain(id);

    expect((await call(emu, `/wiki/api/v2/pages/${C.digIncidentTimeline}`, { as: P.alex })).status).toBe(404);
    expect((await call(emu, `/wiki/rest/api/content/${C.digIncidentPhishing}/restriction`, { as: P.alex })).status).toBe(404);
    expect((await call(emu, `/wiki/rest/api/content/${C.digSecurityIncidents}/restriction/byOperation/read`, { as: P.alex })).status).toBe(404);
    expect(await searchAll(emu, `ancestor = ${C.digSecurityIncidents}`, P.alex)).toEqual([]);
    expect(await searchAll(emu, `id = ${C.digIncidentTimeline}`, P.alex)).toEqual([]);
  });

  it('is visible to listed users and to members of the listed group, with the restriction readable', async () => {
    for (const who of [P.tom, P.priya, staff('Farhan Iqbal')]) {
      const ids = await searchAll(emu, `ancestor = ${C.digSecurityIncidents}`, who);
      expect(ids).toEqual(['120011', '120012', '120013', '120014']);
    }
    const r = await call<V1Page<RestrictionOp>>(emu, `/wiki/rest/api/content/${C.digSecurityIncidents}/restriction`, { as: P.tom });
    expect(r.status).toBe(200);
    const read = r.body.results.find((x) => x.operation === 'read')!;
    expect(read.restrictions.user.results.map((u) => u.accountId)).toEqual([P.tom, P.priya]);
    expect(read.restrictions.group.results.map((g) => g.name)).toEqual(['dds-security']);
    const child = await call(emu, `/wiki/api/v2/pages/${C.digIncidentTimeline}`, { as: P.tom });
    expect(child.status).toBe(200);
    expect(child.body).toMatchObject({ id: C.digIncidentTimeline, title: 'Timeline', parentId: C.digIncidentPhishing, spaceId: S.DIG });
  });

  it('hides the subtree again after the emulator state gains a restriction mid-test', async () => {
    emu.state.setRestriction(C.digArchitecture, 'read', { users: [P.tom] });
    const ids = await searchAll(emu, 'space = DIG', P.alex, { limit: 100 });
    expect(ids).not.toContain(C.digArchitecture);
    expect(ids).not.toContain(C.digAdr1);
  });
});

describe('edit-only restriction (DIG "Architecture decisions": update tom)', () => {
  it('does not hide the page or its children', async () => {
    const ids = await searchAll(emu, `space = DIG and (id = ${C.digArchitecture} or ancestor = ${C.digArchitecture})`, P.alex);
    expect(ids).toEqual([C.digArchitecture, C.digAdr1, '120022', '120023']);
    const r = await call<Record<'read' | 'update', RestrictionOp>>(emu, `/wiki/rest/api/content/${C.digArchitecture}/restriction/byOperation`, { as: P.alex });
    expect(r.body.read.restrictions.user.size).toBe(0);
    expect(r.body.update.restrictions.user.results.map((u) => u.accountId)).toEqual([P.tom]);
  });

  it('stops non-listed users changing restrictions on that page only (edit restrictions do not inherit)', async () => {
    const body = [{ operation: 'read', restrictions: { user: [{ type: 'known', accountId: P.alex }] } }];
    const onParent = await call(emu, `/wiki/rest/api/content/${C.digArchitecture}/restriction`, { as: P.alex, method: 'PUT', body });
    expect(onParent.status).toBe(403);
    const onChild = await call<V1Page<RestrictionOp>>(emu, `/wiki/rest/api/content/${C.digAdr1}/restriction`, { as: P.alex, method: 'PUT', body });
    expect(onChild.status).toBe(200);
    expect(onChild.body.results[0]!.restrictions.user.results[0]!.accountId).toBe(P.alex);
    // Now only Alex can view ADR-001.
    expect((await call(emu, `/wiki/api/v2/pages/${C.digAdr1}`, { as: P.tom })).status).toBe(404);
    const asTom = await call(emu, `/wiki/rest/api/content/${C.digArchitecture}/restriction`, { as: P.tom, method: 'PUT', body: [] });
    expect(asTom.status).toBe(200);
  });
});

describe('guests, anonymous visitors and the app', () => {
  it('a guest sees only SUP, and not its restricted commercial pages', async () => {
    const spaces = await v2All<{ key: string }>(emu, '/wiki/api/v2/spaces', P.sam);
    expect(spaces.map((s) => s.key)).toEqual(['SUP']);
    const ids = await searchAll(emu, 'type in (page, blogpost)', P.sam, { limit: 100, expand: 'space' });
    expect(ids.length).toBeGreaterThan(10);
    const r = await call<V1Page>(emu, `/wiki/rest/api/content/search?cql=type=page&limit=100&expand=space`, { as: P.sam });
    expect(new Set(r.body.results.map((c) => c.space!.key))).toEqual(new Set(['SUP']));
    expect(ids).not.toContain(C.supCommercial);
    expect(ids).not.toContain('150011');
    expect((await call(emu, `/wiki/api/v2/pages/${C.pubHome}`, { as: P.sam })).status).toBe(404);
    expect((await call(emu, `/wiki/api/v2/spaces/${S.PUB}`, { as: P.sam })).status).toBe(404);
  });

  it('an anonymous visitor sees only PUB, minus its restricted leaf', async () => {
    const spaces = await v2All<{ key: string }>(emu, '/wiki/api/v2/spaces', 'anonymous');
    expect(spaces.map((s) => s.key)).toEqual(['PUB']);
    const ids = await searchAll(emu, 'type = page', 'anonymous', { limit: 100 });
    expect(ids).toContain(C.pubHome);
    expect(ids).not.toContain(C.pubEmbargoed);
    expect(ids).not.toContain(C.digHome);
    expect((await call(emu, `/wiki/api/v2/pages/${C.digHome}`)).status).toBe(404);
    const me = await call(emu, '/wiki/rest/api/user/current');
    expect(me.body).toMatchObject({ type: 'anonymous', displayName: 'Anonymous' });
    expect((await call(emu, `/wiki/rest/api/user?accountId=${P.tom}`)).status).toBe(401);
    expect((await call(emu, '/graphql', { body: { query: `{ user(accountId: "${P.tom}") { accountId } }` } })).status).toBe(401);
  });

  it('a member of the restricting group sees the restricted leaf', async () => {
    const ids = await searchAll(emu, 'space = PUB and type = page', P.zoe, { limit: 100 });
    expect(ids).toContain(C.pubEmbargoed);
  });

  it('the app sees every space but not content whose restriction does not name it', async () => {
    const spaces = await v2All<{ key: string }>(emu, '/wiki/api/v2/spaces', 'app');
    expect(spaces.map((s) => s.key)).toEqual(['PUB', 'DIG', 'POL', 'HR', 'SUP', '~alexblack', 'ARC']);
    const hr = await searchAll(emu, 'space = HR', 'app', { limit: 100 });
    expect(hr).toContain(C.hrExposureRegister);
    for (const id of [C.hrCasework, C.hrCase1, C.hrInvestigationNotes, C.hrSalaryReview]) expect(hr).not.toContain(id);
    expect((await call(emu, `/wiki/api/v2/pages/${C.hrCasework}`, { as: 'app' })).status).toBe(404);
    expect((await call(emu, `/wiki/api/v2/pages/${C.hrExposureRegister}`, { as: 'app' })).status).toBe(200);
  });

  it('restrictions nest: a restriction inside a restricted tree narrows it further', async () => {
    const amara = staff('Amara Okafor');
    const eleanor = staff('Eleanor Walsh');
    expect(await searchAll(emu, `ancestor = ${C.hrCasework}`, amara)).toEqual([C.hrCase1, '140013']);
    expect(await searchAll(emu, `ancestor = ${C.hrCasework}`, eleanor)).toEqual([C.hrCase1, C.hrInvestigationNotes, '140013']);
    expect(await searchAll(emu, `ancestor = ${C.hrCasework}`, staff('Megan Thomas'))).toEqual([]);
  });
});

describe('statuses', () => {
  it('search returns current content by default; archived via cqlcontext; drafts only to their author', async () => {
    const byDefault = await searchAll(emu, 'space = PUB', P.priya, { limit: 100 });
    expect(byDefault).not.toContain(C.pubArchived);
    expect(byDefault).not.toContain(C.pubTrashed);
    const archived = await searchAll(emu, 'space = PUB', P.priya, { cqlcontext: JSON.stringify({ contentStatuses: ['archived'] }) });
    expect(archived).toEqual([C.pubArchived]);
    const drafts = { cqlcontext: JSON.stringify({ contentStatuses: ['draft'] }) };
    expect(await searchAll(emu, 'space = DIG', P.alex, drafts)).toEqual([C.digDraft]);
    expect(await searchAll(emu, 'space = DIG', P.tom, drafts)).toEqual([]);
    expect(await searchAll(emu, 'space = PUB and status = trashed', P.priya)).toEqual([C.pubTrashed]);
  });

  it('v2 lists current and archived pages by default and trashed ones on request', async () => {
    const all = (await v2All(emu, `/wiki/api/v2/spaces/${S.PUB}/pages?limit=250`, P.priya)).map((p) => p.id);
    expect(all).toContain(C.pubArchived);
    expect(all).not.toContain(C.pubTrashed);
    const trashed = (await v2All(emu, `/wiki/api/v2/spaces/${S.PUB}/pages?status=trashed`, P.priya)).map((p) => p.id);
    expect(trashed).toEqual([C.pubTrashed]);
    expect((await call(emu, `/wiki/api/v2/pages/${C.pubTrashed}`, { as: P.priya })).status).toBe(404);
  });
});

describe('permissions, operations and users', () => {
  it('reports the operations the caller may perform in a space', async () => {
    const ops = async (as: string, space: string): Promise<string[]> =>
      (await call<{ operations: { operation: string; targetType: string }[] }>(emu, `/wiki/api/v2/spaces/${space}/operations`, { as })).body.operations.map(
        (o) => `${o.operation}/${o.targetType}`,
      );
    expect(await ops(P.tom, S.DIG)).toContain('administer/space');
    expect(await ops(P.alex, S.DIG)).toEqual(['create/blogpost', 'create/comment', 'create/page', 'read/space', 'restrict_content/space']);
    expect(await ops('anonymous', S.PUB)).toEqual(['read/space']);
    expect((await call(emu, `/wiki/api/v2/spaces/${S.POL}/operations`, { as: P.alex })).status).toBe(404);
  });

  it('shows anonymous, licensed and group grants in /spaces/{id}/permissions', async () => {
    const perms = await v2All<V2SpacePermission>(emu, `/wiki/api/v2/spaces/${S.PUB}/permissions?limit=3`, P.priya);
    const principals = new Set(perms.map((p) => `${p.principal.type}:${p.principal.id}:${p.operation.key}/${p.operation.targetType}`));
    expect(principals).toContain('role:ANONYMOUS:read/space');
    expect(principals).toContain(`group:${demoSite().data.groups.find((g) => g.name === 'confluence-users')!.id}:read/space`);
    expect(principals).toContain(`user:${P.priya}:administer/space`);
    expect((await call(emu, '/wiki/api/v2/space-role-mode', { as: P.priya })).body).toEqual({ mode: 'PRE_ROLES' });
  });

  it('respects profile visibility for email, full name and job title', async () => {
    const tom = await call(emu, `/wiki/rest/api/user?accountId=${P.tom}`, { as: P.alex });
    expect(tom.body).toMatchObject({ accountId: P.tom, publicName: "TomO'BrienDDS", displayName: "Tom O'Brien", email: '', accountType: 'atlassian' });
    const priya = await call<V1User>(emu, `/wiki/rest/api/user?accountId=${P.priya}`, { as: P.alex });
    expect(priya.body.email).toBe('priya.shah@dds.example.gov.uk');
    const meTom = await call<V1User>(emu, '/wiki/rest/api/user/current', { as: P.tom });
    expect(meTom.body.email).toBe('tom.obrien@dds.example.gov.uk');
    const bulk = await call<V2Page<V2BulkUser>>(emu, '/wiki/api/v2/users-bulk', {
      as: 'app',
      body: { accountIds: [P.alex, P.sam, staff('Rhys Morgan'), 'unknown-id'] },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results.map((u) => [u.publicName, u.profilePicture.isDefault, u.isExternalCollaborator, u.accountStatus])).toEqual([
      ['alex.black', true, false, 'active'],
      ['Sam Taylor', true, true, 'active'],
      ['RhysMorganDDS', false, false, 'inactive'],
    ]);
    const q = 'query($id: ID!){ user(accountId: $id){ accountId ... on AtlassianAccountUser { extendedProfile { jobTitle } } } }';
    const job = async (id: string): Promise<unknown> =>
      (await call<JobTitleAnswer>(emu, '/graphql', { as: 'app', body: { query: q, variables: { id } } })).body.data.user.extendedProfile.jobTitle;
    expect(await job(P.tom)).toBe('Delivery Manager');
    expect(await job(P.zoe)).toBeNull(); // hidden
    expect(await job(P.alex)).toBe(''); // visible, not set
    const self = async (id: string): Promise<unknown> =>
      (await call<JobTitleAnswer>(emu, '/graphql', { as: id, body: { query: q, variables: { id } } })).body.data.user.extendedProfile.jobTitle;
    expect(await self(P.zoe)).toBeNull(); // hidden even from the app acting for Zoë herself
  });

  it('gives site admins the administer application operation and lists group memberships', async () => {
    const me = await call<V1User>(emu, '/wiki/rest/api/user/current?expand=operations', { as: P.priya });
    expect(me.body.operations).toContainEqual({ operation: 'administer', targetType: 'application' });
    const alex = await call<V1User>(emu, '/wiki/rest/api/user/current?expand=operations', { as: P.alex });
    expect(alex.body.operations).not.toContainEqual({ operation: 'administer', targetType: 'application' });
    const groups = await call<V1Page<{ name: string }>>(emu, `/wiki/rest/api/user/memberof?accountId=${P.sam}`, { as: P.priya });
    expect(groups.body.results.map((g) => g.name)).toEqual(['acme-suppliers']);
    const alexGroups = await call<V1Page<{ name: string }>>(emu, `/wiki/rest/api/user/memberof?accountId=${P.alex}`, { as: P.priya });
    expect(alexGroups.body.results.map((g) => g.name)).toEqual(['confluence-users', 'dds-digital']);
  });
});

describe('authentication', () => {
  it('answers 401 for a wrong API token, an unknown bearer and a deactivated user', async () => {
    const basic = (email: string, token: string) => ({ header: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}` });
    const wrong = await call<V1Error>(emu, '/wiki/rest/api/user/current', { as: basic('priya.shah@dds.example.gov.uk', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ statusCode: 401 });
    const right = await call<V1User>(emu, '/wiki/rest/api/user/current', { as: basic('Priya.Shah@dds.example.gov.uk', 'demo-token-priya') });
    expect(right.body.accountId).toBe(P.priya);
    expect((await call(emu, '/wiki/api/v2/spaces', { as: { header: 'Bearer something-else' } })).status).toBe(401);
    expect((await call(emu, '/wiki/api/v2/spaces', { as: staff('Rhys Morgan') })).status).toBe(401);
    expect(emu.requests.count({ status: 401 })).toBe(3);
    expect(emu.requests.count({ principal: `user:${P.priya}` })).toBe(1);
  });
});

describe('ROLES mode', () => {
  it('grants through role assignments and access classes', async () => {
    const site = parseSite({
      site: { name: 'Roles', baseUrl: 'https://roles.atlassian.net', roleMode: 'ROLES', anonymousAccess: true },
      app: { accountId: '5f1a0000000000000000ffff', spaces: ['OPEN'] },
      users: [
        { accountId: '5f1a00000000000000000001', displayName: 'One', publicName: 'One' },
        { accountId: '5f1a00000000000000000002', displayName: 'Guest', publicName: 'Guest', isGuest: true },
      ],
      spaces: [
        {
          id: '1',
          key: 'OPEN',
          name: 'Open',
          roleAssignments: [{ principal: { type: 'anonymous' }, role: 'Viewer' }],
          content: [{ id: '10', title: 'Hello', author: '5f1a00000000000000000001', created: '2024-01-01T00:00:00Z' }],
        },
        {
          id: '2',
          key: 'STAFF',
          name: 'Staff',
          roleAssignments: [
            { principal: { type: 'all-licensed' }, role: 'Editor' },
            { principal: { type: 'user', accountId: '5f1a00000000000000000002' }, role: 'Viewer' },
          ],
        },
      ],
    });
    const r = await start({ site, validateResponses: true });
    try {
      expect((await call(r, '/wiki/api/v2/space-role-mode')).body).toEqual({ mode: 'ROLES' });
      expect((await v2All<{ key: string }>(r, '/wiki/api/v2/spaces', 'anonymous')).map((s) => s.key)).toEqual(['OPEN']);
      expect((await v2All<{ key: string }>(r, '/wiki/api/v2/spaces', '5f1a00000000000000000001')).map((s) => s.key)).toEqual(['OPEN', 'STAFF']);
      expect((await v2All<{ key: string }>(r, '/wiki/api/v2/spaces', '5f1a00000000000000000002')).map((s) => s.key)).toEqual(['STAFF']);
      expect((await v2All<{ key: string }>(r, '/wiki/api/v2/spaces', 'app')).map((s) => s.key)).toEqual(['OPEN']);
      const ra = await call<V2Page<unknown>>(r, '/wiki/api/v2/spaces/2/role-assignments', { as: '5f1a00000000000000000001' });
      expect(ra.body.results).toEqual([
        { principal: { principalType: 'ACCESS_CLASS', principalId: 'all-licensed-users' }, roleId: '6c2ef1d2-0000-4000-8000-00000000a002' },
        { principal: { principalType: 'USER', principalId: '5f1a00000000000000000002' }, roleId: '6c2ef1d2-0000-4000-8000-00000000a003' },
      ]);
      const roles = await call<V2Page<{ name: string }>>(r, '/wiki/api/v2/space-roles?space-id=1', { as: '5f1a00000000000000000001' });
      expect(roles.body.results.map((x) => x.name)).toEqual(['Viewer']);
      expect(r.contractViolations).toEqual([]);
    } finally {
      await r.stop();
    }
    expect((await call(emu, `/wiki/api/v2/spaces/${S.DIG}/role-assignments`, { as: P.tom })).status).toBe(400);
  });
});
