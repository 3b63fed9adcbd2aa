import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ConsumerHandler } from './events';
import type { ForgeRuntime } from './runtime';

/**
 * Binds the manifest's background modules to the local runtime, as the platform would: each `consumer` module's
 * queue to its function's handler (with the function's `timeoutSeconds`, default 55 s), and each
 * `scheduledTrigger` to a callable that invokes its handler with no user.
 */

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scheduled trigger of the manifest, ready to fire. */
export interface ScheduledTrigger {
  key: string;
  interval: string;
  /** Invokes the trigger's handler once, as the platform does when it fires. */
  fire(): Promise<unknown>;
}

/**
 * Registers the consumers and returns the scheduled triggers.
 * @param backend the exports of `src/index.ts`
 * @throws Error when the manifest names a function or handler export that does not exist
 */
export function bindBackgroundModules(runtime: ForgeRuntime, rootDir: string, backend: Readonly<Record<string, unknown>>): { triggers: ScheduledTrigger[] } {
  const doc = parse(readFileSync(path.join(rootDir, 'manifest.yml'), 'utf8')) as unknown;
  const modules = isRec(doc) && isRec(doc['modules']) ? doc['modules'] : {};
  const functions = new Map<string, { handler: ConsumerHandler; timeoutMs: number }>();
  for (const f of Array.isArray(modules['function']) ? modules['function'] : []) {
    if (!isRec(f) || typeof f['key'] !== 'string' || typeof f['handler'] !== 'string') continue;
    const exportName = f['handler'].replace(/^index\./, '');
    const handler = backend[exportName];
    if (typeof handler !== 'function') throw new Error(`manifest function ${f['key']}: handler ${f['handler']} is not exported by src/index.ts`);
    const timeoutSeconds = typeof f['timeoutSeconds'] === 'number' ? f['timeoutSeconds'] : 55;
    functions.set(f['key'], { handler: handler as ConsumerHandler, timeoutMs: timeoutSeconds * 1000 });
  }
  const fn = (key: unknown, where: string) => {
    const found = typeof key === 'string' ? functions.get(key) : undefined;
    if (!found) throw new Error(`manifest ${where}: function ${String(key)} is not declared`);
    return found;
  };
  for (const c of Array.isArray(modules['consumer']) ? modules['consumer'] : []) {
    if (!isRec(c) || typeof c['queue'] !== 'string' || typeof c['key'] !== 'string') continue;
    const { handler, timeoutMs } = fn(c['function'], `consumer ${c['key']}`);
    runtime.events.register(c['queue'], handler, { moduleKey: c['key'], timeoutMs });
  }
  const triggers: ScheduledTrigger[] = [];
  for (const t of Array.isArray(modules['scheduledTrigger']) ? modules['scheduledTrigger'] : []) {
    if (!isRec(t) || typeof t['key'] !== 'string') continue;
    const key = t['key'];
    const { handler, timeoutMs } = fn(t['function'], `scheduledTrigger ${key}`);
    triggers.push({
      key,
      interval: String(t['interval']),
      fire: () => runtime.invokeFunction(handler, { context: { cloudId: runtime.cloudId, moduleKey: key } }, { moduleKey: key, timeoutMs }),
    });
  }
  return { triggers };
}
