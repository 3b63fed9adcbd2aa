/**
 * Contract test 2: an independent client, confluence.js 2.1.0 (built from Atlassian's spec, zod-typed), drives the
 * emulator over Basic auth with a demo persona's email and API token. confluence.js 2.x speaks REST v1 only; for v2
 * spaces the test uses its generic `sendRequest` (same transport and auth) with `apiPrefix: '/wiki/'`.
 */
import type { ConfluenceClient as ConfluenceClientClass } from 'confluence.js' with { 'resolution-mode': 'import' };
import type { Emulator } from '../../tools/emulator';
import { DEMO_CONTENT as C, DEMO_CREDENTIALS, DEMO_PERSONAS as P } from '../../tools/emulator/demo-site';
import { start } from './helpers';

// confluence.js ships CommonJS at runtime but ESM-flavoured typings: load the CJS build, type it from the typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ConfluenceClient } = require('confluence.js') as { ConfluenceClient: typeof ConfluenceClientClass };
type ConfluenceClient = ConfluenceClientClass;

let emu: Emulator;
beforeAll(async () => {
  emu = await start({ validateResponses: true });
});
afterAll(async () => {
  await emu.stop();
});

function client(who: keyof typeof DEMO_CREDENTIALS, apiPrefix?: string): ConfluenceClient {
  const { email, apiToken } = DEMO_CREDENTIALS[who];
  return new ConfluenceClient({ host: emu.url, authentication: { basic: { email, apiToken } }, ...(apiPrefix ? { apiPrefix } : {}) });
}

describe('confluence.js 2.1.0 against the emulator', () => {
  it('searches content with expansions and paginates with the returned cursor', async () => {
    const tom = client('tom');
    const cql = 'space = DIG and ancestor = 120010 ORDER BY id';
    const page = await tom.content.searchContentByCQL({
      cql,
      limit: 3,
      expand: ['restrictions.read.restrictions.user', 'restrictions.read.restrictions.group', 'ancestors', 'space', 'history.lastUpdated'],
    });
    expect(page.size).toBe(3);
    expect(page.results.map((c) => c.title)).toEqual(['Incident 2024-017: phishing campaign', 'Timeline', 'Lessons learned']);
    const timeline = page.results[1]!;
    expect(timeline.ancestors!.map((a) => a.title)).toEqual(['Digital services home', 'Security incidents', 'Incident 2024-017: phishing campaign']);
    expect(timeline.space!.key).toBe('DIG');
    expect(timeline.history!.lastUpdated!.number).toBeGreaterThanOrEqual(1);
    // The restriction sits on the ancestor, not on the page: the page's own read restriction is empty.
    expect(timeline.restrictions!.read!.restrictions!.user!.size).toBe(0);
    const next = new URLSearchParams(page._links.next!.split('?')[1]).get('cursor')!;
    const rest = await tom.content.searchContentByCQL({ cql, limit: 3, cursor: next });
    expect(rest.results.map((c) => c.title)).toEqual(['Incident 2025-003: leaked access token']);
    expect(rest._links.next).toBeUndefined();

    const alex = client('alex');
    const hidden = await alex.content.searchContentByCQL({ cql });
    expect(hidden.size).toBe(0);
  });

  it('reads and replaces restrictions', async () => {
    const tom = client('tom');
    const before = await tom.contentRestrictions.getRestrictions({ id: C.digSecurityIncidents });
    const read = before.results.find((r) => r.operation === 'read')!;
    expect(read.restrictions!.user!.results.map((u) => u.publicName)).toEqual(["TomO'BrienDDS", 'PriyaShahDDS']);
    expect(read.restrictions!.group!.results.map((g) => g.name)).toEqual(['dds-security']);

    const updated = await tom.contentRestrictions.updateRestrictions({
      id: C.digAdr1,
      body: [
        {
          operation: 'read',
          restrictions: {
            user: [
              { type: 'known', accountId: P.tom },
              { type: 'known', accountId: P.zoe },
            ],
            group: [{ type: 'group', name: 'dds-policy' }],
          },
        },
      ],
    });
    const newRead = updated.results.find((r) => r.operation === 'read')!;
    expect(newRead.restrictions!.user!.results.map((u) => u.displayName)).toEqual(["Tom O'Brien", 'Zoë Łukasz-Ní Bhriain']);
    expect(newRead.restrictions!.group!.results.map((g) => g.name)).toEqual(['dds-policy']);

    const byOp = await tom.contentRestrictions.getRestrictionsForOperation({ id: C.digAdr1, operationKey: 'read' });
    expect(byOp.restrictions!.user!.size).toBe(2);
    const alex = client('alex');
    await expect(alex.contentRestrictions.getRestrictions({ id: C.digAdr1 })).rejects.toMatchObject({ statusCode: 404 });
    emu.reset();
  });

  it('reads users and the current user', async () => {
    const alex = client('alex');
    const zoe = await alex.users.getUser({ accountId: P.zoe });
    expect(zoe).toMatchObject({ publicName: 'ZoëŁukasz-NíBhriainDDS', displayName: 'Zoë Łukasz-Ní Bhriain', email: '', isGuest: false });
    expect(zoe.profilePicture.isDefault).toBe(false);
    const sam = await alex.users.getUser({ accountId: P.sam });
    expect(sam).toMatchObject({ isGuest: true, publicName: 'Sam Taylor' });
    const me = await client('priya').users.getCurrentUser({ expand: ['operations'] });
    expect(me.accountId).toBe(P.priya);
    expect(me.email).toBe('priya.shah@dds.example.gov.uk');
    expect(me.operations).toContainEqual({ operation: 'administer', targetType: 'application' });
    const groups = await alex.users.getGroupMembershipsForUser({ accountId: P.chris });
    expect(groups.results.map((g) => g.name)).toEqual(['confluence-users', 'dds-policy']);
  });

  it('lists the spaces each persona can see (v2 through sendRequest)', async () => {
    const keys = async (who: keyof typeof DEMO_CREDENTIALS): Promise<string[]> => {
      const r = await client(who, '/wiki/').sendRequest<{ results: { key: string }[] }>(
        { url: 'api/v2/spaces', method: 'GET', params: { limit: 250 } },
        undefined as never,
      );
      return r.results.map((s) => s.key);
    };
    expect(await keys('priya')).toEqual(['PUB', 'DIG', '~alexblack', 'ARC']);
    expect(await keys('tom')).toEqual(['PUB', 'DIG', 'POL', 'SUP', '~alexblack', 'ARC']);
    expect(await keys('sam')).toEqual(['SUP']);
    expect(await keys('chris')).toEqual(['PUB', 'DIG', 'POL', '~alexblack', 'ARC']);
  });

  it('gets a JSON 401 for a wrong API token', async () => {
    const bad = new ConfluenceClient({ host: emu.url, authentication: { basic: { email: DEMO_CREDENTIALS.priya.email, apiToken: 'wrong' } } });
    await expect(bad.users.getCurrentUser()).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('API token') });
    expect(emu.contractViolations).toEqual([]);
  });
});
