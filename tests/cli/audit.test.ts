import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { AuditReport } from '../../src/cli/report';
import {
  DEMO_CONTENT,
  DEMO_CREDENTIALS,
  DEMO_PERSONAS,
  DEMO_SPACES,
  generateSite,
  loadSite,
  SiteState,
  startEmulator,
  type SiteJson,
} from '../../tools/emulator';
import { oracle } from '../helpers/exposure-oracle';
import { allItems, cli, copySite, DEMO_SITE, tempDir, writeSite } from './helpers';

/**
 * `secure-confluence audit` end to end, in-process: the emulator serves a site file on 127.0.0.1, the app's scan
 * engine runs over it, and every finding set is compared with the emulator model's brute-force answer.
 */

const demoJson = (): SiteJson => JSON.parse(readFileSync(DEMO_SITE, 'utf8')) as SiteJson;
const ids = (report: AuditReport, exposure: 'open' | 'broad-group', key: string) =>
  new Set(
    report.spaces
      .find((s) => s.key === key)
      ?.findings.filter((f) => f.exposure === exposure)
      .map((f) => f.id),
  );

let temp: ReturnType<typeof tempDir>;
beforeAll(() => {
  temp = tempDir();
});
afterAll(() => temp.remove());

describe('audit of a site file', () => {
  it('reports exactly the open pages of DIG, as JSON, and exits 1', async () => {
    const run = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG', '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as AuditReport;
    const state = new SiteState(loadSite(DEMO_SITE));
    const expected = oracle(state, DEMO_SPACES.DIG);

    expect(report.site).toBe('https://dds-demo.atlassian.net');
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
    expect(report.spaces.map((s) => [s.key, s.name, s.id])).toEqual([['DIG', 'Digital services', DEMO_SPACES.DIG]]);
    const dig = report.spaces[0]!;
    expect(ids(report, 'open', 'DIG')).toEqual(expected.open);
    expect(ids(report, 'broad-group', 'DIG')).toEqual(expected.broad);
    expect(dig.summary.open).toBe(expected.open.size);
    expect(dig.access).toMatchObject({ level: 'everyone', anonymous: false, broadGroups: ['confluence-users'] });
    for (const finding of dig.findings) expect(finding.url.startsWith('https://dds-demo.atlassian.net/wiki/')).toBe(true);

    // No title of a restricted page appears anywhere in the output (unless an open page has the same title).
    const openTitles = new Set(dig.findings.map((f) => f.title));
    const restrictedTitles = [...expected.restricted].map((id) => state.getContent(id)!.title).filter((t) => !openTitles.has(t));
    expect(restrictedTitles.length).toBeGreaterThan(0);
    for (const title of restrictedTitles) {
      expect(run.stdout).not.toContain(JSON.stringify(title).slice(1, -1));
      expect(run.stderr).not.toContain(title);
    }
    expect(run.stderr).toContain('DIG  Digital services');
    expect(run.stderr).toMatch(new RegExp(`open ${expected.open.size} · open to a broad group ${expected.broad.size}`));
  });

  it('audits a space named twice only once', async () => {
    const run = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG,DIG', '--space', 'DIG', '--format', 'json']);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as AuditReport).spaces.map((s) => s.key)).toEqual(['DIG']);
  });

  it('classifies pages restricted only to the broad group as broad-group, as the oracle does', async () => {
    const json = copySite(demoJson());
    const dig = json.spaces!.find((s) => s.key === 'DIG')!;
    const root = dig.content!.find((c) => (c.children ?? []).length > 0)!;
    root.restrictions = { read: { users: [], groups: ['confluence-users'] } };
    const file = writeSite(temp.dir, 'broad.json', json);
    // As Tom (a licensed member of DIG): the app is not a licensed user, so it cannot see broad-restricted pages.
    const run = await cli(['audit', '--data', file, '--space', 'DIG', '--as', DEMO_PERSONAS.tom, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as AuditReport;
    const expected = oracle(new SiteState(loadSite(file)), DEMO_SPACES.DIG);
    expect(expected.broad.size).toBeGreaterThan(1);
    expect(ids(report, 'broad-group', 'DIG')).toEqual(expected.broad);
    expect(ids(report, 'open', 'DIG')).toEqual(expected.open);
  });

  it('exits 0 when every page is restricted', async () => {
    const json = generateSite({ pages: 60, spaces: 2, blogposts: 5, restrictedRatio: 0, seed: 3 });
    const owner = json.users![0]!.accountId;
    for (const space of json.spaces ?? []) for (const item of space.content ?? []) item.restrictions = { read: { users: [owner], groups: [] } };
    const file = writeSite(temp.dir, 'all-restricted.json', json);
    const run = await cli(['audit', '--data', file, '--all', '--as', owner]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.spaces).toHaveLength(2);
    for (const space of report.spaces) {
      expect(space.findings).toEqual([]);
      expect(space.summary.open + space.summary.broadGroup).toBe(0);
      expect(space.summary.restricted).toBe(space.summary.scanned);
    }
    const items = (json.spaces ?? []).flatMap((s) => allItems(s.content)).filter((c) => (c.status ?? 'current') === 'current');
    expect(report.spaces.reduce((n, s) => n + s.summary.scanned, 0)).toBe(items.length);
    expect(run.stderr).toContain('No open pages or blog posts found.');
  });

  it('writes CSV that parses back, one row per finding, with formula titles neutralised', async () => {
    const json = copySite(demoJson());
    const pub = json.spaces!.find((s) => s.key === 'PUB')!;
    const items = allItems(pub.content).filter((c) => c.restrictions?.read === undefined && (c.status ?? 'current') === 'current');
    const titles = ['=HYPERLINK("https://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tTabbed'];
    const edited = titles.map((title, i) => {
      const item = items[i + 1]!;
      item.title = title;
      return item.id;
    });
    const file = writeSite(temp.dir, 'formulae.json', json);
    const csvRun = await cli(['audit', '--data', file, '--space', 'PUB,DIG', '--format', 'csv', '--quiet']);
    const jsonRun = await cli(['audit', '--data', file, '--space', 'PUB', '--space', 'DIG', '--quiet']);
    expect(csvRun.code).toBe(1);
    const parsed = Papa.parse<Record<string, string>>(csvRun.stdout, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields?.[0]).toBe('space key');
    const report = JSON.parse(jsonRun.stdout) as AuditReport;
    const expectedRows = report.spaces.flatMap((s) => s.findings.map((f) => [s.key, f.id]));
    expect(parsed.data.map((r) => [r['space key'], r.id])).toEqual(expectedRows);
    for (const [i, id] of edited.entries()) {
      const row = parsed.data.find((r) => r.id === id);
      expect(row?.title).toBe(`'${titles[i]!}`);
      expect(report.spaces[0]!.findings.find((f) => f.id === id)?.title).toBe(titles[i]); // JSON keeps the real title
    }
  });

  it('--all covers every current non-personal space; personal and archived ones on request', async () => {
    const json = demoJson();
    const spaces = json.spaces ?? [];
    const plain = await cli(['audit', '--data', DEMO_SITE, '--all', '--quiet']);
    expect(plain.code).toBe(1);
    const expected = spaces.filter((s) => (s.type ?? 'global') !== 'personal' && (s.status ?? 'current') === 'current').map((s) => s.key);
    expect((JSON.parse(plain.stdout) as AuditReport).spaces.map((s) => s.key).sort()).toEqual([...expected].sort());
    expect(expected).toEqual(expect.arrayContaining(['PUB', 'DIG', 'POL', 'HR', 'SUP']));
    // Scanning as the app: it sees every space, and every open page of each.
    const state = new SiteState(loadSite(DEMO_SITE));
    const plainReport = JSON.parse(plain.stdout) as AuditReport;
    for (const space of plainReport.spaces) expect(ids(plainReport, 'open', space.key)).toEqual(oracle(state, space.id).open);

    const everything = await cli(['audit', '--data', DEMO_SITE, '--all', '--include-personal', '--include-archived', '--quiet']);
    const report = JSON.parse(everything.stdout) as AuditReport;
    expect(report.spaces.map((s) => s.key).sort()).toEqual(spaces.map((s) => s.key).sort());
    // --include-archived also reports open archived pages (the oracle covers current ones only).
    expect(ids(report, 'open', 'PUB').has(DEMO_CONTENT.pubArchived)).toBe(true);
    expect(ids(plainReport, 'open', 'PUB').has(DEMO_CONTENT.pubArchived)).toBe(false);
  });

  it('--out writes the report to a file and refuses to overwrite it without --force', async () => {
    const out = path.join(temp.dir, 'report.json');
    const first = await cli(['audit', '--data', DEMO_SITE, '--space', 'SUP', '--out', out]);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain(`Report written to ${out}`);
    const written = readFileSync(out, 'utf8');
    expect((JSON.parse(written) as AuditReport).spaces[0]!.key).toBe('SUP');
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o077).toBe(0);

    const again = await cli(['audit', '--data', DEMO_SITE, '--space', 'PUB', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: not overwriting it\.\n.*--force/);
    expect(readFileSync(out, 'utf8')).toBe(written);

    const forced = await cli(['audit', '--data', DEMO_SITE, '--space', 'PUB', '--out', 'report.json', '--force', '--format', 'csv'], { cwd: temp.dir });
    expect(forced.code).toBe(1);
    expect(readFileSync(out, 'utf8').startsWith('space key,id,type,title')).toBe(true);

    // A folder is named as such at once, with or without --force.
    for (const extra of [[], ['--force']]) {
      const folder = await cli(['audit', '--data', DEMO_SITE, '--space', 'PUB', '--out', temp.dir, ...extra]);
      expect(folder.code).toBe(2);
      expect(folder.stderr).toContain(`error: ${temp.dir} is a folder: --out needs a file name.`);
    }
    const empty = await cli(['audit', '--data', DEMO_SITE, '--space', 'PUB', '--broad-group', ' ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--broad-group needs a group name');
  });
});

describe('audit of a Confluence site over HTTP (the emulator on loopback)', () => {
  it('signs in with an email and the API token from the environment, and finds what the user can see', async () => {
    const emulator = await startEmulator({ site: loadSite(DEMO_SITE) });
    try {
      const run = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.tom.email, '--token-env', 'MY_TOKEN', '--space', 'DIG'], {
        env: { MY_TOKEN: DEMO_CREDENTIALS.tom.apiToken },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`as ${DEMO_CREDENTIALS.tom.email}`);
      const report = JSON.parse(run.stdout) as AuditReport;
      expect(report.site).toBe(emulator.url);
      expect(ids(report, 'open', 'DIG')).toEqual(oracle(emulator.state, DEMO_SPACES.DIG).open);
      // Every request carried Tom's Basic credentials, and nothing was written.
      expect(emulator.requests.count({ principal: `user:${DEMO_PERSONAS.tom}` })).toBe(emulator.requests.length);
      expect(emulator.requests.count({ method: 'GET' }) + emulator.requests.count({ method: 'POST', path: '/wiki/api/v2/users-bulk' })).toBe(
        emulator.requests.length,
      );
    } finally {
      await emulator.stop();
    }
  });
});
