import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import * as backend from '../../src/index';
import { readSettings } from '../../src/domain/settings';
import { keys } from '../../src/services/keys';
import type { OrgSettings } from '../../src/shared/api';
import { DEMO_SITE_PATH, loadSite, startEmulator, type Emulator, type SpaceRec } from '../emulator';
import { bindBackgroundModules, ForgeRuntime, KvsStore, type ExtensionContext, type ScheduledTrigger } from '../forge-runtime';
import { frameCsp, missingBuild, serveAppFile } from './apps';
import { BridgeRefusal, BridgeServer, type HostFacts } from './bridge';
import { seedDemoSettings } from './demo-settings';
import { FrameRegistry, type FrameRecord } from './frames';
import { renderHostPage, type FrameView, type HostModel, type MainView } from './host-page';
import { loadManifest, type PreviewManifest, type PreviewModule } from './manifest';
import { PAGE_VIEW, PROFILE_VIEW, parseHostLocation, viewOfModule, type HostLocation } from './routes';
import { SiteDirectory, type Person } from './site';
import { lockStore, StoreLockedError, type StoreLock } from './store-lock';

/**
 * The local preview: one `node:http` server on 127.0.0.1 that runs the Confluence emulator in-process, installs the
 * Forge runtime shim against it, and serves a Confluence-like host page whose iframes load the app's real static
 * builds. Every resolver call from a frame goes through the real `@forge/bridge` → this host → the handler named in
 * `manifest.yml` → the real `@forge/api` / `@forge/kvs` → the emulator and a local store.
 *
 * Programmatic use (tests): `const p = await startPreview({ port: 0, memory: true, quiet: true }); … await p.stop();`
 */

/** The repository root (manifest.yml, src/, static/). */
export const ROOT_DIR = path.resolve(__dirname, '..', '..');
/** Where `npm start` keeps its key-value stores between runs (gitignored). */
export const KVS_DIR = path.join(ROOT_DIR, '.preview');

/**
 * The default key-value store file for a site file: one per site file (by its absolute path), so the demo site and
 * `--data other.json` never share settings, dismissals or scan results. E.g. `.preview/kvs-demo-site-1a2b3c4d.json`.
 */
export function defaultKvsFile(dataFile: string): string {
  const absolute = path.resolve(dataFile);
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 8);
  const name = path
    .basename(absolute, path.extname(absolute))
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 40);
  return path.join(KVS_DIR, `kvs-${name === '' ? 'site' : name}-${hash}.json`);
}

/**
 * Takes the exclusive lock on a preview's key-value store file.
 * @throws PreviewError saying which preview holds it and what to do instead (--memory, --kvs, delete a stale lock)
 */
export function lockPreviewStore(kvsFile: string): StoreLock {
  try {
    return lockStore(kvsFile);
  } catch (e) {
    if (!(e instanceof StoreLockedError)) throw new PreviewError(`Cannot lock the preview's key-value store ${kvsFile}: ${String(e)}`);
    throw new PreviewError(
      `Another preview${e.pid !== null ? ` (pid ${e.pid})` : ''} is using ${kvsFile}. Stop it, or start with --memory (storage in memory only) or --kvs <file> (another store file).` +
        ` If no preview is running, delete ${e.lockFile}.`,
    );
  }
}

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** A site file for the emulator (default: the demo site); relative paths resolve against the current directory. */
  dataFile?: string;
  /**
   * Where the key-value store persists (default {@link defaultKvsFile} of the site file); ignored with `memory`.
   * The preview holds an exclusive lock on it (`<file>.lock`) while it runs.
   */
  kvsFile?: string;
  /** Keep the key-value store in memory only (tests, or a second preview of the same site). */
  memory?: boolean;
  /** Start with an empty key-value store (deletes the file first, once the lock is held). */
  fresh?: boolean;
  /**
   * Save the demo organisation settings when the store holds none (default: only for the built-in demo site).
   * See `demo-settings.ts`.
   */
  seedDemoSettings?: boolean;
  /** No logging (tests). */
  quiet?: boolean;
  /** Latency in ms the emulator adds to every request (to see loading states). */
  latencyMs?: number;
  /**
   * Serve some resources from other folders than manifest.yml names, by resource key (for developing the preview
   * itself against stand-in builds; `npm start` and the tests never set it).
   */
  resourceDirs?: Readonly<Record<string, string>>;
  /** Where log lines go (default stderr); ignored when quiet. */
  log?: (line: string) => void;
}

/** A running preview. */
export interface PreviewHandle {
  /** The host page, e.g. `http://127.0.0.1:5173/`. */
  readonly url: string;
  readonly emulator: Emulator;
  readonly runtime: ForgeRuntime;
  readonly store: KvsStore;
  readonly site: SiteDirectory;
  /** The absolute path of the site file the emulator serves. */
  readonly dataFile: string;
  /** Whether it is the built-in demo site. */
  readonly demo: boolean;
  readonly manifest: PreviewManifest;
  /** The manifest's scheduled triggers (the preview does not fire them on a clock; tests and tools can). */
  readonly triggers: ScheduledTrigger[];
  readonly frames: FrameRegistry;
  /** Where the key-value store persists, or null in memory. */
  readonly kvsFile: string | null;
  /** Whether the demo organisation settings were saved at this start (the store held none). */
  readonly seededSettings: boolean;
  /**
   * Closes the server, waits briefly for running resolver calls, uninstalls the runtime, stops the emulator and
   * releases the store's lock.
   */
  stop(): Promise<void>;
}

/** A preview that cannot start; `message` says why and what to do. */
export class PreviewError extends Error {
  override readonly name = 'PreviewError';
}

const MAX_BRIDGE_BODY = 1024 * 1024;
/**
 * How long `stop()` waits for running resolver calls and background invocations (queued scan slices) to finish.
 * They write to the store, and one still running after the runtime is uninstalled would fail every call and retry
 * with back-off timers, keeping the process (or a Jest worker) alive for seconds.
 */
const SHUTDOWN_WAIT_MS = 5000;
const COLOR_COOKIE = 'sc_preview_color_mode';

/**
 * Starts the preview.
 * @throws SiteFileError for an invalid `dataFile`; ManifestError for an unusable manifest; PreviewError when a
 *   static build is missing ("run npm run build first"), another Forge runtime is installed in this process, or
 *   another preview holds the store file.
 */
export async function startPreview(options: PreviewOptions = {}): Promise<PreviewHandle> {
  const log = options.quiet ? () => undefined : (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)));
  const dataFile = path.resolve(options.dataFile ?? DEMO_SITE_PATH);
  const demo = dataFile === DEMO_SITE_PATH;
  const site = loadSite(dataFile);
  const manifest = loadManifest(ROOT_DIR, backend);
  for (const m of manifest.modules) {
    const override = options.resourceDirs?.[m.resource];
    if (override !== undefined) m.resourceDir = path.resolve(override);
  }
  const missing = manifest.modules.map(missingBuild).filter((m): m is string => m !== null);
  if (missing.length > 0) throw new PreviewError(missing.join('\n'));
  if (globalThis.__forge_fetch__ !== undefined) throw new PreviewError('A Forge runtime is already installed in this process: stop the other preview first.');

  const kvsFile = options.memory ? null : path.resolve(options.kvsFile ?? defaultKvsFile(dataFile));
  // The lock comes first: only the preview that holds it may read, reset (--fresh) or write the file.
  let lock: StoreLock | null = null;
  if (kvsFile) lock = lockPreviewStore(kvsFile);
  let store: KvsStore;
  try {
    if (kvsFile && options.fresh) {
      rmSync(kvsFile, { force: true });
      rmSync(queueFileOf(kvsFile), { force: true });
    }
    store = kvsFile ? new KvsStore(kvsFile) : new KvsStore();
  } catch (e) {
    lock?.release();
    throw new PreviewError(
      `Cannot read the preview's key-value store ${kvsFile ?? ''}: ${e instanceof Error ? e.message : String(e)}. Start with --fresh to discard it.`,
    );
  }
  let seededSettings = false;
  try {
    if (options.seedDemoSettings ?? demo) seededSettings = await seedDemoSettings(store);
  } catch (e) {
    lock?.release();
    throw e;
  }

  let emulator: Emulator;
  try {
    emulator = await startEmulator({ site, port: 0, ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}) });
  } catch (e) {
    lock?.release();
    throw e;
  }
  let runtime: ForgeRuntime;
  try {
    runtime = new ForgeRuntime({
      confluenceUrl: emulator.url.replace(/\/+$/, ''),
      store,
      siteUrl: site.data.site.baseUrl,
      ...(site.data.site.cloudId ? { cloudId: site.data.site.cloudId } : {}),
    }).install();
  } catch (e) {
    await emulator.stop();
    lock?.release();
    throw e;
  }
  // Background modules run as on Forge: queued scan slices are delivered as they fall due. Their invocations are
  // tracked so that stop() can let a running slice finish before the runtime goes.
  const background = new Set<Promise<unknown>>();
  let triggers: ScheduledTrigger[];
  try {
    ({ triggers } = bindBackgroundModules(runtime, ROOT_DIR, trackInvocations(backend, background)));
  } catch (e) {
    runtime.uninstall();
    await emulator.stop();
    lock?.release();
    throw new PreviewError(e instanceof Error ? e.message : String(e));
  }
  // Forge's queue is durable: slices that were queued when the last preview on this store stopped are queued again.
  if (kvsFile) restoreQueue(runtime, queueFileOf(kvsFile), log);
  runtime.events.startAuto();

  const directory = new SiteDirectory(() => emulator.state);
  const frames = new FrameRegistry();
  const bridge = new BridgeServer({
    runtime,
    site: directory,
    modules: manifest.modules,
    onResolverError: (record, functionKey, error) =>
      log(`resolver ${record.module.key} "${functionKey}" threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const csp = frameCsp(manifest.contentPermissions);
  const assets = loadClientAssets();

  const app: HostApp = {
    directory,
    frames,
    bridge,
    manifest,
    store,
    emulator,
    csp,
    assets,
    log,
    origin: '',
    siteFile: demo ? null : dataFile,
    stopping: false,
  };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(app, req, res).catch((error: unknown) => {
      log(`preview: ${req.method ?? ''} ${req.url ?? ''} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) sendText(res, 500, 'The preview failed to answer this request; see its console.');
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await listen(server, options.port ?? 0);
  } catch (e) {
    runtime.events.stopAuto();
    runtime.uninstall();
    await emulator.stop();
    lock?.release();
    const code = (e as NodeJS.ErrnoException).code;
    throw new PreviewError(code === 'EADDRINUSE' ? `Port ${options.port ?? 0} is in use: choose another with --port.` : `Cannot listen: ${String(e)}`);
  }
  const port = (server.address() as AddressInfo).port;
  app.origin = `http://127.0.0.1:${port}`;
  bridge.hostOrigin = app.origin;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      app.stopping = true; // new requests on open connections get 503
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // No new scan slices; let running resolver calls and slices finish (they write to the store), but not for long.
      runtime.events.stopAuto();
      const running = [...bridge.pending, ...background];
      const finished = await Promise.race([Promise.allSettled(running).then(() => true), delay(SHUTDOWN_WAIT_MS).then(() => false)]);
      if (!finished) log(`preview: stopping while ${bridge.pending.length + background.size} app invocation(s) still run; they will fail.`);
      for (const s of sockets) s.destroy();
      await closed;
      if (kvsFile) saveQueue(runtime, queueFileOf(kvsFile), log);
      runtime.uninstall();
      try {
        await emulator.stop();
      } finally {
        // KvsStore writes its file synchronously after every change, so there is nothing left to flush.
        lock?.release();
      }
    })();
    return stopping;
  };

  return { url: `${app.origin}/`, emulator, runtime, store, site: directory, dataFile, demo, manifest, triggers, frames, kvsFile, seededSettings, stop };
}

// ------------------------------------------------------------------------------------------------ request handling

interface ClientAssets {
  hostJs: Buffer;
  hostCss: Buffer;
  frameBridgeJs: Buffer;
  tokensCss: Buffer;
}

interface HostApp {
  directory: SiteDirectory;
  frames: FrameRegistry;
  bridge: BridgeServer;
  manifest: PreviewManifest;
  store: KvsStore;
  emulator: Emulator;
  csp: string;
  assets: ClientAssets;
  log: (line: string) => void;
  origin: string;
  /** The site file shown in the host bar, or null for the built-in demo site. */
  siteFile: string | null;
  /** Set by stop(): requests still arriving on open connections are refused. */
  stopping: boolean;
}

async function handle(app: HostApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  if (!hostAllowed(req.headers.host)) return sendText(res, 421, 'The preview answers only on 127.0.0.1 or localhost.');
  if (app.stopping) {
    if (url.pathname.startsWith('/__bridge/')) return sendJson(res, 503, { ok: false, error: 'The local preview is stopping' }, { connection: 'close' });
    return sendText(res, 503, 'The local preview is stopping.', { connection: 'close' });
  }

  if (url.pathname.startsWith('/__bridge/')) {
    if (method !== 'POST') return sendJson(res, 405, { ok: false, error: 'Use POST' }, { allow: 'POST' });
    return handleBridge(app, req, res, url.pathname.slice('/__bridge/'.length));
  }
  if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { allow: 'GET, HEAD' });
  const headOnly = method === 'HEAD';

  if (url.pathname === '/' || url.pathname === '/index.html')
    return sendHtml(res, renderHost(app, parseHostLocation(url.searchParams), readColorMode(req)), headOnly);
  if (url.pathname === '/__preview/host.js') return sendBytes(res, app.assets.hostJs, 'text/javascript; charset=utf-8', headOnly);
  if (url.pathname === '/__preview/host.css') return sendBytes(res, app.assets.hostCss, 'text/css; charset=utf-8', headOnly);
  if (url.pathname === '/__preview/frame-bridge.js') return sendBytes(res, app.assets.frameBridgeJs, 'text/javascript; charset=utf-8', headOnly);
  if (url.pathname === '/__preview/tokens.css') return sendBytes(res, app.assets.tokensCss, 'text/css; charset=utf-8', headOnly);
  if (url.pathname === '/__preview/health') return sendJson(res, 200, { ok: true, site: app.directory.name, emulator: app.emulator.url });
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204);
    return void res.end();
  }
  const appMatch = /^\/apps\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
  if (appMatch) {
    const resource = decodeSafe(appMatch[1] ?? '');
    const module = app.manifest.modules.find((m) => m.resource === resource);
    if (!module) return sendText(res, 404, `No resource "${resource}" in manifest.yml`);
    if (appMatch[2] === undefined) {
      res.writeHead(308, { location: `/apps/${encodeURIComponent(resource)}/` });
      return void res.end();
    }
    const missing = missingBuild(module);
    if (missing) return sendText(res, 503, missing);
    if (serveAppFile(res, module, appMatch[2], app.csp, headOnly)) return;
    return sendText(res, 404, `No file ${appMatch[2]} in the build of ${resource}`);
  }
  return sendText(res, 404, 'Not found');
}

async function handleBridge(app: HostApp, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  // Only the host page (same origin) may call: a browser sends Origin on cross-origin POSTs.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== app.origin && origin !== app.origin.replace('127.0.0.1', 'localhost')) {
    return sendJson(res, 403, { ok: false, error: 'Bridge calls come from the preview host page only' });
  }
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { ok: false, error: 'Send JSON' });
  const record = app.frames.get(decodeSafe(token));
  if (!record) return sendJson(res, 404, { ok: false, error: 'This frame is not known to the preview (it restarted?): reload the page' });
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, MAX_BRIDGE_BODY));
  } catch (e) {
    return sendJson(res, e instanceof BodyTooLarge ? 413 : 400, { ok: false, error: e instanceof BodyTooLarge ? e.message : 'The request body is not JSON' });
  }
  const rec = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof rec['command'] !== 'string') return sendJson(res, 400, { ok: false, error: 'command must be a string' });
  const hostFacts = typeof rec['host'] === 'object' && rec['host'] !== null ? (rec['host'] as Record<string, unknown>) : {};
  const facts: HostFacts = { colorMode: hostFacts['colorMode'] === 'dark' ? 'dark' : 'light' };
  const command = rec['command'];
  try {
    const value = await app.bridge.call(record, command, rec['payload'] ?? undefined, facts);
    return sendJson(res, 200, { ok: true, value: value ?? null });
  } catch (e) {
    if (e instanceof BridgeRefusal) return sendJson(res, 200, { ok: false, error: e.message });
    // A fault of the preview itself: the console gets the stack, the frame a bridge error it can show.
    app.log(`preview: bridge command "${command}" of ${record.module.key} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return sendJson(res, 500, { ok: false, error: `The local preview failed to answer the bridge command "${command}" (see its console)` });
  }
}

// ------------------------------------------------------------------------------------------------ host page model

function renderHost(app: HostApp, loc: HostLocation, colorMode: 'light' | 'dark'): string {
  const d = app.directory;
  const notices: string[] = [];
  const people = d.people(currentSettings(app.store));
  if (people.length === 0) throw new PreviewError('The site has no active user to preview as');
  let viewer: Person = people[0]!;
  if (loc.user) {
    const found = people.find((p) => p.accountId === loc.user);
    if (found) viewer = found;
    else notices.push(`No active person with accountId ${loc.user} on this site; showing ${viewer.displayName}.`);
  }
  const spaces = d.viewableSpaces(viewer.accountId);
  const space = spaces.find((s) => s.key.toLowerCase() === (loc.space ?? '').toLowerCase()) ?? spaces.find((s) => s.type !== 'personal') ?? spaces[0] ?? null;
  if (loc.space && space && space.key.toLowerCase() !== loc.space.toLowerCase()) {
    notices.push(`${viewer.displayName} cannot view the space ${loc.space}; showing ${space.name} instead.`);
  }
  if (!space && loc.space) notices.push(`${viewer.displayName} cannot view the space ${loc.space}.`);

  const modules = app.manifest.modules;
  const views = new Set([...modules.map(viewOfModule), PAGE_VIEW, PROFILE_VIEW]);
  const defaultView = modules.find((m) => m.type === 'confluence:spacePage')?.key ?? PAGE_VIEW;
  let view = loc.view && views.has(loc.view) ? loc.view : defaultView;
  if (view === PROFILE_VIEW && !loc.profile) view = defaultView;
  const tree = space ? d.pageTree(viewer.accountId, space) : [];

  let main: MainView;
  let pageId: string | null = null;
  if (view === PROFILE_VIEW) {
    const card = d.profile(loc.profile ?? '');
    main = card
      ? { kind: 'profile', card, self: card.accountId === viewer.accountId }
      : { kind: 'empty', title: 'Profile not found', message: `No person with accountId ${loc.profile ?? ''} on this site.` };
  } else if (view === PAGE_VIEW) {
    const wanted = loc.page ? d.viewableContent(viewer.accountId, loc.page) : undefined;
    if (loc.page && !wanted) notices.push(`The page ${loc.page} does not exist or ${viewer.displayName} cannot view it.`);
    const node = wanted && space && wanted.space === space ? wanted : space ? d.pickPage(viewer.accountId, space, null) : undefined;
    if (wanted && space && wanted.space !== space) notices.push(`That page is in another space; showing a page of ${space.name}.`);
    if (!node || !space) {
      main = {
        kind: 'empty',
        title: 'No page',
        message: space ? `${viewer.displayName} cannot view any page in ${space.name}.` : `${viewer.displayName} cannot view any space.`,
      };
    } else {
      pageId = node.id;
      const bannerModule = modules.find((m) => m.type === 'confluence:pageBanner');
      const hidden = bannerModule ? failedCondition(bannerModule, viewer, d.isSpaceAdmin(viewer.accountId, space)) : null;
      const banner =
        bannerModule && !hidden
          ? frameView(app, bannerModule, viewer, {
              type: bannerModule.type,
              space: { id: space.id, key: space.key },
              content: { id: node.id, type: node.type },
            })
          : null;
      main = {
        kind: 'page',
        node,
        ancestors: d.ancestors(node),
        author: d.nameOf(node.authorId),
        banner,
        bannerNote: hidden ? `Confluence would not show the page banner to ${viewer.displayName}: ${hidden}.` : null,
      };
    }
  } else {
    const module = modules.find((m) => m.key === view)!;
    main = moduleView(app, module, viewer, space);
  }

  const model: HostModel = {
    siteName: d.name,
    siteFile: app.siteFile,
    emulatorUrl: app.emulator.url,
    colorMode,
    people,
    viewer,
    spaces,
    space,
    tree,
    modules,
    view,
    pageId,
    notices,
    main,
  };
  return renderHostPage(model);
}

function moduleView(app: HostApp, module: PreviewModule, viewer: Person, space: SpaceRec | null): MainView {
  const d = app.directory;
  if (module.type === 'confluence:globalSettings') {
    const hidden = failedCondition(module, viewer, false);
    const note = viewer.siteAdmin
      ? null
      : `In Confluence only admins can open Confluence administration, so ${viewer.displayName} would not get here. The preview shows the app anyway, so you can check that it refuses on its own.`;
    return {
      kind: 'module',
      module,
      note,
      refusal: hidden ? `Confluence would not show this module: ${hidden}.` : null,
      frame: hidden ? null : frameView(app, module, viewer, { type: module.type }),
    };
  }
  if (!space)
    return {
      kind: 'empty',
      title: module.title ?? module.key,
      message: `${viewer.displayName} cannot view any space, so there is no space to show this app in.`,
    };
  const spaceAdmin = d.isSpaceAdmin(viewer.accountId, space);
  const hidden = failedCondition(module, viewer, spaceAdmin);
  const note =
    module.type === 'confluence:spaceSettings' && !spaceAdmin
      ? `In Confluence only space admins can open space settings, so ${viewer.displayName} would not get here. The preview shows the app anyway, so you can check that it refuses on its own.`
      : null;
  return {
    kind: 'module',
    module,
    note,
    refusal: hidden ? `Confluence would not show this module: ${hidden}.` : null,
    frame: hidden ? null : frameView(app, module, viewer, { type: module.type, space: { id: space.id, key: space.key } }),
  };
}

function frameView(app: HostApp, module: PreviewModule, viewer: Person, extension: ExtensionContext): FrameView {
  const record: FrameRecord = app.frames.create(module, viewer.accountId, extension);
  const isBanner = module.type === 'confluence:pageBanner';
  return {
    record,
    title: isBanner ? `Page banner app (${module.key})` : `${module.title ?? module.key} app (${module.key})`,
    initialHeight: isBanner ? 0 : 160,
  };
}

/**
 * The first display condition of the module that the viewer fails, in words, or null. Conditions the preview
 * does not know are treated as met (it shows the module and says nothing).
 */
function failedCondition(module: PreviewModule, viewer: Person, spaceAdmin: boolean): string | null {
  const c = module.displayConditions;
  if (c['isLoggedIn'] === false) return 'the display condition isLoggedIn: false hides it from people who are logged in';
  if ((c['isSiteAdmin'] === true || c['isAdmin'] === true) && !viewer.siteAdmin) return 'its display condition requires a site admin';
  if (c['isSiteAdmin'] === false && viewer.siteAdmin) return 'its display condition hides it from site admins';
  if (c['isSpaceAdmin'] === true && !spaceAdmin) return 'its display condition requires a space admin';
  if (c['userIsExternalCollaborator'] === true && !viewer.guest) return 'its display condition shows it to guests only';
  if (c['userIsExternalCollaborator'] === false && viewer.guest) return 'its display condition hides it from guests';
  return null;
}

function currentSettings(store: KvsStore): OrgSettings {
  const stored = store.peek(keys.settings);
  return readSettings(typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>)['settings'] : undefined);
}

function readColorMode(req: IncomingMessage): 'light' | 'dark' {
  const cookie = req.headers.cookie ?? '';
  return new RegExp(`(?:^|;\\s*)${COLOR_COOKIE}=dark(?:;|$)`).test(cookie) ? 'dark' : 'light';
}

// ------------------------------------------------------------------------------------------------ plumbing

function loadClientAssets(): ClientAssets {
  const dir = path.join(__dirname, 'client');
  const tokensDir = path.join(path.dirname(require.resolve('@atlaskit/tokens/package.json')), 'dist', 'cjs', 'artifacts', 'themes');
  const themes = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];
  const tokensCss = themes
    .map((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(tokensDir, `${name}.js`)) as { default?: unknown };
      return typeof mod.default === 'string' ? `/* @atlaskit/tokens ${name} */\n${mod.default}` : '';
    })
    .join('\n');
  return {
    hostJs: readFileSync(path.join(dir, 'host.js')),
    hostCss: readFileSync(path.join(dir, 'host.css')),
    frameBridgeJs: readFileSync(path.join(dir, 'frame-bridge.js')),
    tokensCss: Buffer.from(tokensCss, 'utf8'),
  };
}

function hostAllowed(host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge(`The bridge call is over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function sendHtml(res: ServerResponse, body: string, headOnly: boolean): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': buf.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'self'",
  });
  res.end(headOnly ? undefined : buf);
}

function sendBytes(res: ServerResponse, body: Buffer, type: string, headOnly: boolean): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(headOnly ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, 'cache-control': 'no-store', ...headers });
  res.end(buf);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': buf.length, ...headers });
  res.end(buf);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Where a store's undelivered queue events are kept between runs. */
function queueFileOf(kvsFile: string): string {
  return `${kvsFile}.queue.json`;
}

interface SavedEvent {
  queueName: string;
  jobId: string;
  body: Record<string, unknown>;
}

/**
 * Keeps the events still queued (scan slices not yet delivered) next to the store, as Forge's durable queue would:
 * without it, a scan that was running when the preview stopped would look "running" until its lock expires.
 */
function saveQueue(runtime: ForgeRuntime, file: string, log: (line: string) => void): void {
  const events: SavedEvent[] = runtime.events.pending().map((e) => ({ queueName: e.queueName, jobId: e.jobId, body: e.body }));
  try {
    if (events.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    writeFileSync(`${file}.tmp`, `${JSON.stringify({ events })}\n`);
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    log(`preview: could not keep ${events.length} queued event(s) in ${file}: ${String(e)}`);
  }
}

/** Queues again the events {@link saveQueue} kept (delivered at once), then forgets them. */
function restoreQueue(runtime: ForgeRuntime, file: string, log: (line: string) => void): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // nothing kept
  }
  try {
    const parsed = JSON.parse(text) as { events?: unknown };
    const events = Array.isArray(parsed.events) ? (parsed.events as Partial<SavedEvent>[]) : [];
    for (const e of events) {
      if (typeof e.queueName !== 'string' || typeof e.jobId !== 'string' || typeof e.body !== 'object' || e.body === null) continue;
      runtime.events.publish({ queueName: e.queueName, jobId: e.jobId, payload: [{ body: e.body }] });
    }
  } catch (e) {
    log(`preview: ignored the queued events in ${file}: ${String(e)}`);
  }
  rmSync(file, { force: true });
}

/**
 * The backend's exports with every function wrapped so that its running invocations are in `running` (for the
 * background modules: queue consumers and scheduled triggers).
 */
function trackInvocations(backend: Readonly<Record<string, unknown>>, running: Set<Promise<unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(backend)) {
    if (typeof value !== 'function') {
      out[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]): Promise<unknown> => {
      let invocation: Promise<unknown>;
      try {
        invocation = Promise.resolve(fn(...args));
      } catch (e) {
        invocation = Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      running.add(invocation);
      const done = (): void => void running.delete(invocation);
      invocation.then(done, done);
      return invocation;
    };
  }
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
