/**
 * Builds the four Custom UI apps in `static/` with Vite, one after another, into `static/<app>/build/`
 * (the folders `manifest.yml` names as resources).
 *
 * Usage: `tsx tools/build-static.ts [app …]` (no names = all apps). Prints each app's JavaScript size, raw and
 * gzip, and exits non-zero when a build fails or an app exceeds its gzip budget (the page banner loads on every
 * page view, so it has the tightest one). `npm start` (tools/preview/main.ts) calls {@link buildStatic} itself.
 *
 * Each app is built into a sibling folder (`static/<app>/build.next-<pid>`) and only then moved into `build/`, file
 * by file with renames, assets before `index.html`, and files of the old build that the new one lacks removed
 * last. So `build/index.html` never goes missing, and always names assets that are there: a running preview keeps
 * serving while another process rebuilds, and a failed build leaves the previous one in place.
 *
 * Forge serves a resource folder as static files inside a sandboxed iframe, so asset URLs must be relative
 * (`base: './'`) and nothing may be inlined as a script (Forge's CSP has no `unsafe-inline` for scripts).
 */

import { rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite' with { 'resolution-mode': 'import' };
import { sortCompiledCss } from '../static/tooling/compiled-css-order';

const ROOT = path.resolve(__dirname, '..');
const STATIC = path.join(ROOT, 'static');

/** Every app, in build order, with its gzip budget for all JavaScript in `build/` (bytes). */
const APPS: Record<string, { budgetGzip: number }> = {
  'space-page': { budgetGzip: 300_000 },
  'space-settings': { budgetGzip: 300_000 },
  'page-banner': { budgetGzip: 80_000 },
  'global-settings': { budgetGzip: 300_000 },
};

/** Packages every app but the banner shares: split out so an app's own code changes do not touch them. */
const VENDOR = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;
const ATLASKIT = /[\\/]node_modules[\\/](@atlaskit|@compiled|@babel[\\/]runtime|@emotion|bind-event-listener|tiny-invariant|use-memo-one|memoize-one)[\\/]/;

interface Size {
  file: string;
  raw: number;
  gzip: number;
}

async function jsSizes(outDir: string): Promise<Size[]> {
  const sizes: Size[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.js')) {
        const body = await readFile(full);
        sizes.push({ file: path.relative(outDir, full), raw: body.length, gzip: gzipSync(body).length });
      }
    }
  };
  await walk(outDir);
  return sizes.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Atlaskit asks `@atlaskit/feature-gate-js-client` about Atlassian's internal feature gates. Nothing initialises
 * that client in a Forge iframe, so it answers "off" to everything; the stub answers the same without bundling
 * the Statsig SDK (~60 KB gzip, most of the banner otherwise). See `static/common/feature-gates-stub.ts`.
 */
const FEATURE_GATES_STUB = path.join(STATIC, 'common', 'feature-gates-stub.ts');

/** `static/common/bridge.ts` imports the bridge's feature modules directly (see there for why). */
const BRIDGE_OUT = path.dirname(require.resolve('@forge/bridge'));

/** Re-sorts each emitted stylesheet into Compiled's rule order (see `static/tooling/compiled-css-order.ts`). */
function compiledCssOrder(): Plugin {
  return {
    name: 'secure-confluence:compiled-css-order',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'asset' && file.fileName.endsWith('.css') && typeof file.source === 'string') {
          file.source = sortCompiledCss(file.source);
        }
      }
    },
  };
}

/** Sizes in kB (1,000 bytes), as budgets are stated; `gzip -c file | wc -c` gives the same gzip byte count. */
const kb = (n: number): string => `${(n / 1000).toFixed(1)} kB`;

/** The apps {@link buildStatic} builds when given no names, in build order. */
export const APP_NAMES: readonly string[] = Object.keys(APPS);

/** Temporary build folders of this process not yet moved into place (removed if the process exits meanwhile). */
const unfinished = new Set<string>();
const TEMP_DIR = /^build\.next-(\d+)$/;

function removeUnfinished(): void {
  for (const dir of unfinished) rmSync(dir, { recursive: true, force: true });
  unfinished.clear();
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary build folders that a killed build left in `root` (those of running builds stay). */
async function removeStaleTemps(root: string): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const pid = TEMP_DIR.exec(entry.name)?.[1];
    if (entry.isDirectory() && pid !== undefined && !isAlive(Number(pid))) await rm(path.join(root, entry.name), { recursive: true, force: true });
  }
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) await walk(relative);
      else out.push(relative);
    }
  };
  await walk('');
  return out;
}

/** Removes the empty folders under `dir` (not `dir` itself), deepest first. */
async function removeEmptyDirs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    await removeEmptyDirs(sub);
    if ((await readdir(sub)).length === 0) await rmdir(sub).catch(() => undefined);
  }
}

/**
 * Moves the finished build in `next` into `outDir` without a moment in which `outDir/index.html` is missing: each
 * file is renamed over its old version (a rename replaces a file atomically), HTML last so that it only ever names
 * assets already in place; then the old build's files that the new one lacks are removed, and `next` with them.
 */
async function install(next: string, outDir: string): Promise<void> {
  const existing = await stat(outDir).catch(() => null);
  if (existing === null) {
    await rename(next, outDir);
    return;
  }
  if (!existing.isDirectory()) await rm(outDir, { force: true });
  const files = await filesUnder(next);
  const ordered = [...files.filter((f) => !f.endsWith('.html')), ...files.filter((f) => f.endsWith('.html'))];
  for (const file of ordered) {
    const target = path.join(outDir, file);
    await mkdir(path.dirname(target), { recursive: true });
    if ((await stat(target).catch(() => null))?.isDirectory()) await rm(target, { recursive: true, force: true });
    await rename(path.join(next, file), target);
  }
  const keep = new Set(files);
  for (const file of await filesUnder(outDir)) if (!keep.has(file)) await rm(path.join(outDir, file), { force: true });
  await removeEmptyDirs(outDir);
  await rm(next, { recursive: true, force: true });
}

async function buildApp(name: string): Promise<{ raw: number; gzip: number }> {
  const root = path.join(STATIC, name);
  await stat(path.join(root, 'index.html'));
  await removeStaleTemps(root);
  const outDir = path.join(root, 'build');
  const next = path.join(root, `build.next-${process.pid}`);
  unfinished.add(next);
  try {
    await rm(next, { recursive: true, force: true });
    const total = await viteBuild(root, next, name === 'page-banner');
    await install(next, outDir);
    return total;
  } finally {
    await rm(next, { recursive: true, force: true });
    unfinished.delete(next);
  }
}

/** Builds the app in `root` into `outDir` (emptied first) and prints its JavaScript sizes. */
async function viteBuild(root: string, outDir: string, isBanner: boolean): Promise<{ raw: number; gzip: number }> {
  // vite and the React plugin are ES modules; this file is compiled as CommonJS, so load them dynamically.
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  // Vite lets NODE_ENV from the environment (e.g. jest's "test") override its production mode, which would ship
  // React's development build: pin it for the build, then put it back (the preview builds in its own process).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      configFile: false,
      envDir: false,
      root,
      base: './',
      mode: 'production',
      logLevel: 'warn',
      plugins: [react(), compiledCssOrder()],
      resolve: {
        alias: [
          { find: /^@atlaskit\/feature-gate-js-client(\/feature-gates)?$/, replacement: FEATURE_GATES_STUB },
          { find: /^@forge\/bridge\/out\//, replacement: `${BRIDGE_OUT}/` },
        ],
      },
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: false,
        reportCompressedSize: false,
        // Forge's iframes run current browsers; the polyfill would only add bytes.
        modulePreload: { polyfill: false },
        // One stylesheet per app, so the Compiled re-sort below sees every rule at once.
        cssCodeSplit: false,
        chunkSizeWarningLimit: 1500,
        rolldownOptions: {
          output: {
            // The banner is one small file (one request on every page view); the other apps split their vendors.
            codeSplitting: isBanner
              ? false
              : {
                  groups: [
                    { name: 'react', test: VENDOR, priority: 2 },
                    { name: 'atlaskit', test: ATLASKIT, priority: 1 },
                  ],
                },
          },
        },
      },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  const sizes = await jsSizes(outDir);
  for (const s of sizes) console.log(`  ${s.file.padEnd(40)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip`);
  return sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
}

/**
 * Builds the named apps (default: all), one after another, printing sizes to stdout and failures to stderr.
 * A build that fails or goes over budget does not stop the others.
 * @returns true when every app built within its budget
 * @throws Error for a name that is not an app
 */
export async function buildStatic(names: readonly string[] = APP_NAMES): Promise<boolean> {
  const unknown = names.filter((a) => !(a in APPS));
  if (unknown.length > 0) throw new Error(`Unknown app: ${unknown.join(', ')}. Apps: ${APP_NAMES.join(', ')}`);
  // Ctrl-C or a kill mid-build exits through 'exit', which removes this process's temporary folders.
  const interrupted = (signal: NodeJS.Signals): void => process.exit(signal === 'SIGINT' ? 130 : 143);
  process.on('exit', removeUnfinished);
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    return await buildEach(names);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    process.off('exit', removeUnfinished);
  }
}

async function buildEach(names: readonly string[]): Promise<boolean> {
  let failed = false;
  for (const name of names) {
    const started = Date.now();
    console.log(`${name}:`);
    try {
      const total = await buildApp(name);
      const budget = APPS[name]?.budgetGzip ?? Infinity;
      const over = total.gzip > budget;
      console.log(
        `  total JS ${kb(total.raw)} raw, ${kb(total.gzip)} gzip (budget ${kb(budget)})${over ? '  OVER BUDGET' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      if (over) failed = true;
    } catch (error) {
      console.error(`  build failed: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    }
  }
  return !failed;
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((a) => !(a in APPS));
  if (unknown.length > 0) {
    console.error(`Unknown app: ${unknown.join(', ')}. Apps: ${APP_NAMES.join(', ')}`);
    return 2;
  }
  return (await buildStatic(requested.length > 0 ? requested : APP_NAMES)) ? 0 : 1;
}

// `tsx tools/build-static.ts` (npm run build); imported (by the preview's main.ts), it only exports.
if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
