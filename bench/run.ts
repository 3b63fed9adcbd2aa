import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moduleBench, type Row } from './modules';
import { scanBench, type SectionReport } from './scan';

/**
 * `npm run bench`: measures what the goals are about, never by timed tests. Prints a table; with `--record`
 * also writes `docs/benchmarks/<section>.md` with the machine and date (`--record-as <name>`: `<name>.md`).
 * Sections: `modules` (request counts of per-view modules, bundle sizes), `scan` (the exposure scan on 1k, 10k and
 * 100k pages: requests, wall time, memory, against the naive per-page method; see bench/scan.ts).
 * `--only scan` (or `--only modules,scan`) runs some sections; the scan section also takes `--sizes 1000,10000`,
 * `--latency <ms>`, `--profile` and more (bench/scan.ts).
 */
function table(rows: Row[]): string {
  const lines = ['| measure | value | goal | met |', '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.what} | ${r.value} ${r.value === 1 ? r.unit.replace(/([a-z]{2})s$/, '$1') : r.unit} | ${r.goal ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** A section's output as Markdown: one table, or several titled tables with notes. */
function render(result: Row[] | SectionReport): string {
  if (Array.isArray(result)) return table(result);
  const parts = result.tables.map((t) => `### ${t.title}\n\n${table(t.rows)}`);
  if (result.notes.length > 0) parts.push(result.notes.map((n) => `- ${n}`).join('\n'));
  return parts.join('\n\n');
}

async function main(): Promise<void> {
  const record = process.argv.includes('--record');
  // `--record-as scan-300ms` records under another name, so a run with other options does not replace the main one.
  const recordAsAt = process.argv.indexOf('--record-as');
  const recordAs = recordAsAt >= 0 ? (process.argv[recordAsAt + 1] ?? '') : null;
  if (recordAs !== null && !/^[a-z0-9][a-z0-9-]{0,40}$/.test(recordAs)) throw new Error('--record-as takes a file name like scan-300ms (letters, digits, hyphens)');
  const sections: [string, () => Promise<Row[] | SectionReport>][] = [
    ['modules', moduleBench],
    ['scan', () => scanBench(process.argv)],
  ];
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter((n) => n !== '') : null;
  const unknown = (only ?? []).filter((n) => !sections.some(([name]) => name === n));
  if (only?.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${sections.map(([n]) => n).join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  for (const [name, run] of sections) {
    if (only && !only.includes(name)) continue;
    const text = render(await run());
    process.stdout.write(`\n## ${name}\n\n${text}\n`);
    if (record || recordAs !== null) {
      const dir = path.resolve(__dirname, '..', 'docs', 'benchmarks');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${recordAs ?? name}.md`), `# Benchmark: ${name}\n\nMeasured ${new Date().toISOString()} on ${machine()} with \`npm run bench -- ${process.argv.slice(2).join(' ')}\`.\n\n${text}\n`);
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
