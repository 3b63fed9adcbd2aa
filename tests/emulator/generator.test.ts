import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSite, loadSite, parseSite, SiteState, type ContentItemJson } from '../../tools/emulator';
import { buildDemoSite, DEMO_CONTENT as C, DEMO_PERSONAS as P, DEMO_SITE_PATH, demoSiteText } from '../../tools/emulator/demo-site';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function stats(items: readonly ContentItemJson[]): { pages: number; blogposts: number; depth: number; readRestricted: number } {
  const out = { pages: 0, blogposts: 0, depth: 0, readRestricted: 0 };
  const stack = items.map((item) => ({ item, level: 1 }));
  for (let i = 0; stack.length > 0 && i < 1_000_000; i++) {
    const { item, level } = stack.pop()!;
    if (item.type === 'blogpost') out.blogposts++;
    else out.pages++;
    out.depth = Math.max(out.depth, level);
    if ((item.restrictions?.read?.users?.length ?? 0) + (item.restrictions?.read?.groups?.length ?? 0) > 0) out.readRestricted++;
    for (const c of item.children ?? []) stack.push({ item: c, level: level + 1 });
  }
  return out;
}

describe('generateSite', () => {
  it('produces a valid 10,000-page site with the requested size, depth and restriction ratio', () => {
    const json = generateSite({ pages: 10_000, spaces: 2, depth: 7, restrictedRatio: 0.1, seed: 5, blogposts: 10 });
    const site = parseSite(json, 'generated');
    expect(site.data.spaces).toHaveLength(2);
    const s = stats(site.data.spaces.flatMap((sp) => sp.content as ContentItemJson[]));
    expect(s.pages).toBe(10_000);
    expect(s.blogposts).toBe(20);
    expect(s.depth).toBe(7);
    expect(s.readRestricted / 10_020).toBeGreaterThan(0.08);
    expect(s.readRestricted / 10_020).toBeLessThan(0.12);
    const state = new SiteState(site);
    expect(state.content.size).toBe(10_020);
  });

  it('is deterministic per seed', () => {
    const a = JSON.stringify(generateSite({ pages: 500, seed: 3 }));
    expect(JSON.stringify(generateSite({ pages: 500, seed: 3 }))).toBe(a);
    expect(JSON.stringify(generateSite({ pages: 500, seed: 4 }))).not.toBe(a);
  });

  it('generates ROLES-mode sites too', () => {
    const site = parseSite(generateSite({ pages: 50, roleMode: 'ROLES' }));
    expect(site.data.site.roleMode).toBe('ROLES');
    expect(site.data.spaces[0]!.roleAssignments).toHaveLength(2);
  });

  it('rejects impossible options', () => {
    expect(() => generateSite({ pages: 0 })).toThrow(RangeError);
    expect(() => generateSite({ pages: 10, restrictedRatio: 2 })).toThrow(/restrictedRatio/);
  });

  it('has a working CLI', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'emu-gen-')), 'site.json');
    const r = spawnSync(TSX, ['tools/emulator/generate.ts', '--pages', '300', '--depth', '5', '--seed', '2', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const site = loadSite(out);
    expect(stats(site.data.spaces[0]!.content as ContentItemJson[])).toMatchObject({ pages: 300, depth: 5 });
  });
});

describe('demo site', () => {
  it('matches its generator (regenerate with `tsx tools/emulator/demo-site.ts`)', () => {
    // Compared as data, so reformatting the committed file (e.g. by Prettier) does not matter.
    const committed: unknown = JSON.parse(readFileSync(DEMO_SITE_PATH, 'utf8'));
    expect(committed).toEqual(JSON.parse(demoSiteText(buildDemoSite())));
  });

  it('has a few hundred items, five+ levels, many authors and the fixed personas', () => {
    const site = loadSite(DEMO_SITE_PATH);
    const s = stats(site.data.spaces.flatMap((sp) => sp.content as ContentItemJson[]));
    expect(s.pages).toBeGreaterThan(300);
    expect(s.blogposts).toBeGreaterThan(15);
    expect(s.depth).toBeGreaterThanOrEqual(5);
    expect(site.data.users.length).toBeGreaterThanOrEqual(26);
    expect(site.data.users.length).toBeLessThanOrEqual(47);
    const state = new SiteState(site);
    const authors = new Set([...state.content.values()].map((n) => n.authorId));
    expect(authors.size).toBeGreaterThan(20);
    expect(state.ancestorsOf(state.getContent(C.digDatabaseFailover)!).map((a) => a.title)).toEqual([
      'Digital services home',
      'Service manual',
      'Build',
      'Platform',
      'Hosting',
      'Runbooks',
      'Incident response runbook',
    ]);
    const byId = (id: string) => site.data.users.find((u) => u.accountId === id)!;
    expect(byId(P.alex)).toMatchObject({ publicName: 'alex.black', picture: 'default' });
    expect(byId(P.alex).jobTitle).toBeUndefined();
    expect(byId(P.sam)).toMatchObject({ isGuest: true, publicName: 'Sam Taylor' });
    expect(byId(P.zoe).visibility.jobTitle).toBe('private');
    expect(byId(P.chris).publicName).toBe('ChrisGreenHMRC');
    expect(byId(P.tom).publicName).toBe("TomO'BrienDDS");
    expect(site.data.spaces.find((sp) => sp.key === '~alexblack')).toMatchObject({ type: 'personal', createdBy: P.alex });
    expect(site.data.spaces.find((sp) => sp.key === 'ARC')!.status).toBe('archived');
  });
});

describe('standalone CLI', () => {
  it('prints its URL, serves the site and stops cleanly on SIGTERM', async () => {
    // node --import tsx (not the tsx wrapper) so the signal reaches the emulator process itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/emulator/main.ts', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${buf}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${buf}`)));
      });
      // A one-off connection (no keep-alive pool left holding a socket to the child after it exits).
      const body = await new Promise<string>((resolve, reject) => {
        get(`${url}/wiki/api/v2/spaces`, { agent: false }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect((JSON.parse(body) as { results: { key: string }[] }).results.map((s) => s.key)).toEqual(['PUB']);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
    }
  });
});
