import type { ForgeRuntime } from '../forge-runtime';
import type { FrameRecord } from './frames';
import type { PreviewModule } from './manifest';
import { hostHref, PAGE_VIEW, PROFILE_VIEW, viewOfModule, type HostLocation } from './routes';
import type { SiteDirectory } from './site';

/**
 * The server half of the Custom UI bridge. The frame's injected script forwards every `callBridge(command, payload)`
 * to the host page over `postMessage`; the host page handles the commands that only touch the page around the frame
 * (flags, reload) and posts the rest here as `POST /__bridge/<frame token>`. This module answers them for the frame's
 * server-side record.
 *
 * Limits follow Forge (FORGE-NOTES.md): `invoke` payload ≤ 500 KB, response ≤ 5 MB, 25 s per invocation.
 */

/** A bridge call the preview refuses; the frame's promise rejects with `message`. */
export class BridgeRefusal extends Error {
  override readonly name = 'BridgeRefusal';
}

/** Commands this module answers. The host page answers `showFlag`, `closeFlag` and `reload` itself. */
export const SERVER_COMMANDS = ['invoke', 'getContext', 'enableTheming', 'getUrl', 'navigate'] as const;
/** Commands the host page answers without the server. */
export const HOST_COMMANDS = ['showFlag', 'closeFlag', 'reload'] as const;

const MAX_PAYLOAD_BYTES = 500 * 1024;
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const INVOKE_TIMEOUT_MS = 25_000;

/** Host-level facts the host page sends with each call (not security-relevant: only the look). */
export interface HostFacts {
  colorMode: 'light' | 'dark';
}

/** Where a `navigate` leads: a host URL (shown in this preview), or an outside URL (opened in a new tab). */
export interface NavigationAnswer {
  href: string;
  external: boolean;
  newTab: boolean;
}

/** What {@link BridgeServer} needs. */
export interface BridgeDeps {
  runtime: ForgeRuntime;
  site: SiteDirectory;
  modules: readonly PreviewModule[];
  /** Called when a resolver throws (which rejects `invoke`); the preview logs it. */
  onResolverError?: (record: FrameRecord, functionKey: string, error: unknown) => void;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Answers bridge calls for frame records. */
export class BridgeServer {
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The host page's origin (`http://127.0.0.1:<port>`), set once the server listens: `getUrl` answers absolute URLs. */
  hostOrigin = '';

  constructor(private readonly deps: BridgeDeps) {}

  /** Resolver invocations still running (shutdown waits for them, briefly). */
  get pending(): readonly Promise<unknown>[] {
    return [...this.inFlight];
  }

  /**
   * Answers one bridge call.
   * @returns the value the frame's `callBridge` promise resolves to.
   * @throws BridgeRefusal when the command is unknown, malformed, over a limit, or the resolver failed.
   */
  async call(record: FrameRecord, command: string, payload: unknown, host: HostFacts): Promise<unknown> {
    switch (command) {
      case 'invoke':
        return this.invoke(record, payload);
      case 'getContext':
        return this.context(record, host);
      case 'enableTheming':
        record.themed = true;
        return undefined;
      case 'getUrl': {
        const answer = this.navigation(record, payload);
        return answer.external ? answer.href : `${this.hostOrigin}${answer.href}`;
      }
      case 'navigate':
        return this.navigation(record, payload);
      default:
        throw new BridgeRefusal(`The local preview does not support the bridge command "${command}"`);
    }
  }

  /** The `view.getContext()` object: the runtime's module context, plus the theme once the app enabled theming. */
  context(record: FrameRecord, host: HostFacts): Record<string, unknown> {
    const context = this.deps.runtime.moduleContext(record.module.key, record.accountId, record.extension);
    if (record.themed) {
      context['theme'] = { colorMode: host.colorMode, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography', shape: 'shape' };
    }
    return context;
  }

  private async invoke(record: FrameRecord, payload: unknown): Promise<unknown> {
    if (!isRec(payload) || typeof payload['functionKey'] !== 'string') throw new BridgeRefusal('invoke: functionKey must be a string');
    const functionKey = payload['functionKey'];
    const body = payload['payload'];
    const size = body === undefined ? 0 : Buffer.byteLength(JSON.stringify(body), 'utf8');
    if (size > MAX_PAYLOAD_BYTES) throw new BridgeRefusal(`invoke: the payload is ${size} bytes; Forge accepts at most ${MAX_PAYLOAD_BYTES}`);
    const run = this.deps.runtime.invokeResolver(record.module.handler, {
      moduleKey: record.module.key,
      functionKey,
      payload: body,
      accountId: record.accountId,
      extension: record.extension,
      timeoutMs: INVOKE_TIMEOUT_MS,
    });
    this.inFlight.add(run);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BridgeRefusal(`invoke: "${functionKey}" did not answer within ${INVOKE_TIMEOUT_MS / 1000} s`)), INVOKE_TIMEOUT_MS);
      });
      const value = await Promise.race([run, timeout]);
      const bytes = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
      if (bytes > MAX_RESPONSE_BYTES) throw new BridgeRefusal(`invoke: "${functionKey}" answered ${bytes} bytes; Forge allows at most ${MAX_RESPONSE_BYTES}`);
      return value;
    } catch (error) {
      if (error instanceof BridgeRefusal) throw error;
      this.deps.onResolverError?.(record, functionKey, error);
      // Forge rejects invoke() when the function throws; the app sees a rejection, not the stack.
      throw new BridgeRefusal(`invoke: the resolver function "${functionKey}" of ${record.module.key} threw an error (see the preview's console)`);
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(run);
      run.catch(() => undefined);
    }
  }

  /**
   * Maps a `router.navigate/open` location (a URL or a `{target, …}` object) to where the host shows it.
   * Confluence locations on the emulated site become host views for the same viewing person; other URLs open in a
   * new tab.
   */
  navigation(record: FrameRecord, payload: unknown): NavigationAnswer {
    if (!isRec(payload)) throw new BridgeRefusal('navigate: a location is required');
    const newTab = payload['type'] === 'new-tab';
    const as = (loc: HostLocation): NavigationAnswer => ({ href: hostHref({ user: record.accountId, ...loc }), external: false, newTab });
    if (typeof payload['url'] === 'string') return this.urlNavigation(payload['url'], as);
    const target = payload['target'];
    const str = (k: string): string => {
      const v = payload[k];
      if (typeof v !== 'string' || v === '') throw new BridgeRefusal(`navigate: target "${String(target)}" needs "${k}"`);
      return v;
    };
    switch (target) {
      case 'userProfile':
        return as({ view: PROFILE_VIEW, profile: str('accountId'), space: record.extension.space?.key ?? null });
      case 'contentView':
      case 'contentEdit': {
        const id = str('contentId');
        const node = this.deps.site.viewableContent(record.accountId, id);
        return as({ view: PAGE_VIEW, page: id, space: node?.space.key ?? record.extension.space?.key ?? null });
      }
      case 'spaceView':
      case 'contentList':
        return as({ view: PAGE_VIEW, space: str('spaceKey') });
      case 'module': {
        const key = str('moduleKey');
        const module = this.deps.modules.find((m) => m.key === key);
        if (!module) throw new BridgeRefusal(`navigate: this app has no module "${key}"`);
        const spaceKey = typeof payload['spaceKey'] === 'string' ? payload['spaceKey'] : (record.extension.space?.key ?? null);
        return as({ view: viewOfModule(module), space: spaceKey });
      }
      default:
        throw new BridgeRefusal(`navigate: the local preview cannot open target "${String(target)}" in Confluence`);
    }
  }

  private urlNavigation(url: string, as: (loc: HostLocation) => NavigationAnswer): NavigationAnswer {
    let parsed: URL;
    try {
      parsed = new URL(url, this.deps.site.baseUrl);
    } catch {
      throw new BridgeRefusal(`navigate: "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'mailto:') {
      throw new BridgeRefusal(`navigate: the preview does not open ${parsed.protocol} URLs`);
    }
    if (parsed.origin === new URL(this.deps.site.baseUrl).origin) {
      let p: string[];
      try {
        p = parsed.pathname.split('/').map((s) => decodeURIComponent(s));
      } catch {
        // A malformed escape such as %E0%A4%A: Confluence would answer 400; the app gets a bridge error, not a crash.
        throw new BridgeRefusal(`navigate: "${url}" is not a valid URL: its path has a malformed percent-encoding`);
      }
      // /wiki/spaces/<KEY>/pages/<id>/<title>, /wiki/spaces/<KEY>/blog/…/<id>, /wiki/spaces/<KEY>[/overview], /wiki/people/<id>
      if (p[1] === 'wiki' && p[2] === 'spaces' && p[3]) {
        const space = p[3];
        if (p[4] === 'pages' && p[5] && /^\d+$/.test(p[5])) return as({ view: PAGE_VIEW, space, page: p[5] });
        if (p[4] === 'blog') {
          const id = p.slice(5).find((s) => /^\d+$/.test(s) && s.length > 4);
          if (id) return as({ view: PAGE_VIEW, space, page: id });
        }
        if (p[4] === undefined || p[4] === '' || p[4] === 'overview') return as({ view: PAGE_VIEW, space });
      }
      if (p[1] === 'wiki' && p[2] === 'people' && p[3]) return as({ view: PROFILE_VIEW, profile: p[3] });
    }
    // Anything outside the emulated site (guidance sources, the real Atlassian site) opens in a new tab, never here.
    return { href: parsed.href, external: true, newTab: true };
  }
}
