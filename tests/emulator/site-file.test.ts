import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSite, parseSite, SiteFileError, type ContentItemJson, type SiteJson } from '../../tools/emulator';
import { DEMO_PERSONAS, DEMO_SITE_PATH } from '../../tools/emulator/demo-site';

const U1 = '5f1a00000000000000000001';
const U2 = '5f1a00000000000000000002';
const APP = '5f1a0000000000000000ffff';

/** A small valid site with three spaces; tests break one thing at a time. */
function minimal(): SiteJson {
  return {
    site: { name: 'Test', baseUrl: 'https://test.atlassian.net' },
    app: { accountId: APP },
    groups: [{ id: '11111111-1111-4111-8111-111111111111', name: 'team', members: [U1] }],
    users: [
      { accountId: U1, displayName: 'One', publicName: 'One' },
      { accountId: U2, displayName: 'Two', publicName: 'Two' },
    ],
    spaces: [
      { id: '1', key: 'A', name: 'A', content: [{ id: '10', title: 'A home', author: U1, created: '2024-01-01T00:00:00Z' }] },
      { id: '2', key: 'B', name: 'B', content: [] },
      {
        id: '3',
        key: 'C',
        name: 'C',
        permissions: [{ principal: { type: 'group', group: 'team' }, operations: ['read/space'] }],
        content: [
          {
            id: '30',
            title: 'C home',
            author: U1,
            created: '2024-01-01T00:00:00Z',
            restrictions: { read: { users: [U1, U2], groups: ['team'] } },
            children: [{ id: '31', title: 'Child', author: U2, created: '2024-01-02T00:00:00Z' }],
          },
        ],
      },
    ],
  };
}

/** Writes a field the schema's type does not allow (a wrong value or an unknown key), to break the site on purpose. */
function setRaw(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}

function errorOf(json: unknown, source = 'test-site.json'): SiteFileError {
  try {
    parseSite(json, source);
  } catch (e) {
    if (e instanceof SiteFileError) return e;
    throw e;
  }
  throw new Error('expected a SiteFileError');
}

describe('site file validation', () => {
  it('loads the committed demo site with its personas, spaces and content', () => {
    const site = loadSite(DEMO_SITE_PATH);
    expect(site.source).toBe(DEMO_SITE_PATH);
    expect(site.data.site.name).toBe('Department for Digital Standards');
    expect(site.data.site.roleMode).toBe('PERMISSIONS');
    expect(site.data.site.anonymousAccess).toBe(true);
    expect(site.data.spaces.map((s) => s.key)).toEqual(['PUB', 'DIG', 'POL', 'HR', 'SUP', '~alexblack', 'ARC']);
    const priya = site.data.users.find((u) => u.accountId === DEMO_PERSONAS.priya)!;
    expect(priya).toMatchObject({ publicName: 'PriyaShahDDS', siteAdmin: true, jobTitle: 'Head of Information Security', apiToken: 'demo-token-priya' });
    expect(site.data.app.accountId).toBe(DEMO_PERSONAS.app);
  });

  it('accepts a minimal site and applies defaults', () => {
    const site = parseSite(minimal());
    expect(site.source).toBe('<site>');
    expect(site.data.site.pageCaps).toEqual({ v1Search: 100, v2: 250 });
    expect(site.data.site.licensedUsersGroup).toBe('confluence-users');
    expect(site.data.spaces[0]!.content[0]!.status).toBe('current');
    expect(site.data.users[0]!.visibility).toEqual({ email: 'private', fullName: 'public', jobTitle: 'public', timeZone: 'public' });
  });

  it('names the JSON path, the unknown accountId and the file', () => {
    const json = minimal();
    json.spaces![2]!.content![0]!.restrictions!.read!.users = [U1, 'abc'];
    const err = errorOf(json);
    expect(err.message).toBe('test-site.json: spaces[2].content[0].restrictions.read.users[1]: unknown accountId "abc"');
    expect(err.issues).toEqual([{ path: 'spaces[2].content[0].restrictions.read.users[1]', message: 'unknown accountId "abc"' }]);
  });

  it('reports a missing required field with its path', () => {
    const json = minimal();
    const child: Partial<ContentItemJson> = json.spaces![2]!.content![0]!.children![0]!;
    delete child.title;
    const err = errorOf(json);
    expect(err.message).toBe('test-site.json: spaces[2].content[0].children[0].title: is missing (expected a string)');
    expect(err.message).not.toContain('undefined');
  });

  it('says what a missing string or object field should be', () => {
    const json = minimal();
    const site: Partial<SiteJson['site']> = json.site;
    delete site.name;
    delete (json as Partial<SiteJson>).app;
    const err = errorOf(json);
    expect(err.issues).toEqual([
      { path: 'site.name', message: 'is missing (expected a string)' },
      { path: 'app', message: 'is missing (expected an object)' },
    ]);
  });

  it('reports an invalid enum value', () => {
    const json = minimal();
    setRaw(json.spaces![0]!.content![0]!, 'status', 'published');
    const err = errorOf(json);
    expect(err.issues[0]!.path).toBe('spaces[0].content[0].status');
    expect(err.issues[0]!.message).toContain('current');
  });

  it('reports a misspelt field', () => {
    const json = minimal();
    setRaw(json.spaces![1]!, 'titel', 'B');
    expect(errorOf(json).message).toBe('test-site.json: spaces[1]: unknown field(s) "titel"');
  });

  it('reports duplicate content ids across spaces', () => {
    const json = minimal();
    json.spaces![1]!.content = [{ id: '31', title: 'Dup', author: U1, created: '2024-01-01T00:00:00Z' }];
    expect(errorOf(json).message).toBe('test-site.json: spaces[2].content[0].children[0].id: duplicate content id "31" (also spaces[1].content[0])');
  });

  it('refuses blog posts with children', () => {
    const json = minimal();
    json.spaces![0]!.content!.push({
      id: '11',
      type: 'blogpost',
      title: 'News',
      author: U1,
      created: '2024-01-01T00:00:00Z',
      children: [{ id: '12', title: 'x', author: U1, created: '2024-01-01T00:00:00Z' }],
    });
    expect(errorOf(json).issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['spaces[0].content[1].children: blog posts cannot have children']);
  });

  it('refuses unknown groups, bad accountIds and mode-mismatched grants', () => {
    const json = minimal();
    setRaw(json.spaces![2]!.permissions![0]!.principal, 'group', 'nobody');
    json.users![1]!.accountId = 'not-an-id';
    json.spaces![1]!.roleAssignments = [{ principal: { type: 'anonymous' }, role: 'Viewer' }];
    const err = errorOf(json);
    expect(err.issues[0]!.path).toBe('users[1].accountId');
    expect(err.issues[0]!.message).toContain('Atlassian accountId');
    json.users![1]!.accountId = U2;
    const err2 = errorOf(json);
    expect(err2.issues.map((i) => i.path)).toEqual(['spaces[1].roleAssignments', 'spaces[2].permissions[0].principal.group']);
    expect(err2.issues[1]!.message).toBe('unknown group "nobody"');
  });

  it('requires the homepage to be a root page of its space and personal keys to start with ~', () => {
    const json = minimal();
    json.spaces![2]!.homepage = '31';
    json.spaces![1]!.type = 'personal';
    json.spaces![1]!.createdBy = U1;
    const msgs = errorOf(json).issues.map((i) => `${i.path}: ${i.message}`);
    expect(msgs).toEqual(['spaces[1].key: a personal space key must start with "~"', 'spaces[2].homepage: homepage "31" is not a root page of this space']);
  });

  it('names the file when it is not JSON', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-site-'));
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ "site": ');
    expect(() => loadSite(file)).toThrow(SiteFileError);
    expect(() => loadSite(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(root\\): not valid JSON`));
    expect(() => loadSite(file)).toThrow(`${file}: (root): not valid JSON at line 1, column 11: Unexpected end of JSON input`);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-site-'));
    const file = path.join(dir, 'trailing-comma.json');
    writeFileSync(file, '{\n  "site": {\n    "name": "x",\n  }\n}\n');
    expect(() => loadSite(file)).toThrow(`${file}: (root): not valid JSON at line 4, column 3: `);
    writeFileSync(file, '[\n  1,\n  2,\n]');
    expect(() => loadSite(file)).toThrow(`${file}: (root): not valid JSON at line 4, column 1: `);
    // Unclosed and nested past any parser's stack: still a site-file error, without a place.
    writeFileSync(file, '['.repeat(200_000));
    expect(() => loadSite(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\(root\\): not valid JSON`));
  });
});
