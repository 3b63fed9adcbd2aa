/** The local Forge runtime shim: see `runtime.ts` and `kvs-store.ts`. */
export { ForgeRuntime } from './runtime';
export type { ExtensionContext, ForgeRuntimeOptions, InvocationScope, ProductRequest, ResolverCall, ResolverHandler } from './runtime';
export { KvsStore, KVS_MAX_KEY_LENGTH, KVS_MAX_VALUE_BYTES } from './kvs-store';
export { EventBroker, InvocationKilledError, MAX_RETRIES } from './events';
export type { ConsumerHandler, Delivery, QueuedEvent, RunOptions } from './events';
export { bindBackgroundModules } from './manifest';
export type { ScheduledTrigger } from './manifest';
