import fc from 'fast-check';
import { expandFindings, queryFindings, type StoredFinding } from '../../src/domain/audit/findings';
import { jsonBytes, packShards } from '../../src/domain/audit/shards';
import { decodeNode, ExposureLedger } from '../../src/domain/exposure/classify';

describe('shards', () => {
  it('packs items in order into groups that each fit the byte limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 200 }), fc.integer({ min: 400, max: 5_000 }), (items, max) => {
        const shards = packShards(items, max);
        expect(shards.flat()).toEqual(items);
        for (const shard of shards) {
          expect(shard.length).toBeGreaterThan(0);
          expect(jsonBytes(shard)).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('keeps 100,000 compact node entries within a handful of 200 KiB shards', () => {
    const ledger = new ExposureLedger([]);
    for (let i = 0; i < 100_000; i++) {
      ledger.add({ id: String(10_000_000 + i), type: 'page', title: 't', ancestors: [], read: i % 10 === 0 ? { users: ['u'], groups: [] } : null, editRestricted: i % 7 === 0, authorAccountId: null, lastModified: null, webui: null });
    }
    const entries = ledger.takeNodeDelta();
    expect(entries).toHaveLength(100_000);
    expect(decodeNode(entries[0]!)).toEqual({ id: '10000000', state: { own: 'restricted', editRestricted: true }, ancestorOnly: false });
    expect(packShards(entries).length).toBeLessThanOrEqual(8);
  });

  it('refuses a corrupt checkpoint entry', () => {
    expect(() => decodeNode('12345')).toThrow('Corrupt checkpoint entry');
    expect(() => decodeNode('12:z')).toThrow('Corrupt checkpoint entry');
  });
});

describe('findings', () => {
  const stored: StoredFinding[] = [
    { i: '1', t: 'p', n: 'Home', a: [], x: 'o', e: null, u: 'a', m: '2025-01-01T00:00:00Z', w: '/spaces/S/pages/1' },
    { i: '2', t: 'p', n: 'Éclair recipes', a: ['1'], x: 'g', e: '1', u: 'b', m: '2025-03-01T00:00:00Z', w: null },
    { i: '3', t: 'b', n: 'News', a: [], x: 'o', e: null, u: null, m: null, w: '/spaces/S/blog/3' },
  ];

  it('expands ancestors with their titles and builds links on the site', () => {
    const [home, eclair] = expandFindings(stored, 'https://x.atlassian.net');
    expect(home?.url).toBe('https://x.atlassian.net/wiki/spaces/S/pages/1');
    expect(eclair).toMatchObject({ ancestors: [{ id: '1', title: 'Home' }], exposure: 'broad-group', editOnlyRestrictedBy: '1', url: 'https://x.atlassian.net/wiki/pages/viewpage.action?pageId=2' });
  });

  it('filters ignoring case and accents, sorts stably and pages', () => {
    const items = expandFindings(stored, null);
    expect(queryFindings(items, { filter: 'ECLAIR' }).items.map((i) => i.id)).toEqual(['2']);
    expect(queryFindings(items, { filter: 'home' }).items.map((i) => i.id)).toEqual(['2', '1']); // title or location, newest first
    expect(queryFindings(items, {}).items.map((i) => i.id)).toEqual(['2', '1', '3']); // newest change first
    expect(queryFindings(items, { sort: 'title', direction: 'asc', offset: 1, limit: 1 })).toEqual({ items: [items[0]], total: 3 }); // Éclair, [Home], News
    expect(queryFindings(items, { exposure: 'open', type: 'page' }).items.map((i) => i.id)).toEqual(['1']);
  });
});
