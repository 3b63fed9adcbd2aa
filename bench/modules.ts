import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEMO_CONTENT, DEMO_PERSONAS, DEMO_SITE_PATH, DEMO_SPACES, loadSite, startEmulator } from '../tools/emulator';
import { ForgeRuntime, KvsStore } from '../tools/forge-runtime';
import { pageBannerHandler, spacePageHandler } from '../src';

/** One measured row. */
export interface Row {
  what: string;
  value: number;
  unit: string;
  goal?: string;
  ok?: boolean;
}

const ROOT = path.resolve(__dirname, '..');

/** gzip size of every JS file of a built Custom UI app, in bytes. */
export function bundleGzipBytes(app: string): number {
  const dir = path.join(ROOT, 'static', app, 'build', 'assets');
  let total = 0;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.js')) continue;
    const full = path.join(dir, file);
    if (statSync(full).isFile()) total += gzipSync(readFileSync(full), { level: 9 }).length;
  }
  return total;
}

/**
 * Request counts of the per-view modules on the demo site, through the real @forge/api and the emulator: the
 * space page cold (scans) and warm (cached summary), the banner on a cache miss and a hit.
 */
export async function moduleBench(): Promise<Row[]> {
  const emulator = await startEmulator({ site: loadSite(DEMO_SITE_PATH), port: 0 });
  const runtime = new ForgeRuntime({ confluenceUrl: emulator.url, store: new KvsStore() }).install();
  const rows: Row[] = [];
  try {
    const dig = { id: DEMO_SPACES.DIG, key: 'DIG' };
    const spacePage = () =>
      runtime.invokeResolver(spacePageHandler, {
        moduleKey: 'secure-use-space-page',
        functionKey: 'getSecureUse',
        accountId: DEMO_PERSONAS.alex,
        extension: { type: 'confluence:spacePage', space: dig },
      });
    const banner = (accountId: string) =>
      runtime.invokeResolver(pageBannerHandler, {
        moduleKey: 'secure-use-profile-banner',
        functionKey: 'getProfileNudge',
        accountId,
        extension: { type: 'confluence:pageBanner', space: dig, content: { id: DEMO_CONTENT.digHome, type: 'page' } },
      });
    const count = async (fn: () => Promise<unknown>) => {
      emulator.requests.clear();
      const before = runtime.productRequests.length;
      await fn();
      return { confluence: emulator.requests.filter((r) => !r.path.endsWith('/graphql')).length, graphql: emulator.requests.filter((r) => r.path.endsWith('/graphql')).length, total: runtime.productRequests.length - before };
    };
    const cold = await count(spacePage);
    rows.push({ what: 'space page, first view (Confluence requests)', value: cold.confluence, unit: 'requests' });
    const warm = await count(spacePage);
    rows.push({ what: 'space page, cached view (Confluence requests)', value: warm.confluence, unit: 'requests' });
    const miss = await count(() => banner(DEMO_PERSONAS.alex));
    rows.push({ what: 'banner, cache miss: Confluence REST requests', value: miss.confluence, unit: 'requests', goal: '≤ 1', ok: miss.confluence <= 1 });
    rows.push({ what: 'banner, cache miss: GraphQL (job title) requests', value: miss.graphql, unit: 'requests' });
    const hit = await count(() => banner(DEMO_PERSONAS.alex));
    rows.push({ what: 'banner, cache hit: all product requests', value: hit.total, unit: 'requests', goal: '0', ok: hit.total === 0 });
  } finally {
    runtime.uninstall();
    await emulator.stop();
  }
  for (const app of ['page-banner', 'space-page', 'space-settings', 'global-settings']) {
    const bytes = bundleGzipBytes(app);
    rows.push({
      what: `${app} bundle (JS, gzip)`,
      value: Math.round(bytes / 102.4) / 10,
      unit: 'KB',
      ...(app === 'page-banner' ? { goal: '< 80 KB', ok: bytes < 80 * 1024 } : {}),
    });
  }
  return rows;
}
