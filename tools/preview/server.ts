import { readFileSync, rmSync } from 'node:fs';
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
import { FrameRegistry, type FrameRecord } from './frames';
import { renderHostPage, type FrameView, type HostModel, type MainView } from './host-page';
import { loadManifest, type PreviewManifest, type PreviewModule } from './manifest';
import { PAGE_VIEW, PROFILE_VIEW, parseHostLocation, viewOfModule, type HostLocation } from './routes';
import { SiteDirectory, type Person } from './site';

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
/** Where `npm start` keeps its key-value store between runs (gitignored). */
export const DEFAULT_KVS_FILE = path.join(ROOT_DIR, '.preview', 'kvs.json');

/** Options of {@link startPreview}. */
export interface PreviewOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** A site file for the emulator (default: the demo site). */
  dataFile?: string;
  /** Where the key-value store persists (default `.preview/kvs.json`); ignored with `memory`. */
  kvsFile?: string;
  /** Keep the key-value store in memory only (tests). */
  memory?: boolean;
  /** Start with an empty key-value store (deletes the file first). */
  fresh?: boolean;
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
  readonly manifest: PreviewManifest;
  /** The manifest's scheduled triggers (the preview does not fire them on a clock; tests and tools can). */
  readonly triggers: ScheduledTrigger[];
  readonly frames: FrameRegistry;
  /** Where the key-value store persists, or null in memory. */
  readonly kvsFile: string | null;
  /** Closes the server, waits briefly for running resolver calls, uninstalls the runtime, stops the emulator. */
  stop(): Promise<void>;
}

/** A preview that cannot start; `message` says why and what to do. */
export class PreviewError extends Error {
  override readonly name = 'PreviewError';
}

const MAX_BRIDGE_BODY = 1024 * 1024;
const SHUTDOWN_WAIT_MS = 2000;
const COLOR_COOKIE = 'sc_preview_color_mode';

/**
 * Starts the preview.
 * @throws SiteFileError for an invalid `dataFile`; ManifestError for an unusable manifest; PreviewError when a
 *   static build is missing ("run npm run build first") or another Forge runtime is installed in this process.
 */
export async function startPreview(options: PreviewOptions = {}): Promise<PreviewHandle> {
  const log = options.quiet ? () => undefined : (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)));
  const site = loadSite(options.dataFile ?? DEMO_SITE_PATH);
  const manifest = loadManifest(ROOT_DIR, backend);
  for (const m of manifest.modules) {
    const override = options.resourceDirs?.[m.resource];
    if (override !== undefined) m.resourceDir = path.resolve(override);
  }
  const missing = manifest.modules.map(missingBuild).filter((m): m is string => m !== null);
  if (missing.length > 0) throw new PreviewError(missing.join('\n'));
  if (globalThis.__forge_fetch__ !== undefined) throw new PreviewError('A Forge runtime is already installed in this process: stop the other preview first.');

  const kvsFile = options.memory ? null : path.resolve(options.kvsFile ?? DEFAULT_KVS_FILE);
  if (kvsFile && options.fresh) rmSync(kvsFile, { force: true });
  let store: KvsStore;
  try {
    store = kvsFile ? new KvsStore(kvsFile) : new KvsStore();
  } catch (e) {
    throw new PreviewError(
      `Cannot read the preview's key-value store ${kvsFile ?? ''}: ${e instanceof Error ? e.message : String(e)}. Start with --fresh to discard it.`,
    );
  }

  const emulator = await startEmulator({ site, port: 0, ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}) });
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
    throw e;
  }
  // Background modules run as on Forge: queued scan slices are delivered as they fall due.
  let triggers: ScheduledTrigger[];
  try {
    ({ triggers } = bindBackgroundModules(runtime, ROOT_DIR, backend));
  } catch (e) {
    runtime.uninstall();
    await emulator.stop();
    throw new PreviewError(e instanceof Error ? e.message : String(e));
  }
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

  const app: HostApp = { directory, frames, bridge, manifest, store, emulator, csp, assets, log, origin: '' };
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
    const code = (e as NodeJS.ErrnoException).code;
    throw new PreviewError(code === 'EADDRINUSE' ? `Port ${options.port ?? 0} is in use: choose another with --port.` : `Cannot listen: ${String(e)}`);
  }
  const port = (server.address() as AddressInfo).port;
  app.origin = `http://127.0.0.1:${port}`;
  bridge.hostOrigin = app.origin;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Let running resolver calls finish (they write to the store), but not for long.
      await Promise.race([Promise.allSettled(bridge.pending), delay(SHUTDOWN_WAIT_MS)]);
      for (const s of sockets) s.destroy();
      await closed;
      runtime.events.stopAuto();
      runtime.uninstall();
      await emulator.stop();
      // KvsStore writes its file synchronously after every change, so there is nothing left to flush.
    })();
    return stopping;
  };

  return { url: `${app.origin}/`, emulator, runtime, store, site: directory, manifest, triggers, frames, kvsFile, stop };
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
}

async function handle(app: HostApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  if (!hostAllowed(req.headers.host)) return sendText(res, 421, 'The preview answers only on 127.0.0.1 or localhost.');

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
  try {
    const value = await app.bridge.call(record, rec['command'], rec['payload'] ?? undefined, facts);
    return sendJson(res, 200, { ok: true, value: value ?? null });
  } catch (e) {
    if (e instanceof BridgeRefusal) return sendJson(res, 200, { ok: false, error: e.message });
    throw e;
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
