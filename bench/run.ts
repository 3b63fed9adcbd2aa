import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moduleBench, type Row } from './modules';

/**
 * `npm run bench`: measures what the goals are about, never by timed tests. Prints a table; with `--record`
 * also writes `docs/benchmarks/<section>.md` with the machine and date.
 * Sections: `modules` (request counts of per-view modules, bundle sizes).
 */
function table(rows: Row[]): string {
  const lines = ['| measure | value | goal | met |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.what} | ${r.value} ${r.value === 1 ? r.unit.replace(/s$/, "") : r.unit} | ${r.goal ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  const record = process.argv.includes('--record');
  const sections: [string, () => Promise<Row[]>][] = [['modules', moduleBench]];
  for (const [name, run] of sections) {
    const rows = await run();
    const text = table(rows);
    process.stdout.write(`\n## ${name}\n\n${text}\n`);
    if (record) {
      const dir = path.resolve(__dirname, '..', 'docs', 'benchmarks');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${name}.md`), `# Benchmark: ${name}\n\nMeasured ${new Date().toISOString()} on ${machine()} with \`npm run bench -- --record\`.\n\n${text}\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
