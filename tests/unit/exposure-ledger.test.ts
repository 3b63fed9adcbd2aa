import fc from 'fast-check';
import { ExposureLedger, combine, ownRead, type ContentRecord, type PrincipalSet } from '../../src/domain/exposure/classify';

/**
 * The ledger must agree exactly with a brute-force reading of Confluence's rule: a person can view an item
 * only if its own view restriction and every ancestor's admit them; edit restrictions never matter.
 */

const BROAD = 'confluence-users';
const OUTSIDER = 'u-outsider'; // a licensed member in no named group and never listed: only broad groups admit them

interface World {
  members: string[];
  groups: Map<string, Set<string>>;
  items: ContentRecord[];
}

function admits(read: PrincipalSet | null, user: string, groups: Map<string, Set<string>>): boolean {
  if (!read || (read.users.length === 0 && read.groups.length === 0)) return true;
  return read.users.includes(user) || read.groups.some((g) => groups.get(g)?.has(user) === true);
}

/** Brute force: the ids every space member can view. */
function viewableByAll(world: World): Set<string> {
  const byId = new Map(world.items.map((i) => [i.id, i]));
  const out = new Set<string>();
  for (const item of world.items) {
    const chain = [...item.ancestors.map((a) => byId.get(a.id)), item];
    if (world.members.every((m) => chain.every((node) => node !== undefined && admits(node.read, m, world.groups)))) out.add(item.id);
  }
  return out;
}

/** Brute force: the ids with no view restriction on their whole chain. */
function unrestricted(world: World): Set<string> {
  const byId = new Map(world.items.map((i) => [i.id, i]));
  return new Set(
    world.items
      .filter((item) => [...item.ancestors.map((a) => byId.get(a.id)), item].every((n) => n !== undefined && (n.read === null || (n.read.users.length === 0 && n.read.groups.length === 0))))
      .map((i) => i.id),
  );
}

const namedUsers = ['u1', 'u2', 'u3', 'u4'];
const namedGroups = ['team-a', 'team-b', 'hr'];

const restrictionArb: fc.Arbitrary<PrincipalSet | null> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant({ users: [], groups: [] }) },
  {
    weight: 4,
    arbitrary: fc.record({
      users: fc.subarray(namedUsers),
      groups: fc.subarray([...namedGroups, BROAD]),
    }),
  },
);

const worldArb: fc.Arbitrary<World> = fc
  .record({
    size: fc.integer({ min: 1, max: 60 }),
    parents: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    blog: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    reads: fc.array(restrictionArb, { minLength: 60, maxLength: 60 }),
    edits: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    membership: fc.array(fc.subarray(namedUsers), { minLength: namedGroups.length, maxLength: namedGroups.length }),
  })
  .map(({ size, parents, blog, reads, edits, membership }) => {
    const items: ContentRecord[] = [];
    for (let i = 0; i < size; i++) {
      const isBlog = blog[i] === true && i > 0;
      // parent index < i, or none (top level); blog posts never have ancestors
      const parentIndex = !isBlog && i > 0 && (parents[i] ?? 0) % 3 !== 0 ? (parents[i] ?? 0) % i : -1;
      const parent = parentIndex >= 0 ? items[parentIndex] : undefined;
      const ancestors = parent && parent.type === 'page' ? [...parent.ancestors, { id: parent.id, title: parent.title }] : [];
      const read = reads[i] ?? null;
      items.push({
        id: String(1000 + i),
        type: isBlog ? 'blogpost' : 'page',
        title: `Title ${i}`,
        ancestors,
        read: read && read.users.length === 0 && read.groups.length === 0 ? null : read,
        editRestricted: edits[i] === true,
        authorAccountId: 'u1',
        lastModified: null,
        webui: null,
      });
    }
    const groups = new Map<string, Set<string>>(namedGroups.map((g, i) => [g, new Set(membership[i] ?? [])]));
    groups.set(BROAD, new Set([...namedUsers, OUTSIDER]));
    return { members: [...namedUsers, OUTSIDER], groups, items };
  });

function runLedger(items: readonly ContentRecord[], order: number[], snapshotAt: number | null, repeats: number[]) {
  let ledger = new ExposureLedger([BROAD]);
  const found = new Map<string, { exposure: string; titleMissing: boolean }>();
  const drain = () => {
    for (const r of ledger.takeResolved()) {
      expect(found.has(r.record.id)).toBe(false); // never reported twice
      found.set(r.record.id, { exposure: r.exposure, titleMissing: r.titleMissing });
    }
  };
  order.forEach((index, step) => {
    const item = items[index];
    if (item) ledger.add(item);
    const again = items[repeats[step] ?? -1];
    if (again) ledger.add(again); // duplicates across result pages
    drain();
    if (snapshotAt === step) {
      const snapshot = JSON.parse(JSON.stringify(ledger.snapshot())) as ReturnType<ExposureLedger['snapshot']>;
      for (const p of snapshot.pending) expect(p).not.toHaveProperty('title');
      ledger = ExposureLedger.restore([BROAD], snapshot);
      drain();
    }
  });
  ledger.finish();
  drain();
  return { found, counts: ledger.counts() };
}

describe('ExposureLedger', () => {
  it('agrees exactly with the brute-force "every space member can view" rule, in any arrival order, across snapshots', () => {
    fc.assert(
      fc.property(
        worldArb.chain((world) =>
          fc.record({
            world: fc.constant(world),
            order: fc.shuffledSubarray(
              world.items.map((_, i) => i),
              { minLength: world.items.length, maxLength: world.items.length },
            ),
            snapshotAt: fc.option(fc.nat({ max: Math.max(0, world.items.length - 1) }), { nil: null }),
            repeats: fc.array(fc.integer({ min: -1, max: world.items.length - 1 }), { maxLength: world.items.length }),
          }),
        ),
        ({ world, order, snapshotAt, repeats }) => {
          const { found, counts } = runLedger(world.items, order, snapshotAt, repeats);
          const everyone = viewableByAll(world);
          const open = unrestricted(world);
          expect(new Set(found.keys())).toEqual(everyone);
          expect(new Set([...found].filter(([, v]) => v.exposure === 'open').map(([k]) => k))).toEqual(open);
          expect(counts.open + counts.broadGroup).toBe(everyone.size);
          expect(counts.restricted).toBe(world.items.length - everyone.size);
          expect(counts.pending).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('classifies a restricted parent as hiding its whole subtree, and an edit-only parent as hiding nothing', () => {
    const ledger = new ExposureLedger([BROAD]);
    const base = { authorAccountId: null, lastModified: null, webui: null, type: 'page' as const };
    ledger.add({ ...base, id: '1', title: 'Root', ancestors: [], read: null, editRestricted: true });
    ledger.add({ ...base, id: '2', title: 'Secret', ancestors: [{ id: '1', title: 'Root' }], read: { users: ['u1'], groups: [] }, editRestricted: false });
    ledger.add({ ...base, id: '3', title: 'Under secret', ancestors: [{ id: '1', title: 'Root' }, { id: '2', title: 'Secret' }], read: null, editRestricted: false });
    ledger.add({ ...base, id: '4', title: 'Open child', ancestors: [{ id: '1', title: 'Root' }], read: null, editRestricted: false });
    ledger.finish();
    const resolved = ledger.takeResolved();
    expect(resolved.map((r) => [r.record.id, r.exposure, r.editOnlyRestrictedBy])).toEqual([
      ['1', 'open', '1'],
      ['4', 'open', '1'],
    ]);
    expect(ledger.counts()).toMatchObject({ seen: 4, open: 2, restricted: 2, pending: 0 });
  });

  it('waits for an ancestor that arrives later, and drops pending titles from snapshots', () => {
    const ledger = new ExposureLedger([]);
    const base = { authorAccountId: null, lastModified: null, webui: null, type: 'page' as const, editRestricted: false, read: null };
    // Its link carries its title, as Confluence's do: a pending item may turn out restricted, so neither is kept.
    ledger.add({ ...base, id: '20', title: 'Child first', ancestors: [{ id: '10', title: 'Parent' }], webui: '/spaces/DIG/pages/20/Child+first' });
    expect(ledger.takeResolved()).toEqual([]);
    expect(ledger.missingAncestors()).toEqual(['10']);
    const snapshot = ledger.snapshot();
    expect(JSON.stringify(snapshot)).not.toContain('Child first');
    expect(JSON.stringify(snapshot)).not.toContain('Child+first');
    expect(JSON.stringify(snapshot)).not.toContain('Parent');
    const restored = ExposureLedger.restore([], snapshot);
    restored.add({ ...base, id: '10', title: 'Parent', ancestors: [] });
    const resolved = restored.takeResolved();
    expect(resolved.map((r) => [r.record.id, r.titleMissing])).toEqual([
      ['10', false],
      ['20', true],
    ]);
  });

  it('treats ancestors that never appear as restricting (the scanner cannot see them)', () => {
    const ledger = new ExposureLedger([]);
    ledger.add({ id: '5', type: 'page', title: 'Orphan', ancestors: [{ id: '4', title: '' }], read: null, editRestricted: false, authorAccountId: null, lastModified: null, webui: null });
    ledger.finish();
    expect(ledger.takeResolved()).toEqual([]);
    expect(ledger.counts().restricted).toBe(1);
  });
});

describe('ownRead and combine', () => {
  it('reads an empty restriction as none and a broad group in any case as broad', () => {
    const broad = new Set(['confluence-users']);
    expect(ownRead(null, broad)).toBe('none');
    expect(ownRead({ users: [], groups: [] }, broad)).toBe('none');
    expect(ownRead({ users: ['a'], groups: ['Confluence-Users'] }, broad)).toBe('broad');
    expect(ownRead({ users: ['a'], groups: ['hr'] }, broad)).toBe('restricted');
  });

  it('lets any restriction on the chain win over broad, and broad win over none', () => {
    expect(combine(['none', 'broad', 'none'])).toBe('broad-group');
    expect(combine(['broad', 'restricted'])).toBe('restricted');
    expect(combine(['none'])).toBe('open');
  });
});
