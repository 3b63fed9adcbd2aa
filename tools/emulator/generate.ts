/**
 * Generates valid site files of any size for benchmarks:
 *
 *   tsx tools/emulator/generate.ts --pages 100000 [--spaces 1] [--depth 8] [--restricted-ratio 0.1] [--seed 1] --out site.json
 *
 * Deterministic for a given seed. Each space gets an exact-depth spine (so the requested depth is reached), then every
 * other page hangs under a random page above the depth limit (or at the root). `restrictedRatio` of pages get a read
 * restriction (by group, by user, or both) and half as many an edit-only restriction. 100,000 pages take well under a
 * second and ~60 MB of heap.
 */
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { seededRandom } from './random';
import type { ContentItemJson, SiteJson } from './site-schema';

/** Options of {@link generateSite}. */
export interface GenerateOptions {
  /** Total pages across all spaces (≥ 1). */
  pages: number;
  /** Number of spaces (default 1); pages are spread evenly. */
  spaces?: number;
  /** Maximum tree depth in levels, root = 1 (default 8). Reached exactly when a space has ≥ depth pages. */
  depth?: number;
  /** Fraction of pages with a read restriction, 0–1 (default 0.1). */
  restrictedRatio?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Blog posts per space (default 0). */
  blogposts?: number;
  /** Number of users (default 50). */
  users?: number;
  /** Number of groups besides the licensed-users group (default 10). */
  groups?: number;
  /** Permission model (default PERMISSIONS). */
  roleMode?: 'PERMISSIONS' | 'ROLES';
}

/** accountId of the generated app principal. */
export const GENERATED_APP_ID = '5f1b00000000000000000a99';

function accountId(i: number): string {
  return `5f1b${i.toString(16).padStart(20, '0')}`;
}

function groupId(i: number): string {
  const h = i.toString(16).padStart(12, '0');
  return `0000${h.slice(0, 4)}-0000-4000-8000-${h}`;
}

const TOPICS = ['Roadmap', 'Runbook', 'Meeting notes', 'Decision', 'Retrospective', 'Design', 'Guide', 'Policy', 'Report', 'Plan', 'Review', 'Checklist'];

/**
 * Builds a site (as written in a site file) with the requested size and shape.
 * @throws RangeError on out-of-range options.
 */
export function generateSite(opts: GenerateOptions): SiteJson {
  const pages = opts.pages;
  const spaceCount = opts.spaces ?? 1;
  const depth = opts.depth ?? 8;
  const ratio = opts.restrictedRatio ?? 0.1;
  const userCount = opts.users ?? 50;
  const groupCount = opts.groups ?? 10;
  const blogposts = opts.blogposts ?? 0;
  if (!Number.isInteger(pages) || pages < 1) throw new RangeError('pages must be an integer ≥ 1');
  if (!Number.isInteger(spaceCount) || spaceCount < 1) throw new RangeError('spaces must be an integer ≥ 1');
  if (!Number.isInteger(depth) || depth < 1 || depth > 1000) throw new RangeError('depth must be an integer in 1..1000');
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError('restrictedRatio must be in 0..1');
  if (!Number.isInteger(userCount) || userCount < 1) throw new RangeError('users must be an integer ≥ 1');
  const rnd = seededRandom(opts.seed ?? 1);

  const users = Array.from({ length: userCount }, (_, i) => ({
    accountId: accountId(i + 1),
    displayName: `User ${i + 1}`,
    publicName: i % 3 === 0 ? `user${i + 1}` : `User${i + 1}GEN`,
    email: `user${i + 1}@generated.example`,
    ...(i === 0 ? { apiToken: 'generated-token-1', siteAdmin: true } : {}),
    picture: i % 2 === 0 ? ('custom' as const) : ('default' as const),
    ...(i % 4 === 0 ? {} : { jobTitle: TOPICS[i % TOPICS.length]! + ' lead' }),
  }));
  const ids = users.map((u) => u.accountId);
  const groups = Array.from({ length: groupCount }, (_, i) => ({
    id: groupId(i + 1),
    name: `gen-group-${i + 1}`,
    members: ids.filter(() => rnd.chance(0.3)),
  }));
  const groupNames = groups.map((g) => g.name);

  let nextId = 1_000_001;
  const baseTime = Date.UTC(2022, 0, 1);
  const spaces: NonNullable<SiteJson['spaces']> = [];
  for (let s = 0; s < spaceCount; s++) {
    const quota = Math.floor(pages / spaceCount) + (s < pages % spaceCount ? 1 : 0);
    const roots: ContentItemJson[] = [];
    // eligible parents: pages above the depth limit (level < depth).
    const eligible: { item: ContentItemJson; level: number }[] = [];
    const make = (n: number): ContentItemJson => {
      const id = nextId++;
      const created = baseTime + n * 37_000 + rnd.int(30_000);
      const item: ContentItemJson = {
        id: String(id),
        title: `${TOPICS[id % TOPICS.length]!} ${id}`,
        author: rnd.pick(ids),
        created: new Date(created).toISOString(),
      };
      if (rnd.chance(0.5)) {
        item.lastModified = new Date(created + rnd.int(90 * 86_400_000)).toISOString();
        item.lastModifiedBy = rnd.pick(ids);
      }
      if (rnd.chance(ratio)) {
        const kind = rnd.int(10);
        item.restrictions = {
          read: {
            ...(kind < 7 && groupNames.length > 0 ? { groups: [rnd.pick(groupNames)] } : {}),
            ...(kind >= 6 || groupNames.length === 0 ? { users: [rnd.pick(ids), rnd.pick(ids)].filter((v, i, a) => a.indexOf(v) === i) } : {}),
          },
        };
      }
      if (rnd.chance(ratio / 2)) item.restrictions = { ...item.restrictions, update: { users: [rnd.pick(ids)] } };
      return item;
    };
    const attach = (item: ContentItemJson, parent: { item: ContentItemJson; level: number } | null): void => {
      const level = parent ? parent.level + 1 : 1;
      if (parent) (parent.item.children ??= []).push(item);
      else roots.push(item);
      if (level < depth) eligible.push({ item, level });
    };
    // The spine: one page per level, so the requested depth exists.
    let parent: { item: ContentItemJson; level: number } | null = null;
    for (let n = 0; n < Math.min(depth, quota); n++) {
      const item = make(n);
      attach(item, parent);
      parent = { item, level: parent ? parent.level + 1 : 1 };
    }
    for (let n = Math.min(depth, quota); n < quota; n++) {
      const item = make(n);
      attach(item, eligible.length > 0 && !rnd.chance(0.02) ? rnd.pick(eligible) : null);
    }
    const content: ContentItemJson[] = [...roots];
    for (let b = 0; b < blogposts; b++) {
      const item = make(quota + b);
      content.push({ ...item, type: 'blogpost', title: `Blog post ${item.id}` });
    }
    const key = `GEN${s + 1}`;
    spaces.push({
      id: String(2_000_001 + s),
      key,
      name: `Generated space ${s + 1}`,
      createdBy: ids[0]!,
      ...(roots[0] ? { homepage: roots[0].id } : {}),
      ...(opts.roleMode === 'ROLES'
        ? {
            roleAssignments: [
              { principal: { type: 'all-licensed' as const }, role: 'Editor' },
              { principal: { type: 'user' as const, accountId: ids[0]! }, role: 'Admin' },
            ],
          }
        : {
            permissions: [
              { principal: { type: 'all-licensed' as const }, operations: ['read/space', 'create/page', 'create/blogpost', 'restrict_content/space'] },
              { principal: { type: 'user' as const, accountId: ids[0]! }, operations: ['read/space', 'administer/space'] },
            ],
          }),
      content,
    });
  }
  return {
    site: {
      name: 'Generated site',
      baseUrl: 'https://generated.atlassian.net',
      roleMode: opts.roleMode ?? 'PERMISSIONS',
      anonymousAccess: false,
    },
    app: { accountId: GENERATED_APP_ID, displayName: 'Secure Confluence' },
    groups,
    users,
    spaces,
  };
}

function main(argv: string[]): void {
  const program = new Command()
    .name('generate')
    .description('Generate a Confluence emulator site file of any size (deterministic per seed).')
    .requiredOption('--pages <n>', 'total pages', (v) => parseInt(v, 10))
    .option('--spaces <n>', 'number of spaces', (v) => parseInt(v, 10), 1)
    .option('--depth <n>', 'maximum tree depth in levels', (v) => parseInt(v, 10), 8)
    .option('--restricted-ratio <r>', 'fraction of pages with a read restriction', (v) => parseFloat(v), 0.1)
    .option('--seed <n>', 'PRNG seed', (v) => parseInt(v, 10), 1)
    .option('--blogposts <n>', 'blog posts per space', (v) => parseInt(v, 10), 0)
    .option('--users <n>', 'number of users', (v) => parseInt(v, 10), 50)
    .option('--role-mode <mode>', 'PERMISSIONS or ROLES', 'PERMISSIONS')
    .option('--pretty', 'indent the JSON')
    .requiredOption('--out <file>', 'output file');
  program.parse(argv);
  const o = program.opts<{
    pages: number;
    spaces: number;
    depth: number;
    restrictedRatio: number;
    seed: number;
    blogposts: number;
    users: number;
    roleMode: string;
    pretty?: boolean;
    out: string;
  }>();
  if (o.roleMode !== 'PERMISSIONS' && o.roleMode !== 'ROLES') program.error('--role-mode must be PERMISSIONS or ROLES');
  const site = generateSite({
    pages: o.pages,
    spaces: o.spaces,
    depth: o.depth,
    restrictedRatio: o.restrictedRatio,
    seed: o.seed,
    blogposts: o.blogposts,
    users: o.users,
    roleMode: o.roleMode as 'PERMISSIONS' | 'ROLES',
  });
  writeFileSync(o.out, `${JSON.stringify(site, null, o.pretty ? 2 : undefined)}\n`);
  process.stdout.write(`wrote ${o.out}: ${o.pages} pages in ${o.spaces} space(s), depth ≤ ${o.depth}\n`);
}

if (require.main === module) main(process.argv);
