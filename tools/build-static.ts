/**
 * Builds the four Custom UI apps in `static/` with Vite, one after another, into `static/<app>/build/`
 * (the folders `manifest.yml` names as resources).
 *
 * Usage: `tsx tools/build-static.ts [app …]` (no names = all apps). Prints each app's JavaScript size, raw and
 * gzip, and exits non-zero when a build fails or an app exceeds its gzip budget (the page banner loads on every
 * page view, so it has the tightest one).
 *
 * Forge serves a resource folder as static files inside a sandboxed iframe, so asset URLs must be relative
 * (`base: './'`) and nothing may be inlined as a script (Forge's CSP has no `unsafe-inline` for scripts).
 */

import { readdir, readFile, stat } from 'node:fs/promises';
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

async function buildApp(name: string): Promise<{ raw: number; gzip: number }> {
  // vite and the React plugin are ES modules; this file is compiled as CommonJS, so load them dynamically.
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const root = path.join(STATIC, name);
  await stat(path.join(root, 'index.html'));
  const isBanner = name === 'page-banner';
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
      outDir: 'build',
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
  const sizes = await jsSizes(path.join(root, 'build'));
  for (const s of sizes) console.log(`  ${s.file.padEnd(40)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip`);
  return sizes.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip }), { raw: 0, gzip: 0 });
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((a) => !(a in APPS));
  if (unknown.length > 0) {
    console.error(`Unknown app: ${unknown.join(', ')}. Apps: ${Object.keys(APPS).join(', ')}`);
    return 2;
  }
  const names = requested.length > 0 ? requested : Object.keys(APPS);
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
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
