import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, type CliIo } from '../../src/cli/audit';
import type { ContentItemJson, SiteJson } from '../../tools/emulator';

/** The committed demo site file (loopback emulator format). */
export const DEMO_SITE = path.resolve(__dirname, '../../tools/emulator/sites/demo-site.json');

/** What one in-process run of the command printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `secure-confluence <argv>` in-process with captured streams, the given environment, and a clock whose
 * waits return at once (so retries and back-offs cost no test time).
 */
export async function cli(argv: string[], options: { env?: Record<string, string>; cwd?: string; network?: CliIo['network'] } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    clock: { now: () => Date.now(), sleep: async () => undefined, random: () => 0.5 },
    cwd: options.cwd ?? process.cwd(),
    ...(options.network ? { network: options.network } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'secure-confluence-cli-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a site file into `dir` and returns its path. */
export function writeSite(dir: string, name: string, site: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(site));
  return file;
}

/** Every content item of a site file's space, depth first. */
export function allItems(items: readonly ContentItemJson[] | undefined): ContentItemJson[] {
  return (items ?? []).flatMap((item) => [item, ...allItems(item.children)]);
}

/** A deep copy of a site file's JSON, to edit for one test. */
export function copySite(site: SiteJson): SiteJson {
  return structuredClone(site);
}
