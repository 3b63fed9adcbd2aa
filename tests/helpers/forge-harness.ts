import { DEMO_SITE_PATH, loadSite, startEmulator, type Emulator, type Site } from '../../tools/emulator';
import path from 'node:path';
import * as backend from '../../src';
import { bindBackgroundModules, ForgeRuntime, KvsStore, type ExtensionContext, type ResolverHandler, type ScheduledTrigger } from '../../tools/forge-runtime';

/**
 * The real thing for integration tests: the Confluence emulator on loopback (every response checked against the
 * official OpenAPI specs) and the Forge runtime shim, so resolvers run through the real @forge/resolver,
 * @forge/api and @forge/kvs. No jest.mock anywhere.
 */
export interface Harness {
  emulator: Emulator;
  runtime: ForgeRuntime;
  store: KvsStore;
  site: Site;
  /** The manifest's scheduled triggers, bound to the runtime (fire them by hand). */
  triggers: ScheduledTrigger[];
  /** Invokes `functionKey` of a module handler as `accountId` in `extension`, returning what the bridge would get. */
  invoke<T = unknown>(handler: unknown, call: { moduleKey: string; functionKey: string; accountId: string; extension: ExtensionContext; payload?: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** Starts emulator + runtime. Call `stop()` in afterAll. */
export async function startHarness(options: { site?: Site; latencyMs?: number } = {}): Promise<Harness> {
  const site = options.site ?? loadSite(DEMO_SITE_PATH);
  const emulator = await startEmulator({ site, port: 0, validateResponses: true, ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}) });
  const store = new KvsStore();
  const runtime = new ForgeRuntime({ confluenceUrl: emulator.url, store, siteUrl: site.data.site.baseUrl }).install();
  const { triggers } = bindBackgroundModules(runtime, path.resolve(__dirname, '..', '..'), backend);
  return {
    emulator,
    runtime,
    store,
    site,
    triggers,
    invoke: <T>(handler: unknown, call: { moduleKey: string; functionKey: string; accountId: string; extension: ExtensionContext; payload?: unknown }) =>
      runtime.invokeResolver(handler as ResolverHandler, call) as Promise<T>,
    async stop() {
      runtime.uninstall();
      await emulator.stop();
    },
  };
}

/** The extension context of a space module. */
export function spaceExtension(type: 'confluence:spacePage' | 'confluence:spaceSettings', space: { id: string; key: string }): ExtensionContext {
  return { type, space };
}
