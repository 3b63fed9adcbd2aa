/**
 * `npm start` (after `npm run build`): the local preview of every module of the app on the emulator's demo site.
 *
 *   tsx tools/preview/main.ts [--port N] [--data site.json] [--fresh] [--latency MS]
 *
 * Prints the URL; Ctrl-C (or SIGTERM) stops it cleanly and exits 0. Exit codes: 0 stopped, 1 could not start,
 * 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { SiteFileError } from '../emulator';
import { ManifestError } from './manifest';
import { PreviewError, startPreview, type PreviewHandle } from './server';

const USAGE = `Usage: npm start -- [options]

Shows every module of Secure Confluence in a Confluence-like page, on a local Confluence emulator.

Options:
  --port <n>        port on 127.0.0.1 (default: PORT, else a free port)
  --data <file>     a site file for the emulator instead of the demo site
  --fresh           start with an empty app storage (forget saved settings and dismissals)
  --latency <ms>    delay every emulator request (to see loading states)
  -h, --help        show this help
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
  let values: { port?: string; data?: string; fresh?: boolean; latency?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        fresh: { type: 'boolean' },
        latency: { type: 'string' },
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

  let preview: PreviewHandle;
  try {
    preview = await startPreview({
      port,
      ...(values.data !== undefined ? { dataFile: values.data } : {}),
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
  process.stdout.write(
    [
      '',
      `  Secure Confluence — local preview (demo data, no Atlassian account)`,
      `  Site:      ${preview.site.name}${values.data ? ` (${values.data})` : ''}`,
      `  Emulator:  ${preview.emulator.url}`,
      `  Storage:   ${preview.kvsFile ?? 'in memory'}${values.fresh ? ' (started empty)' : ''}`,
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
