import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as entry from '../../src/index';
import {
  checkHandlers,
  checkModuleReferences,
  checkResources,
  checkScopes,
  declaredScopes,
  deferUnbuiltResources,
  functionEntries,
  moduleEntries,
  readManifest,
  validateManifestFile,
  type AppManifest,
  type Problem,
} from '../../tools/lint/manifest-checks';
import { deriveScopes, discoverRestCalls, loadConfluenceSpecs, matchOperation, specDirectory, type ConfluenceSpecs, type ScopeDerivation } from '../../tools/lint/scopes';

const repoRoot = path.resolve(__dirname, '../..');
const manifestPath = path.join(repoRoot, 'manifest.yml');
const manifest = readManifest(manifestPath);
const specs: ConfluenceSpecs = loadConfluenceSpecs(specDirectory(repoRoot));

/** The handler modules as jest loads them (tools' own loader bypasses jest's TypeScript transform). */
const exportsOf = (file: string): Record<string, unknown> | undefined => (file === 'index' ? { ...entry } : undefined);

const errorsOf = (problems: Problem[]): string[] => problems.filter((p) => p.level === 'error').map((p) => p.message);

/** A deep copy of the real manifest to break on purpose, typed for editing. */
type EditableManifest = Omit<AppManifest, 'modules' | 'resources' | 'permissions'> & {
  modules: Record<string, Record<string, unknown>[]>;
  resources: { key: string; path: string }[];
  permissions: { scopes: string[] };
};
function copyManifest(): EditableManifest {
  return structuredClone(manifest) as EditableManifest;
}

function moduleOf(type: string): Record<string, unknown> & { resolver?: { function?: string } } {
  const found = moduleEntries(manifest).filter((m) => m.type === type);
  expect(found).toHaveLength(1);
  return found[0]!.entry as never;
}

let derivation: ScopeDerivation;
beforeAll(() => {
  derivation = deriveScopes(discoverRestCalls(repoRoot), specs);
});

describe('manifest.yml', () => {
  it('passes @forge/manifest full validation (an unbuilt Custom UI app with its source present aside)', async () => {
    const { errors } = deferUnbuiltResources(await validateManifestFile(manifestPath), manifest, repoRoot);
    expect(errors.filter((e) => e.level === 'error').map((e) => `line ${e.line ?? 0}: ${e.message}`)).toEqual([]);
  });

  it('declares the space page, space settings, page banner and global settings modules', () => {
    const spacePage = moduleOf('confluence:spacePage');
    expect(spacePage).toMatchObject({ title: 'Secure use', resource: expect.any(String), route: expect.stringMatching(/^[a-z0-9-]+$/) });
    expect(moduleOf('confluence:spaceSettings')).toMatchObject({ title: expect.any(String), resource: expect.any(String), route: expect.stringMatching(/^[a-z0-9-]+$/) });
    expect(moduleOf('confluence:pageBanner')).toMatchObject({ resource: expect.any(String) });
    expect(moduleOf('confluence:globalSettings')).toMatchObject({ title: expect.any(String), resource: expect.any(String) });
    for (const { entry: m } of moduleEntries(manifest)) expect(m.key).toEqual(expect.stringMatching(/^[a-z0-9-]+$/));
  });

  it('gives every module its own function (a resolver for UI modules), and declares no unused function', () => {
    const entries = moduleEntries(manifest).map(({ type, entry: m }) => ({ type, fn: m.resolver?.function ?? (m as { function?: unknown }).function }));
    const ui = entries.filter((e) => e.type.startsWith('confluence:'));
    expect(ui.map((e) => e.type).sort()).toEqual(['confluence:globalSettings', 'confluence:pageBanner', 'confluence:spacePage', 'confluence:spaceSettings']);
    for (const e of ui) expect(typeof moduleOf(e.type).resolver?.function).toBe('string');
    const background = entries.filter((e) => !e.type.startsWith('confluence:')).map((e) => e.type).sort();
    expect(background).toEqual(['consumer', 'scheduledTrigger']);
    const functions = entries.map((e) => e.fn);
    expect(functions.every((f) => typeof f === 'string')).toBe(true);
    expect(new Set(functions).size).toBe(functions.length);
    expect(new Set(functions)).toEqual(new Set(functionEntries(manifest).map((f) => f.key)));
    expect(checkModuleReferences(manifest)).toEqual([]);
  });

  it('runs on nodejs20.x or newer', () => {
    const name = String(manifest.app?.runtime?.name);
    const major = Number(/^nodejs(\d+)\.x$/.exec(name)?.[1]);
    expect(major).toBeGreaterThanOrEqual(20);
  });

  it('names handlers that src/index.ts exports as functions', () => {
    expect(checkHandlers(manifest, exportsOf)).toEqual([]);
  });

  it('points every resource at static/<app>/build with the app source present', () => {
    expect(checkResources(manifest, repoRoot)).toEqual([]);
  });

  it('asks for exactly the scopes of the Confluence operations src/ calls (plus storage:app for KVS)', () => {
    expect(derivation.errors).toEqual([]);
    expect([...declaredScopes(manifest)].sort()).toEqual(derivation.scopes);
    expect(checkScopes(derivation, manifest)).toEqual([]);
    expect(derivation.scopes).toContain('storage:app');
  });
});

describe('the manifest checks fail when', () => {
  it('a needed scope is missing', () => {
    const m = copyManifest();
    m.permissions.scopes = m.permissions.scopes.filter((s) => s !== 'read:space:confluence');
    expect(errorsOf(checkScopes(derivation, m))).toEqual([expect.stringMatching(/lacks 'read:space:confluence', needed by .*getSpaceById/)]);
  });

  it('an unneeded scope is declared', () => {
    const m = copyManifest();
    m.permissions.scopes.push('write:page:confluence');
    expect(errorsOf(checkScopes(derivation, m))).toEqual([expect.stringContaining("declares 'write:page:confluence'")]);
  });

  it('a handler is not exported, or its file does not exist', () => {
    const m = copyManifest();
    const functions = m.modules.function as { key: string; handler: string }[];
    functions[0]!.handler = 'index.noSuchHandler';
    functions[1]!.handler = 'resolvers/nowhere.handler';
    functions[2]!.handler = 'noDot';
    const errors = errorsOf(checkHandlers(m, exportsOf));
    expect(errors).toEqual([
      expect.stringContaining("exports no function 'noSuchHandler'"),
      expect.stringContaining('there is no src/resolvers/nowhere.ts'),
      expect.stringContaining("is not '<file>.<export>'"),
    ]);
  });

  it('a module names an undeclared resolver function or resource', () => {
    const m = copyManifest();
    const banner = (m.modules['confluence:pageBanner'] as { resource: string; resolver: { function: string } }[])[0]!;
    banner.resolver.function = 'no-such-function';
    banner.resource = 'no-such-resource';
    const errors = errorsOf(checkModuleReferences(m));
    expect(errors).toEqual([expect.stringContaining('"no-such-function" is not a declared function key'), expect.stringContaining('"no-such-resource" is not a declared resource key')]);
  });

  it('a resource path does not exist or is not static/<app>/build', () => {
    const m = copyManifest();
    m.resources[0]!.path = 'static/no-such-app/build';
    m.resources[1]!.path = 'dist/space-settings';
    const errors = errorsOf(checkResources(m, repoRoot));
    expect(errors).toEqual([expect.stringContaining('has no source static/no-such-app/index.html'), expect.stringContaining('is not static/<name>/build')]);
  });

  it('@forge/manifest rejects a broken manifest: schema, function keys, handler files, resource folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-test-'));
    const validate = async (body: string[], runtime = 'nodejs22.x'): Promise<string[]> => {
      const file = path.join(dir, 'manifest.yml');
      const app = ['app:', '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000', '  runtime:', `    name: ${runtime}`];
      fs.writeFileSync(file, [...body, ...app, ''].join('\n'));
      return (await validateManifestFile(file)).filter((e) => e.level === 'error').map((e) => e.message);
    };
    const spacePage = ['modules:', '  confluence:spacePage:', '    - key: secure-use', '      resource: main', '      title: Secure use', '      route: secure-use'];
    try {
      expect(await validate(spacePage, 'nodejs12.x')).toEqual([expect.stringContaining("app runtime property name 'nodejs12.x' allowed values are")]);
      expect(
        await validate([
          ...spacePage,
          '      resolver:',
          '        function: this-function-key-is-far-too-long',
          '  function:',
          '    - key: this-function-key-is-far-too-long',
          '      handler: missing.run',
          'resources:',
          '  - key: main',
          '    path: static/main/build',
        ]),
      ).toEqual([
        expect.stringContaining('function key exceeds 23 characters'),
        expect.stringContaining("'missing.run' cannot find associated file"),
        expect.stringContaining("missing resource 'static/main/build'"),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scope derivation', () => {
  it('maps calls to spec operations: literal segments beat parameters, methods must exist', () => {
    expect(matchOperation(specs, 'GET', '/wiki/rest/api/content/search')).toMatchObject({ operation: { operationId: 'searchContentByCQL' } });
    expect(matchOperation(specs, 'GET', '/wiki/rest/api/template/page')).toMatchObject({ operation: { operationId: 'getContentTemplates' } });
    expect(matchOperation(specs, 'GET', '/wiki/rest/api/template/{}')).toMatchObject({ operation: { operationId: 'getContentTemplate' } });
    expect(matchOperation(specs, 'GET', '/wiki/api/v2/spaces/{}')).toMatchObject({ operation: { api: 'v2', specPath: '/spaces/{id}', scopes: ['read:space:confluence'] } });
    expect(matchOperation(specs, 'PUT', '/wiki/rest/api/content/{}/restriction')).toMatchObject({
      operation: { scopes: ['read:content-details:confluence', 'write:content.restriction:confluence'], scopeSet: 'granular' },
    });
    expect(matchOperation(specs, 'DELETE', '/wiki/api/v2/space-role-mode')).toEqual({ error: expect.stringContaining('only with GET') });
    expect(matchOperation(specs, 'GET', '/wiki/api/v2/spacez')).toEqual({ error: expect.stringContaining('no such path') });
    expect(matchOperation(specs, 'GET', '/rest/api/space')).toEqual({ error: expect.stringContaining('not a Confluence REST') });
  });

  it('follows paths through helpers and variables, skips uncalled methods, and fails on what it cannot follow', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopes-test-'));
    try {
      const files: Record<string, string> = {
        'src/path.ts': [
          'export function confluencePath(s: TemplateStringsArray, ...v: string[]): string { return s.join(v.join("")); }',
          'export function withQuery(p: string, q: Record<string, string>): string { return `${p}?${new URLSearchParams(q).toString()}`; }',
        ].join('\n'),
        'src/client.ts': [
          "import { confluencePath, withQuery } from './path';",
          "type Method = 'GET' | 'POST' | 'PUT';",
          'export class Client {',
          '  constructor(private readonly t: { request(m: Method, p: string): Promise<unknown> }) {}',
          "  private get(p: string) { return this.t.request('GET', p); }",
          '  space(id: string) { return this.get(confluencePath`/wiki/api/v2/spaces/${id}`); }',
          "  restrict(id: string) { return this.t.request('PUT', confluencePath`/wiki/rest/api/content/${id}/restriction`); }",
          "  search(cql: string) { const path = withQuery(confluencePath`/wiki/rest/api/content/search`, { cql }); return this.t.request('GET', path); }",
          "  typo() { return this.t.request('GET', confluencePath`/wiki/api/v2/spacez`); }",
          '  lost() { return [confluencePath`/wiki/api/v2/pages`]; }',
          '}',
        ].join('\n'),
        'src/index.ts': [
          "import { Client } from './client';",
          "import { kvs } from '@forge/kvs';",
          'export async function run(c: Client): Promise<void> {',
          "  await c.space('1'); await c.search('type=page'); await c.typo(); c.lost(); void kvs;",
          '}',
        ].join('\n'),
      };
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const discovery = discoverRestCalls(dir, Object.keys(files).map((f) => path.join(dir, f)));
      const result = deriveScopes(discovery, specs);

      expect(discovery.calls.map((c) => [c.owner, c.methods.join(','), c.reachable])).toEqual([
        ['Client.space', 'GET', true],
        ['Client.restrict', 'PUT', false],
        ['Client.search', 'GET', true],
        ['Client.typo', 'GET', true],
        ['Client.lost', '', true],
      ]);
      expect(result.scopes).toEqual(['read:content-details:confluence', 'read:space:confluence', 'storage:app']);
      expect(result.errors).toEqual([expect.stringContaining('no such path'), expect.stringContaining('cannot tell how /wiki/api/v2/pages is sent')]);
      expect(result.notes).toEqual([expect.stringContaining('PUT /wiki/rest/api/content/{}/restriction (updateRestrictions) is never called')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
