/**
 * `npm start`: builds the Custom UI apps, then runs the local preview of every module of the app on the emulator's
 * demo site.
 *
 *   tsx tools/preview/main.ts [--port N] [--data site.json] [--kvs store.json | --memory] [--fresh] [--latency MS] [--no-build]
 *
 * Everything that can refuse a start is checked before the build: the arguments, the site file, and the store's
 * lock (taken here, held through the build, and handed over to startPreview, which takes it again at once). So
 * `--help`, a bad option or a second preview on the same store answer at once, and a second preview never
 * rebuilds the bundles a running one serves (the build replaces them in place anyway: see tools/build-static.ts).
 *
 * Prints the URL; Ctrl-C (or SIGTERM) stops it cleanly and exits 0. Exit codes: 0 stopped, 1 could not start
 * (including: another preview is using the same store, the build failed), 2 bad arguments.
 *
 * Relative paths are relative to the directory `npm start` was run from (npm's INIT_CWD), not the repository root.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildStatic } from '../build-static';
import { DEMO_SITE_PATH, loadSite, SiteFileError } from '../emulator';
import { ManifestError } from './manifest';
import { defaultKvsFile, lockPreviewStore, PreviewError, startPreview, type PreviewHandle } from './server';
import type { StoreLock } from './store-lock';

const USAGE = `Usage: npm start -- [options]

Shows every module of Secure Confluence in a Confluence-like page, on a local Confluence emulator.

Options:
  --port <n>        port on 127.0.0.1 (default: PORT, else a free port)
  --data <file>     a site file for the emulator instead of the demo site
  --kvs <file>      keep the app's storage in this file (default: one file per site file,
                    .preview/kvs-<site>-<hash>.json)
  --memory          keep the app's storage in memory only: starts empty, nothing is saved
                    (e.g. a second preview of the same site)
  --fresh           start with an empty app storage (forget saved settings, dismissals and scans)
  --latency <ms>    delay every emulator request (to see loading states)
  --no-build        do not build the Custom UI apps first: serve the builds that are there
  -h, --help        show this help

Relative paths are relative to the directory you ran npm start from. Only one preview at a time can use a
storage file: a second one on the same file stops with a message (use --kvs or --memory for it).
The demo site starts with its organisation settings saved (codes DDS and HMRC) unless the storage has some.
`;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function intOption(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) fail(`${name} must be a whole number from 0 to ${max}, not "${value}"\n\n${USAGE}`, 2);
  return Number(value);
}

async function main(): Promise<void> {
  let values: {
    port?: string;
    data?: string;
    kvs?: string;
    memory?: boolean;
    fresh?: boolean;
    latency?: string;
    'no-build'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        kvs: { type: 'string' },
        memory: { type: 'boolean' },
        fresh: { type: 'boolean' },
        latency: { type: 'string' },
        'no-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = intOption(values.port ?? process.env['PORT'], values.port !== undefined ? '--port' : 'PORT', 65535) ?? 0;
  const latencyMs = intOption(values.latency, '--latency', 10_000);
  if (values.memory && values.kvs !== undefined) fail(`Use --kvs or --memory, not both\n\n${USAGE}`, 2);
  for (const [name, value] of [
    ['--data', values.data],
    ['--kvs', values.kvs],
  ] as const) {
    if (value !== undefined && value.trim() === '') fail(`${name} needs a file name\n\n${USAGE}`, 2);
  }
  // npm runs scripts from the package root; INIT_CWD is where the person typed `npm start`.
  const baseDir = process.env['INIT_CWD'] || process.cwd();
  const dataFile = values.data !== undefined ? path.resolve(baseDir, values.data) : undefined;
  const kvsFile = values.kvs !== undefined ? path.resolve(baseDir, values.kvs) : undefined;

  // Refusals first, so that none of them waits for the build: an unusable site file…
  if (dataFile !== undefined) {
    try {
      loadSite(dataFile);
    } catch (e) {
      if (e instanceof SiteFileError) fail(`The site file is not valid:\n${e.message}`, 1);
      throw e;
    }
  }
  // …and a store another preview is using. The lock is held through the build, so a preview started meanwhile
  // is refused too, then released just before startPreview takes it again.
  const store = values.memory ? null : path.resolve(kvsFile ?? defaultKvsFile(dataFile ?? DEMO_SITE_PATH));
  let lock: StoreLock | null = null;
  if (store !== null) {
    try {
      lock = lockPreviewStore(store);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e), 1);
    }
  }

  if (!values['no-build']) {
    process.stdout.write('Building the Custom UI apps (skip with --no-build)…\n');
    let built: boolean;
    try {
      built = await buildStatic();
    } catch (e) {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      built = false;
    }
    if (!built) {
      lock?.release();
      fail('The preview did not start: the Custom UI build failed (see above).', 1);
    }
  }

  let preview: PreviewHandle;
  try {
    lock?.release();
    preview = await startPreview({
      port,
      ...(dataFile !== undefined ? { dataFile } : {}),
      ...(kvsFile !== undefined ? { kvsFile } : {}),
      ...(values.memory ? { memory: true } : {}),
      ...(values.fresh ? { fresh: true } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
    });
  } catch (e) {
    if (e instanceof SiteFileError) fail(`The site file is not valid:\n${e.message}`, 1);
    if (e instanceof ManifestError || e instanceof PreviewError) fail(e.message, 1);
    throw e;
  }

  // From process start, so module loading (tsx compiling src/, the emulator, zod, graphql) counts too.
  const seconds = process.uptime().toFixed(1);
  const storage = preview.kvsFile ?? 'in memory (nothing is saved)';
  const notes = [values.fresh ? 'started empty' : '', preview.seededSettings ? 'demo organisation settings saved' : ''].filter(Boolean);
  process.stdout.write(
    [
      '',
      `  Secure Confluence — local preview (${preview.demo ? 'demo data' : 'your site file'}, no Atlassian account)`,
      `  Site:      ${preview.site.name}${preview.demo ? ' (built-in demo site)' : ` from ${preview.dataFile}`}`,
      `  Emulator:  ${preview.emulator.url}`,
      `  Storage:   ${storage}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
      '',
      `  Open ${preview.url}   (ready in ${seconds} s; Ctrl-C to stop)`,
      '',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\n  Stopping the preview…\n');
    preview.stop().then(
      () => {
        process.stdout.write('  Stopped.\n');
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`  The preview did not stop cleanly: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`The preview failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
