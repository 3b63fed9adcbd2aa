/**
 * Standalone emulator:
 *
 *   tsx tools/emulator/main.ts [--data site.json] [--port 0] [--latency ms] [--validate]
 *
 * Serves the site (default: the demo site) on 127.0.0.1, prints `Confluence emulator listening on <url>` and stops
 * cleanly on SIGINT/SIGTERM. Exit codes: 0 after a clean stop, 1 when the site file is invalid or the port is taken.
 */
import { Command } from 'commander';
import { DEMO_SITE_PATH } from './demo-site';
import { startEmulator } from './server';
import { loadSite, SiteFileError } from './site-schema';

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('emulator')
    .description('Local Confluence Cloud emulator (127.0.0.1 only).')
    .option('--data <file>', 'site file', DEMO_SITE_PATH)
    .option('--port <n>', 'port (0 = any free port)', (v) => parseInt(v, 10), 0)
    .option('--latency <ms>', 'response time of every API request in ms (the answer leaves this long after the request arrived)', (v) => parseInt(v, 10), 0)
    .option('--validate', 'validate every response against the OpenAPI specs');
  program.parse(argv);
  const o = program.opts<{ data: string; port: number; latency: number; validate?: boolean }>();
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) program.error('--port must be 0..65535');
  if (!Number.isInteger(o.latency) || o.latency < 0) program.error('--latency must be a non-negative integer');

  let site;
  try {
    site = loadSite(o.data);
  } catch (e) {
    if (e instanceof SiteFileError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const emulator = await startEmulator({ site, port: o.port, latencyMs: o.latency, validateResponses: o.validate === true });
  process.stdout.write(
    `Confluence emulator listening on ${emulator.url} (site: ${site.data.site.name}, ${emulator.state.content.size} pages and blog posts)\n`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv).catch((e: unknown) => {
  process.stderr.write(`emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
