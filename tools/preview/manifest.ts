import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ResolverHandler } from '../forge-runtime';

/**
 * Reads `manifest.yml` the way the Forge platform does for the four Confluence module types this app uses, so the
 * preview never hard-codes which module shows which static folder or calls which handler:
 * module key → `resource` (a folder under `resources`) and `resolver.function` (a key under `function`) →
 * `handler: index.<export>` (an export of `src/index.ts`).
 */

/** The Confluence module types the preview can show, in the order the host page lists them. */
export const MODULE_TYPES = ['confluence:spacePage', 'confluence:spaceSettings', 'confluence:pageBanner', 'confluence:globalSettings'] as const;
/** One of {@link MODULE_TYPES}. */
export type ModuleType = (typeof MODULE_TYPES)[number];

/** One Custom UI module, resolved through the manifest. */
export interface PreviewModule {
  type: ModuleType;
  /** The module key, e.g. `secure-use-space-page` (also `context.moduleKey`). */
  key: string;
  /** The module title shown in Confluence's navigation (the page banner has none). */
  title: string | null;
  /** The resource key, e.g. `space-page`: the preview serves it under `/apps/<resource>/`. */
  resource: string;
  /** Absolute path of the resource folder (the static build). */
  resourceDir: string;
  /** The manifest function key, e.g. `space-page-resolver`. */
  functionKey: string;
  /** The handler as written in the manifest, e.g. `index.spacePageHandler`. */
  handlerRef: string;
  /** The handler the runtime invokes. */
  handler: ResolverHandler;
  /** `displayConditions` as written (evaluated by the host for the ones it knows). */
  displayConditions: Record<string, unknown>;
}

/** What the preview needs from the manifest. */
export interface PreviewManifest {
  modules: PreviewModule[];
  /** `permissions.content.styles` / `.scripts` (e.g. `unsafe-inline`): they shape the frames' CSP, as in Forge. */
  contentPermissions: { styles: string[]; scripts: string[] };
}

/** A manifest the preview cannot use. The message names the manifest path of the problem. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * Loads the manifest and binds each module to its handler.
 *
 * @param rootDir the app root (holds `manifest.yml`; resource paths are relative to it).
 * @param backend the module `src/index.ts` (its exports are looked up by the handler names in the manifest).
 * @throws ManifestError when the manifest is unreadable or a module's resource, function or handler is missing.
 */
export function loadManifest(rootDir: string, backend: Readonly<Record<string, unknown>>): PreviewManifest {
  const file = path.join(rootDir, 'manifest.yml');
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ManifestError(`${file}: cannot read the manifest: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRec(doc) || !isRec(doc['modules'])) throw new ManifestError(`${file}: no "modules" section`);
  const modules = doc['modules'];

  const resources = new Map<string, string>();
  for (const r of Array.isArray(doc['resources']) ? doc['resources'] : []) {
    if (isRec(r) && str(r['key']) && str(r['path'])) resources.set(String(r['key']), String(r['path']));
  }
  const functions = new Map<string, string>();
  for (const f of Array.isArray(modules['function']) ? modules['function'] : []) {
    if (isRec(f) && str(f['key']) && str(f['handler'])) functions.set(String(f['key']), String(f['handler']));
  }

  const out: PreviewModule[] = [];
  for (const type of MODULE_TYPES) {
    const list = modules[type];
    if (!Array.isArray(list)) continue;
    list.forEach((m: unknown, i) => {
      const where = `${file}: modules.${type}[${i}]`;
      if (!isRec(m)) throw new ManifestError(`${where}: not an object`);
      const key = str(m['key']);
      const resource = str(m['resource']);
      const resolver = isRec(m['resolver']) ? str(m['resolver']['function']) : null;
      if (!key) throw new ManifestError(`${where}.key: missing`);
      if (!resource) throw new ManifestError(`${where}.resource: missing (the preview shows Custom UI modules only)`);
      if (!resolver) throw new ManifestError(`${where}.resolver.function: missing`);
      const resourcePath = resources.get(resource);
      if (!resourcePath) throw new ManifestError(`${where}.resource: no resource with key "${resource}"`);
      const handlerRef = functions.get(resolver);
      if (!handlerRef) throw new ManifestError(`${where}.resolver.function: no function with key "${resolver}"`);
      const match = /^index\.([A-Za-z_$][\w$]*)$/.exec(handlerRef);
      if (!match) throw new ManifestError(`${where}: handler "${handlerRef}" is not "index.<export>" (the preview loads src/index.ts only)`);
      const handler = backend[match[1]!];
      if (typeof handler !== 'function') throw new ManifestError(`${where}: src/index.ts has no function export "${match[1]!}" (handler "${handlerRef}")`);
      out.push({
        type,
        key,
        title: str(m['title']),
        resource,
        resourceDir: path.resolve(rootDir, resourcePath),
        functionKey: resolver,
        handlerRef,
        handler: handler as ResolverHandler,
        displayConditions: isRec(m['displayConditions']) ? m['displayConditions'] : {},
      });
    });
  }
  if (out.length === 0) throw new ManifestError(`${file}: no Confluence Custom UI modules (${MODULE_TYPES.join(', ')})`);
  const perms = isRec(doc['permissions']) && isRec(doc['permissions']['content']) ? doc['permissions']['content'] : {};
  return { modules: out, contentPermissions: { styles: strings(perms['styles']), scripts: strings(perms['scripts']) } };
}
