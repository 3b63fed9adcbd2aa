/**
 * The parts of `@forge/bridge` the apps use, and the only module in `static/` that imports it.
 *
 * `@forge/bridge` is CommonJS, so importing its root pulls in every feature it has (realtime, object store,
 * i18n with lodash, the ADF renderer with iframe-resizer, …) and no bundler can drop them: about 20 KB gzip
 * the page banner cannot afford on every page view. So this module imports the bridge's own feature modules
 * directly. Their paths are not in the package's `exports` map: `tools/build-static.ts` maps
 * `@forge/bridge/out/*` for Vite and `static/tsconfig.json` does for TypeScript. If a bridge upgrade moves a
 * file, the build fails; it cannot silently ship something else.
 *
 * Each of these modules reads `globalThis.__bridge.callBridge` when it is first imported: the host injects it
 * before the bundle runs.
 */
export { invoke } from '@forge/bridge/out/invoke/invoke';
export { router } from '@forge/bridge/out/router/router';
export { showFlag } from '@forge/bridge/out/flag/flag';
export { theme } from '@forge/bridge/out/view/theme';
