import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EventBroker, InvocationKilledError, type ConsumerHandler } from './events';
import type { KvsStore } from './kvs-store';

/**
 * A local Forge runtime: it defines the two globals the real `@forge/api` and `@forge/kvs` packages call at run
 * time, so that unmodified app code talks to a loopback Confluence emulator and a local key-value store.
 *
 * - `global.__forge_fetch__(descriptor, path, init) → Response` (read from @forge/api 8.3 `out/api/fetch.js` and
 *   @forge/kvs 1.6.5 `out/index.js`): `{type:'fpp', provider:'user'|'app'|'none', remote:'confluence'|'stargate'}`
 *   for product calls, `{type:'kvs'}` for storage.
 * - `global.__forge_runtime__` (read by `getAppContext()` and the KVS client): app/environment ids, the module key,
 *   `lambdaContext.getRemainingTimeInMillis()` and no-op metrics.
 *
 * Each invocation runs inside an `AsyncLocalStorage` scope holding its principal, because `asUser()` sends no
 * accountId of its own: the platform knows whose invocation it is. Confluence calls reach the emulator with
 * `Authorization: Bearer emu-user:<accountId>` (as the user) or `Bearer emu-app` (as the app), the emulator's
 * documented scheme (docs/emulator.md).
 */

/** What a product call was, for tests that count traffic. */
export interface ProductRequest {
  provider: 'user' | 'app';
  accountId: string | null;
  remote: string;
  method: string;
  path: string;
  status: number;
}

/** One invocation's identity and clock. */
export interface InvocationScope {
  /** The invoking person, or null for app-only invocations (scheduled triggers, queue consumers). */
  accountId: string | null;
  moduleKey: string;
  /** Epoch ms after which the platform would kill the invocation. */
  deadline: number;
  invocationId: string;
  /** Product and storage calls left before the runtime kills the invocation (simulated), or undefined. */
  callsLeft?: number;
}

/** Options for {@link ForgeRuntime}. */
export interface ForgeRuntimeOptions {
  /** Base URL of the Confluence emulator, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  confluenceUrl: string;
  store: KvsStore;
  /** Site identity reported in contexts. */
  cloudId?: string;
  siteUrl?: string;
  appId?: string;
  environmentId?: string;
}

/** The Forge-shaped `context.extension` of a Confluence module invocation. */
export interface ExtensionContext {
  type: string;
  space?: { id: string; key: string };
  content?: { id: string; type: string };
  location?: string;
  [key: string]: unknown;
}

/** How to call one resolver function. */
export interface ResolverCall {
  moduleKey: string;
  functionKey: string;
  payload?: unknown;
  /** The invoking person: becomes `context.accountId` (from the principal, as in Forge). */
  accountId: string;
  extension: ExtensionContext;
  /** Resolver time budget in ms (Forge: 25 s). */
  timeoutMs?: number;
}

/** A handler produced by `new Resolver().getDefinitions()`. */
export type ResolverHandler = (
  request: { call: { functionKey: string; payload?: unknown; jobId?: string }; context: Record<string, unknown> },
  backend: { principal?: { accountId: string }; installContext?: string },
) => Promise<unknown>;

const RESOLVER_TIMEOUT_MS = 25_000;

declare global {
  var __forge_fetch__: ((descriptor: Record<string, unknown>, path: string, init?: RequestInit) => Promise<Response>) | undefined;
  var __forge_runtime__: unknown;
}

/**
 * The local runtime. Create one, {@link install} it (one per process at a time), invoke handlers, then
 * {@link uninstall}.
 */
export class ForgeRuntime {
  private readonly scope = new AsyncLocalStorage<InvocationScope>();
  /** Every product call made through @forge/api, in order. */
  readonly productRequests: ProductRequest[] = [];
  readonly cloudId: string;
  readonly siteUrl: string;
  readonly appId: string;
  readonly environmentId: string;
  /** Async events: queues and consumers (`@forge/events`). */
  readonly events: EventBroker;

  constructor(private readonly options: ForgeRuntimeOptions) {
    this.events = new EventBroker({
      invoke: (handler: ConsumerHandler, event, scope) => this.invokeFunction(handler, event, { accountId: null, ...scope }),
    });
    this.cloudId = options.cloudId ?? '00000000-0000-4000-8000-00000000c10d';
    this.siteUrl = options.siteUrl ?? 'https://dds-demo.atlassian.net';
    this.appId = options.appId ?? '00000000-0000-4000-8000-0000000000a9';
    this.environmentId = options.environmentId ?? '00000000-0000-4000-8000-0000000000e1';
  }

  /** The key-value store behind `@forge/kvs`. */
  get store(): KvsStore {
    return this.options.store;
  }

  /** Defines the globals. Throws if another runtime is installed, so two tests never share one by accident. */
  install(): this {
    if (globalThis.__forge_fetch__ !== undefined) throw new Error('A Forge runtime is already installed in this process');
    globalThis.__forge_fetch__ = (descriptor, path, init) => this.fetch(descriptor, path, init);
    Object.defineProperty(globalThis, '__forge_runtime__', {
      configurable: true,
      get: () => this.runtimeGlobal(),
    });
    return this;
  }

  /** Removes the globals. */
  uninstall(): void {
    globalThis.__forge_fetch__ = undefined;
    Object.defineProperty(globalThis, '__forge_runtime__', { configurable: true, value: undefined, writable: true });
  }

  /**
   * Runs `fn` as one invocation of `moduleKey` by `accountId` (null = app-only), with a time budget.
   * @param timeoutMs the invocation's budget; `getRemainingTimeInMillis()` counts it down.
   */
  run<T>(scope: { accountId: string | null; moduleKey: string; timeoutMs?: number | undefined; killAfterCalls?: number | undefined }, fn: () => Promise<T>): Promise<T> {
    const invocation: InvocationScope = {
      accountId: scope.accountId,
      moduleKey: scope.moduleKey,
      deadline: Date.now() + (scope.timeoutMs ?? RESOLVER_TIMEOUT_MS),
      invocationId: randomUUID(),
      ...(scope.killAfterCalls !== undefined ? { callsLeft: scope.killAfterCalls } : {}),
    };
    return this.scope.run(invocation, fn);
  }

  /**
   * Invokes a plain function handler (a queue consumer or a scheduled trigger) as Forge does:
   * `handler(event, context)`, with no user unless `accountId` is given.
   */
  invokeFunction(
    handler: (event: Record<string, unknown>, context: Record<string, unknown>) => Promise<unknown>,
    event: Record<string, unknown>,
    scope: { moduleKey: string; accountId?: string | null; timeoutMs?: number; killAfterCalls?: number },
  ): Promise<unknown> {
    const context = { installContext: `ari:cloud:confluence::site/${this.cloudId}`, moduleKey: scope.moduleKey, cloudId: this.cloudId };
    return this.run({ accountId: scope.accountId ?? null, moduleKey: scope.moduleKey, timeoutMs: scope.timeoutMs, killAfterCalls: scope.killAfterCalls }, () => handler(event, context));
  }

  /**
   * Invokes a resolver function the way the Forge platform does: through the handler from `getDefinitions()`,
   * with a context shaped like Forge's and the principal passed separately (the resolver overwrites
   * `context.accountId` with it).
   */
  invokeResolver(handler: ResolverHandler, call: ResolverCall): Promise<unknown> {
    const context = this.moduleContext(call.moduleKey, call.accountId, call.extension);
    return this.run({ accountId: call.accountId, moduleKey: call.moduleKey, timeoutMs: call.timeoutMs }, () =>
      handler(
        { call: { functionKey: call.functionKey, payload: call.payload }, context },
        { principal: { accountId: call.accountId }, installContext: `ari:cloud:confluence::site/${this.cloudId}` },
      ),
    );
  }

  /** The context object a Custom UI gets from `view.getContext()` for this module and person. */
  moduleContext(moduleKey: string, accountId: string, extension: ExtensionContext): Record<string, unknown> {
    return {
      accountId,
      cloudId: this.cloudId,
      siteUrl: this.siteUrl,
      moduleKey,
      localId: `${moduleKey}-local`,
      environmentId: this.environmentId,
      environmentType: 'DEVELOPMENT',
      locale: 'en-GB',
      timezone: 'Europe/London',
      extension,
    };
  }

  /** Answers `@forge/events` platform calls: publish → 201, stats → 200, cancel → 204. */
  private queueCall(path: string, init?: RequestInit): Response {
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    if (path.startsWith('/webhook/queue/publish/')) {
      const status = this.events.publish(body);
      return new Response(status === 201 ? '{}' : JSON.stringify({ message: 'Malformed push request' }), { status, headers: { 'content-type': 'application/json' } });
    }
    if (path.startsWith('/webhook/queue/stats/')) {
      const jobId = (body as { jobId?: unknown } | undefined)?.jobId;
      const inProgress = this.events.pending().filter((e) => e.jobId === jobId).length;
      return new Response(JSON.stringify({ success: 0, inProgress, failed: 0 }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return new Response(null, { status: 204 });
  }

  private runtimeGlobal(): unknown {
    const current = this.scope.getStore();
    return {
      proxy: { token: 'local', url: this.options.confluenceUrl },
      appContext: {
        appId: this.appId,
        appVersion: '0.0.0-local',
        environmentId: this.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: current?.invocationId ?? 'none',
        installationId: '00000000-0000-4000-8000-0000000000b1',
        moduleKey: current?.moduleKey ?? 'none',
      },
      lambdaContext: {
        getRemainingTimeInMillis: () => (current ? Math.max(0, current.deadline - Date.now()) : RESOLVER_TIMEOUT_MS),
      },
      metrics: {
        counter: () => ({ incr: () => undefined, decr: () => undefined }),
        timing: () => ({ measure: () => ({ stop: () => undefined }) }),
      },
      tracing: { traceId: 'local', spanId: 'local' },
    };
  }

  private async fetch(descriptor: Record<string, unknown>, path: string, init?: RequestInit): Promise<Response> {
    const current = this.scope.getStore();
    if (current?.callsLeft !== undefined) {
      if (current.callsLeft <= 0) throw new InvocationKilledError();
      current.callsLeft -= 1;
    }
    if (descriptor['type'] === 'kvs') {
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      return this.options.store.handle(path, body);
    }
    if (descriptor['type'] !== 'fpp') throw new Error(`The local Forge runtime cannot serve ${String(descriptor['type'])} calls`);
    const remote = String(descriptor['remote']);
    const provider = descriptor['provider'] === 'user' ? 'user' : 'app';
    let accountId: string | null = null;
    if (provider === 'user') {
      accountId = typeof descriptor['accountId'] === 'string' ? descriptor['accountId'] : (this.scope.getStore()?.accountId ?? null);
      if (accountId === null) {
        throw new Error('asUser() was called outside a user invocation (e.g. in a scheduled trigger or queue consumer)');
      }
    }
    if (remote === 'stargate' && path.startsWith('/webhook/queue/')) return this.queueCall(path, init);
    let url: string;
    if (remote === 'confluence') url = `${this.options.confluenceUrl}${path}`;
    else if (remote === 'stargate' && path === '/graphql') url = `${this.options.confluenceUrl}/graphql`;
    else throw new Error(`The local Forge runtime has no remote ${remote} (path ${path})`);

    const headers = new Headers(init?.headers);
    headers.set('authorization', provider === 'user' ? `Bearer emu-user:${accountId}` : 'Bearer emu-app');
    const response = await fetch(url, { ...init, headers });
    this.productRequests.push({ provider, accountId, remote, method: init?.method ?? 'GET', path, status: response.status });
    return response;
  }
}
