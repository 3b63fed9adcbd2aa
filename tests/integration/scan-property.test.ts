import fc from 'fast-check';
import { ConfluenceClient } from '../../src/adapters/confluence/client';
import { RetryBudget } from '../../src/adapters/confluence/retry';
import { httpTransport } from '../../src/adapters/http/http-transport';
import { MemoryStore } from '../../src/domain/ports';
import { scanToCompletion } from '../../src/services/local-scan';
import { parseSite, startEmulator, type FaultSettings, type SiteJson } from '../../tools/emulator';
import { oracle } from '../helpers/exposure-oracle';

/**
 * The whole engine over real HTTP against the emulator, for random page trees with random user and group view
 * and edit restrictions, while the emulator injects random faults (429 with Retry-After, 5xx, a refused
 * cursor, content deleted between result pages) and every slice is tiny (so the scan checkpoints and restores
 * between almost every page): no open page may be lost, none found twice, and none found that was never open.
 */

const SCANNER = '5f1c00000000000000000001'; // a licensed member, in no named group and never named in a restriction
const U1 = '5f1c00000000000000000002';
const U2 = '5f1c00000000000000000003';
const ADMIN = '5f1c00000000000000000004';
const GROUPS = { 'confluence-users': '00000000-0000-4000-8000-0000000000c1', 'team-a': '00000000-0000-4000-8000-0000000000c2', 'team-b': '00000000-0000-4000-8000-0000000000c3' };
const SPACE = { id: '77001', key: 'PROP' };

type Restriction = { users?: string[]; groups?: string[] } | undefined;
const restrictionArb: fc.Arbitrary<Restriction> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 4,
    arbitrary: fc
      .record({ users: fc.subarray([U1, U2]), groups: fc.subarray(['team-a', 'team-b', 'confluence-users']) })
      .map((r) => (r.users.length + r.groups.length === 0 ? undefined : r)),
  },
);

interface Node {
  id: string;
  title: string;
  type?: 'blogpost';
  author: string;
  created: string;
  restrictions?: { read?: Restriction; update?: Restriction };
  children?: Node[];
}

const siteArb: fc.Arbitrary<SiteJson> = fc
  .record({
    pages: fc.array(fc.record({ parent: fc.nat(), read: restrictionArb, edit: restrictionArb, formula: fc.boolean() }), { minLength: 1, maxLength: 45 }),
    blogs: fc.array(fc.record({ read: restrictionArb }), { maxLength: 5 }),
    teamA: fc.subarray([U1, U2]),
  })
  .map(({ pages, blogs, teamA }) => {
    const nodes: Node[] = [];
    const roots: Node[] = [];
    pages.forEach((p, i) => {
      const node: Node = {
        id: String(80_000 + i),
        title: `${p.formula ? '=' : ''}Page ${i}`,
        author: ADMIN,
        created: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
        ...(p.read || p.edit ? { restrictions: { ...(p.read ? { read: p.read } : {}), ...(p.edit ? { update: p.edit } : {}) } } : {}),
      };
      const parent = i > 0 && p.parent % 4 !== 0 ? nodes[p.parent % i] : undefined;
      if (parent) (parent.children ??= []).push(node);
      else roots.push(node);
      nodes.push(node);
    });
    blogs.forEach((b, i) =>
      roots.push({ id: String(90_000 + i), type: 'blogpost', title: `Post ${i}`, author: ADMIN, created: new Date(Date.UTC(2024, 1, 1, 0, i)).toISOString(), ...(b.read ? { restrictions: { read: b.read } } : {}) }),
    );
    const user = (accountId: string, name: string) => ({ accountId, displayName: name, publicName: name.replace(' ', ''), picture: 'default' as const });
    return {
      site: { name: 'Property site', baseUrl: 'https://prop.atlassian.net', roleMode: 'PERMISSIONS', anonymousAccess: false, licensedUsersGroup: 'confluence-users', pageCaps: { v1Search: 4, v2: 250 } },
      app: { accountId: '5f1c000000000000000000ff', displayName: 'Secure Confluence' },
      groups: [
        { id: GROUPS['confluence-users'], name: 'confluence-users', members: [] },
        { id: GROUPS['team-a'], name: 'team-a', members: teamA },
        { id: GROUPS['team-b'], name: 'team-b', members: [U2] },
      ],
      users: [user(SCANNER, 'Scan Ner'), user(U1, 'Una One'), user(U2, 'Udo Two'), user(ADMIN, 'Ada Admin')],
      spaces: [
        {
          id: SPACE.id,
          key: SPACE.key,
          name: 'Property space',
          permissions: [
            { principal: { type: 'all-licensed' }, operations: ['read/space'] },
            { principal: { type: 'user', accountId: ADMIN }, operations: ['read/space', 'administer/space'] },
          ],
          content: roots,
        },
      ],
    } as unknown as SiteJson;
  });

const faultArb: fc.Arbitrary<FaultSettings> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  pathPrefix: fc.constant('/wiki/rest/api/content/search'),
  rateLimit: fc.option(fc.record({ probability: fc.double({ min: 0, max: 0.3, noNaN: true }), retryAfterSeconds: fc.constant(0) }), { nil: null }),
  serverErrors: fc.option(fc.record({ probability: fc.double({ min: 0, max: 0.3, noNaN: true }), status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const) }), { nil: null }),
  invalidCursor: fc.option(fc.record({ next: fc.integer({ min: 1, max: 2 }) }), { nil: null }),
  deleteBetweenPages: fc.option(fc.record({ afterPage: fc.integer({ min: 1, max: 6 }) }), { nil: null }),
});

describe('the scan engine through the emulator with random faults', () => {
  it('never loses, duplicates or invents a finding', async () => {
    await fc.assert(
      fc.asyncProperty(siteArb, faultArb, async (json, faults) => {
        const emulator = await startEmulator({ site: parseSite(json, '<property>'), port: 0, validateResponses: true });
        try {
          emulator.faults.set(faults);
          const client = new ConfluenceClient(httpTransport({ baseUrl: emulator.url, authorization: `Bearer emu-user:${SCANNER}` }), {
            policy: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 3, maxRetryAfterMs: 50 },
            budget: new RetryBudget(10_000),
          });
          const { job, findings } = await scanToCompletion({
            client,
            store: new MemoryStore(),
            space: SPACE,
            broadGroups: ['confluence-users'],
            sliceMs: 2,
            checkpointEveryMs: 0,
            maxSlices: 5_000,
            maxWaitMs: 1,
            pageSize: 4,
            sleep: async () => undefined,
          });
          const found = findings.map((f) => f.i);
          expect(new Set(found).size).toBe(found.length);
          const truth = oracle(emulator.state, SPACE.id);
          const deleted = new Set(emulator.faults.deleted);
          for (const id of [...truth.open, ...truth.broad]) expect(found).toContain(id);
          for (const id of found) expect(truth.open.has(id) || truth.broad.has(id) || deleted.has(id)).toBe(true);
          for (const f of findings) if (truth.open.has(f.i)) expect(f.x).toBe('o');
          expect(job.status).toBe('done');
          expect(emulator.contractViolations).toEqual([]);
        } finally {
          await emulator.stop();
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
