import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { SPACE_SETTINGS_MODULE_KEY } from '../../static/common/modules';

/**
 * The built Custom UI apps (`npm run build`, which `npm test` runs first) as Forge will serve them, and their
 * links to the manifest.
 */

const ROOT = path.resolve(__dirname, '../..');
const APPS = ['space-page', 'space-settings', 'page-banner', 'global-settings'] as const;

interface Manifest {
  modules: Record<string, { key: string; resource?: string }[]>;
  resources: { key: string; path: string }[];
}
const manifest = parse(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;

function buildDir(app: string): string {
  const dir = path.join(ROOT, 'static', app, 'build');
  if (!existsSync(path.join(dir, 'index.html'))) throw new Error(`static/${app} is not built: run npm run build first`);
  return dir;
}

function jsFiles(app: string): string[] {
  const assets = path.join(buildDir(app), 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(assets, f));
}

describe('static apps and the manifest', () => {
  it.each(APPS)('%s is a manifest resource pointing at its build folder', (app) => {
    expect(manifest.resources).toContainEqual({ key: app, path: `static/${app}/build` });
  });

  it('links to the space settings module by its manifest key', () => {
    expect((manifest.modules['confluence:spaceSettings'] ?? []).map((m) => m.key)).toContain(SPACE_SETTINGS_MODULE_KEY);
  });
});

describe('built static apps', () => {
  it.each(APPS)('%s loads its assets by relative URL, with no inline script', (app) => {
    const html = readFileSync(path.join(buildDir(app), 'index.html'), 'utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^\.\/assets\//);
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc="/);
  });

  it.each(APPS)('%s ships no stand-in for the host bridge', (app) => {
    for (const file of jsFiles(app)) {
      const js = readFileSync(file, 'utf8');
      expect(js).not.toMatch(/__bridge\s*=/);
      expect(js).not.toMatch(/__bridge\s*\|\|=/);
    }
  });

  it('keeps the page banner under 80 KB of gzipped JavaScript, without the SDKs it does not need', () => {
    const files = jsFiles('page-banner');
    const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(f)).length, 0);
    expect(gzip).toBeLessThan(80_000);
    const js = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(js).not.toMatch(/iframe-resizer|iFrameResizer/i);
    expect(js).not.toMatch(/statsig/i);
  });
});
