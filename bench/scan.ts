import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AUDIT_EXPAND } from '../src/adapters/confluence/client';
import { spaceContentCql } from '../src/adapters/confluence/content-source';
import { confluencePath, nextLinkPath, withQuery } from '../src/adapters/confluence/path';
import { DEFAULT_SETTINGS } from '../src/domain/settings';
import { CURRENT_ONLY, GENERATED_APP_ID, SiteState, generateSite, parseSite, type SiteJson } from '../tools/emulator';
import { oracle } from '../tests/helpers/exposure-oracle';
import { cleanupOnExit, procStats, runWorker, startEmulatorProcess, type EmulatorProcess } from './children';
import type { Row } from './modules';
import { summariseCpuProfile } from './profile';
import type { NaiveWorkerResult, ScanWorkerResult, WorkerJob } from './scan-worker';
import { transpileGraph } from './transpile';

const ROOT = path.resolve(__dirname, '..');

/**
 * The scan benchmark: for spaces of 1k, 10k and 100k pages on the emulator with a fixed latency per request, the
 * exposure scan's requests against the lower bound ⌈N/L⌉, its wall time against requests × latency, the scanning
 * process's peak memory, the findings against the emulator's model, and the naive per-page method for comparison.
 *
 *   npm run bench -- --only scan [--sizes 1000,10000] [--latency 100] [--repeat 3] [--naive-sample 1000]
 *                                [--skip-naive] [--profile]
 *
 * Three processes: this driver (generates the site, computes the truth from the emulator's model, prints), the
 * emulator (`tools/emulator/main.ts` via tsx, its own process so its CPU and memory stay out of the measurement) and a
 * fresh scan worker per measurement (`bench/scan-worker.ts`, transpiled: `scanToCompletion` over `httpTransport` as
 * the app principal, checkpointing to a MemoryStore as the Forge consumer would). Each size is scanned `--repeat`
 * times by a warmed-up worker (the wall-time goal is judged on the median run, and the range is printed) and once by a
 * cold one (a first scan in a fresh process, printed without a goal). `--profile` writes a CPU profile of the first
 * warm scan and summarises it in the notes. Analysis: docs/benchmarks/scan-analysis.md.
 */

/** One table of a section. */
export interface Table {
  title: string;
  rows: Row[];
}

/** A section made of several tables and notes. */
export interface SectionReport {
  tables: Table[];
  notes: string[];
}

interface Options {
  sizes: number[];
  latencyMs: number;
  /** v1 search page cap set in the site file: the page size L the server serves. */
  pageCap: number;
  /** Restriction reads measured by the naive method where it is only estimated. */
  naiveSample: number;
  /** Sizes above this get the naive method estimated from a sample rather than run in full. */
  naiveFullUpTo: number;
  profile: boolean;
  /** Leave the naive method out (quicker iterations). */
  skipNaive: boolean;
  /** Warm scans per size; the wall-time goal is judged on the median one. */
  repeat: number;
}

const DEFAULTS: Options = { sizes: [1_000, 10_000, 100_000], latencyMs: 100, pageCap: 250, naiveSample: 500, naiveFullUpTo: 1_000, profile: false, skipNaive: false, repeat: 3 };
const GOAL_EXTRA_REQUESTS = 3;
const GOAL_WALL_RATIO = 1.15;
const GOAL_RSS_MB = 256;
const GOAL_RSS_AT = 100_000;
const CHECKPOINT_EVERY_MS = 10_000;
const MEMORY_SAMPLE_MS = 50;
const BLOGPOSTS_PER_PAGE = 0.02;
/** The page size the scan asks for (the server may serve less: L is what it served). */
const SCAN_PAGE_SIZE = 250;
/** Untimed full-size reads of the first search page a warm worker makes before measuring. */
const WORKER_WARM_UP_PAGES = 3;

function valueAfter(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

/** Reads the scan section's options from the command line. @throws Error on a malformed value */
export function scanOptions(argv: readonly string[]): Options {
  const o = { ...DEFAULTS };
  const sizes = valueAfter(argv, '--sizes');
  if (sizes !== undefined) {
    o.sizes = sizes.split(',').map((s) => Number(s.trim().replace(/k$/i, '000')));
    if (o.sizes.length === 0 || o.sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 1_000_000)) throw new Error(`--sizes takes page counts 10..1000000, e.g. 1000,10000 (got ${sizes})`);
  }
  const latency = valueAfter(argv, '--latency');
  if (latency !== undefined) {
    o.latencyMs = Number(latency);
    if (!Number.isInteger(o.latencyMs) || o.latencyMs < 1 || o.latencyMs > 1_000) throw new Error(`--latency takes 1..1000 ms (got ${latency})`);
  }
  const sample = valueAfter(argv, '--naive-sample');
  if (sample !== undefined) {
    o.naiveSample = Number(sample);
    if (!Number.isInteger(o.naiveSample) || o.naiveSample < 10) throw new Error(`--naive-sample takes an integer ≥ 10 (got ${sample})`);
  }
  const repeat = valueAfter(argv, '--repeat');
  if (repeat !== undefined) {
    o.repeat = Number(repeat);
    if (!Number.isInteger(o.repeat) || o.repeat < 1 || o.repeat > 9) throw new Error(`--repeat takes 1..9 warm scans per size (got ${repeat})`);
  }
  o.profile = argv.includes('--profile');
  o.skipNaive = argv.includes('--skip-naive');
  return o;
}

/** The generated site of one size: written to `file`, with the truth from the emulator's model. */
interface Fixture {
  file: string;
  space: { id: string; key: string };
  /** Pages and blog posts the app can see (current ones: what the scan reads). */
  visible: number;
  pages: number;
  blogposts: number;
  truth: { open: Set<string>; broad: Set<string>; restricted: Set<string> };
}

function buildFixture(dir: string, pages: number, pageCap: number): Fixture {
  const json: SiteJson = generateSite({ pages, spaces: 1, depth: 8, restrictedRatio: 0.1, seed: 1, blogposts: Math.round(pages * BLOGPOSTS_PER_PAGE) });
  json.site.pageCaps = { v1Search: pageCap, v2: 250 };
  // The app is in every group, so it sees group-restricted content (and must classify it as restricted); content
  // restricted to people only stays hidden from it, as it would on a real site.
  for (const group of json.groups ?? []) group.members = [...(group.members ?? []), GENERATED_APP_ID];
  const file = path.join(dir, `site-${pages}.json`);
  writeFileSync(file, JSON.stringify(json));
  const state = new SiteState(parseSite(json, file));
  const space = state.spaceList()[0];
  const app = state.getUser(state.app.accountId);
  if (!space || !app) throw new Error('The generated site has no space or no app account');
  const view = state.viewFor({ kind: 'app', user: app });
  let visible = 0;
  let blogposts = 0;
  for (const node of state.contentOfSpace(space)) {
    if (node.type === 'blogpost') blogposts += 1;
    if ((node.type === 'page' || node.type === 'blogpost') && view.canView(node, CURRENT_ONLY)) visible += 1;
  }
  return { file, space: { id: space.id, key: space.key }, visible, pages, blogposts, truth: oracle(state, space.id) };
}

/** Search pages the warm-up follows: the first, and a few by cursor (the emulator's code paths for later pages). */
const WARM_UP_PAGES = 3;

/**
 * Untimed warm-up of the emulator before the measurement: the scan's first search pages (it builds the query's
 * result list on the first, and compiles the cursor path on the next) and the naive method's listings.
 */
async function warmUp(url: string, fixture: Fixture): Promise<number> {
  const t0 = performance.now();
  const get = async (p: string): Promise<string> => {
    const res = await fetch(`${url}${p}`, { headers: { Authorization: 'Bearer emu-app', Accept: 'application/json' }, signal: AbortSignal.timeout(120_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`Warm-up request ${p} answered ${res.status}`);
    return text;
  };
  let search: string | null = withQuery(confluencePath`/wiki/rest/api/content/search`, { cql: spaceContentCql(fixture.space.key), limit: SCAN_PAGE_SIZE, expand: AUDIT_EXPAND });
  for (let i = 0; i < WARM_UP_PAGES && search !== null; i++) {
    const body = JSON.parse(await get(search)) as { _links?: { next?: string } };
    search = body._links?.next ? nextLinkPath(body._links.next) : null;
  }
  await get(withQuery(confluencePath`/wiki/api/v2/spaces/${fixture.space.id}/pages`, { limit: 250, status: 'current' }));
  await get(withQuery(confluencePath`/wiki/api/v2/spaces/${fixture.space.id}/blogposts`, { limit: 250, status: 'current' }));
  return performance.now() - t0;
}

/** One scan worker's result with the emulator's side of it. */
interface Measured {
  scan: ScanWorkerResult;
  /** The emulator's log of the requests it served during the scan. */
  log: LogRecord[];
  emulatorCpuMs: number | null;
  /** wall ÷ (requests × latency). */
  ratio: number;
}

interface LogRecord {
  path: string;
  at: number;
  workMs: number;
  cpuMs: number;
  status: number;
}

/** The emulator's own record of the requests it served in [from, to] (its log keeps the last 1,000). */
async function emulatorLog(url: string, from: number, to: number): Promise<LogRecord[]> {
  const res = await fetch(`${url}/__emulator/requests`, { signal: AbortSignal.timeout(30_000) });
  const all = (await res.json()) as LogRecord[];
  return all.filter((r) => r.at >= from && r.at <= to);
}

const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const setEquals = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

const size = (pages: number): string => `${pages.toLocaleString('en-GB')} pages`;

async function benchSize(pages: number, o: Options, dir: string, worker: string, notes: string[]): Promise<Table> {
  const began = performance.now();
  const load0 = os.loadavg()[0]!;
  const fixture = buildFixture(dir, pages, o.pageCap);
  const generateMs = performance.now() - began;
  const exposed = new Set([...fixture.truth.open, ...fixture.truth.broad]);
  const broadGroups = [...DEFAULT_SETTINGS.broadGroups];
  const goals: Row[] = [];
  const detail: Row[] = [];
  let emulator: EmulatorProcess | undefined;
  try {
    const e0 = performance.now();
    emulator = await startEmulatorProcess({ data: fixture.file, latencyMs: o.latencyMs });
    const emulatorStartMs = performance.now() - e0;
    const warmMs = await warmUp(emulator.url, fixture);

    // ---- The scan: scanToCompletion in its own process, `repeat` times warmed up and once cold.
    const profileDir = o.profile ? mkdtempSync(path.join(dir, 'prof-')) : null;
    const emu = emulator;
    const measure = async (warmUpPages: number, profile: boolean): Promise<Measured> => {
      const emu0 = procStats(emu.pid);
      const job: WorkerJob = { mode: 'scan', url: emu.url, space: fixture.space, broadGroups, pageSize: SCAN_PAGE_SIZE, checkpointEveryMs: CHECKPOINT_EVERY_MS, sampleEveryMs: MEMORY_SAMPLE_MS, warmUpPages };
      const result = await runWorker<ScanWorkerResult>(worker, job, { timeoutMs: 30 * 60_000, execArgv: ['--expose-gc', ...(profile && profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] });
      const emu1 = procStats(emu.pid);
      const log = await emulatorLog(emu.url, result.startedAt, result.endedAt);
      return { scan: result, log, emulatorCpuMs: emu0 && emu1 ? emu1.cpuMs - emu0.cpuMs : null, ratio: result.wallMs / (result.requests * o.latencyMs) };
    };
    const warmRuns: Measured[] = [];
    for (let i = 0; i < o.repeat; i++) warmRuns.push(await measure(WORKER_WARM_UP_PAGES, i === 0));
    const cold = await measure(0, false);
    const byRatio = [...warmRuns].sort((a, b) => a.ratio - b.ratio);
    const median = byRatio[Math.floor((byRatio.length - 1) / 2)]!;
    const { scan, log } = median;
    const all = [...warmRuns, cold];

    const L = scan.pageSize;
    const bound = Math.ceil(fixture.visible / L);
    const budget = scan.requests * o.latencyMs;
    const maxRequests = Math.max(...all.map((m) => m.scan.requests));
    const findingsOk = all.every((m) => new Set(m.scan.findingIds).size === m.scan.findingIds.length && setEquals(new Set(m.scan.findingIds), exposed));
    const maxRss = Math.max(...all.map((m) => m.scan.memory.maxRssMb));
    const runs = `${all.length} scans: ${warmRuns.length} warm, 1 cold`;
    goals.push({ what: 'items visible to the scanner, N (pages + blog posts)', value: fixture.visible, unit: 'items' });
    goals.push({ what: 'page size served, L (v1 search)', value: L, unit: 'items' });
    goals.push({ what: `scan: requests (most of ${runs})`, value: maxRequests, unit: 'requests', goal: `≤ ⌈N/L⌉ + ${GOAL_EXTRA_REQUESTS} = ${bound + GOAL_EXTRA_REQUESTS}`, ok: maxRequests <= bound + GOAL_EXTRA_REQUESTS });
    goals.push({ what: 'scan: wall time (median warm scan)', value: round(scan.wallMs / 1000, 2), unit: 's' });
    const range = warmRuns.length > 1 ? `; ${warmRuns.length} warm scans ${round(byRatio[0]!.ratio, 2)}–${round(byRatio[byRatio.length - 1]!.ratio, 2)}×` : '';
    goals.push({ what: `scan: wall time ÷ (requests × ${o.latencyMs} ms latency), median warm scan`, value: round(median.ratio, 2), unit: `×${range}`, goal: `≤ ${GOAL_WALL_RATIO}×`, ok: median.ratio <= GOAL_WALL_RATIO });
    goals.push({ what: 'scan: the same, first scan in a fresh process (the HTTP client, zod and the engine loaded and compiled during the scan)', value: round(cold.ratio, 2), unit: `× (${round(cold.scan.wallMs / 1000, 2)} s)` });
    const rssGoal = pages >= GOAL_RSS_AT ? { goal: `< ${GOAL_RSS_MB} MB`, ok: maxRss < GOAL_RSS_MB } : {};
    goals.push({ what: `scan: peak RSS of the scanning process (kernel maxRSS, highest of ${runs}; the goal)`, value: round(maxRss), unit: 'MB', ...rssGoal });
    goals.push({ what: `scan: findings (open + broad-group), compared id by id in each of ${runs}`, value: scan.findingIds.length, unit: 'items', goal: `= ${exposed.size} (emulator model)`, ok: findingsOk });

    // Memory and time, explained, for the median warm scan.
    detail.push({ what: `memory: peak RSS sampled every ${MEMORY_SAMPLE_MS} ms (process.memoryUsage)`, value: round(scan.memory.sampledPeakRssMb), unit: 'MB' });
    detail.push({ what: 'memory: RSS before scanning (Node and the loaded modules)', value: round(scan.memory.baselineRssMb), unit: 'MB' });
    detail.push({ what: 'memory: peak V8 heap used (sampled)', value: round(scan.memory.peakHeapUsedMb), unit: 'MB' });
    if (scan.memory.afterGc) detail.push({ what: 'memory: heap still live after the scan and a full GC (MemoryStore contents, returned findings)', value: round(scan.memory.afterGc.heapUsedMb), unit: 'MB' });
    detail.push({ what: 'memory: findings stored (JSON)', value: round(scan.store.findingBytes / 1024), unit: `KB in ${scan.store.findingShards} shards` });

    // Where the wall time goes. The scan reads ahead (the next search page is requested as soon as this one's bytes
    // are in), so waiting for a response overlaps decoding, parsing and classifying the previous one: the stages
    // below are not additive. What is not overlapped is the receiving of each body and the scanner's own CPU.
    const t = scan.times;
    const writeMs = scan.store.setMs + scan.store.deleteMs;
    const ms = (v: number) => ({ value: round(v), unit: `ms (${round((100 * v) / scan.wallMs)}% of wall)` });
    const work = log.filter((r) => r.path.endsWith('/content/search'));
    const workMs = sum(work.map((r) => r.workMs));
    detail.push({ what: 'read-ahead: search pages requested while the previous one was processed, used / wasted', value: scan.readAhead.used, unit: `used / ${scan.readAhead.wasted} wasted` });
    detail.push({ what: 'time: from sending to response headers (overlaps the scanner\'s work when read ahead)', ...ms(t.headersMs) });
    detail.push({ what: '… the latency (requests × latency)', ...ms(budget) });
    detail.push({ what: `… emulator work (its request log, ${work.length} searches; done within the latency unless longer)`, ...ms(workMs) });
    detail.push({ what: 'emulator: searches whose work took longer than the latency (answered late)', value: work.filter((r) => r.workMs > o.latencyMs).length, unit: `of ${work.length}` });
    detail.push({ what: 'time: reading bodies (loopback transfer)', ...ms(t.bodyMs) });
    // Requests never overlap one another (at most one read ahead), so their round trips (send → last body byte) add
    // up; what the wall time has beyond them is the scanner's own work that the read-ahead did not hide.
    const roundTripsMs = t.headersMs + t.bodyMs;
    detail.push({ what: 'time: wall ÷ Σ round trips (send → last body byte): the scanner\'s overhead beyond the network and server', value: round(scan.wallMs / roundTripsMs, 2), unit: '×' });
    detail.push({ what: 'time: mean round trip of a search (latency + writing and moving the body over loopback)', value: round(roundTripsMs / Math.max(1, t.requests), 1), unit: 'ms' });
    detail.push({ what: `time: checkpoint writes to the MemoryStore (${scan.store.jobCommits} commits, ${scan.store.sets} writes, JSON text)`, ...ms(writeMs) });
    detail.push({ what: `time: store reads (${scan.store.gets})`, ...ms(scan.store.getMs) });
    detail.push({ what: 'time: response bodies received', value: round(t.bodyChars / 2 ** 20, 1), unit: `MB (${round(t.bodyChars / 1024 / Math.max(1, scan.pages))} KB per result page)` });
    const overhead = (scan.wallMs - budget) / scan.requests;
    detail.push({ what: 'time: per request beyond the latency', value: round(overhead, 1), unit: 'ms' });
    detail.push({ what: `time: latency at which that would be ${round((GOAL_WALL_RATIO - 1) * 100)}% (the goal met)`, value: round(overhead / (GOAL_WALL_RATIO - 1)), unit: 'ms' });
    detail.push({ what: 'CPU: scanning process', value: round(scan.cpuMs), unit: `ms (${round(scan.cpuMs / scan.requests, 1)} ms per request)` });
    // Without the read-ahead each request would cost its latency and then the scanner's CPU, one after the other:
    // this is what the read-ahead saves. CPU times change less with the machine's load.
    detail.push({ what: 'CPU estimate without read-ahead: (requests × latency + scanner CPU) ÷ (requests × latency)', value: round((budget + scan.cpuMs) / budget, 2), unit: '×' });
    if (median.emulatorCpuMs !== null) detail.push({ what: 'CPU: emulator process', value: round(median.emulatorCpuMs), unit: `ms (${round(median.emulatorCpuMs / scan.requests, 1)} ms per request)` });

    if (profileDir) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        const summary = summariseCpuProfile(path.join(profileDir, file));
        notes.push(`CPU profile of the first warm ${size(pages)} scan (self time by area, ${round(summary.totalMs)} ms sampled): ${summary.areas.map((a) => `${a.area} ${round(a.ms)} ms`).join(', ')}. Top functions: ${summary.top.map((f) => `${f.name} ${round(f.ms)} ms`).join('; ')}.`);
      }
    }

    // ---- The naive method: v2 listing + one restriction read per item, one after the other.
    if (!o.skipNaive) {
      const full = pages <= o.naiveFullUpTo;
      const naiveJob: WorkerJob = { mode: 'naive', url: emulator.url, space: fixture.space, broadGroups, sample: full ? null : o.naiveSample, maxItems: fixture.pages + fixture.blogposts, sampleEveryMs: MEMORY_SAMPLE_MS };
      const naive = await runWorker<NaiveWorkerResult>(worker, naiveJob, { timeoutMs: 60 * 60_000 });
      const n = naive.outcome;
      const perRead = n.restrictionMs / Math.max(1, n.restrictionRequests);
      const naiveRequests = n.listingRequests + n.items;
      const naiveWallMs = full ? naive.wallMs : n.listingMs + n.items * perRead;
      const how = full ? '' : ` — estimated: listing measured, ${n.restrictionRequests} of ${n.items} restriction reads measured`;
      goals.push({ what: `naive: requests (${n.items} items listed${how})`, value: naiveRequests, unit: 'requests' });
      goals.push({ what: `naive: wall time${how}`, value: round(naiveWallMs / 1000, 1), unit: 's' });
      goals.push({ what: 'naive ÷ scan: requests', value: round(naiveRequests / scan.requests), unit: '×' });
      goals.push({ what: 'naive ÷ scan: wall time', value: round(naiveWallMs / scan.wallMs, 1), unit: '×' });
      if (n.exposedIds) {
        goals.push({ what: 'naive: findings (open + broad-group), compared id by id', value: n.exposedIds.length, unit: 'items', goal: `= ${exposed.size} (emulator model)`, ok: setEquals(new Set(n.exposedIds), exposed) });
      }
      detail.push({ what: 'naive: one restriction read, median / p95', value: round(quantile(n.perRestrictionMs, 0.5), 1), unit: `ms / ${round(quantile(n.perRestrictionMs, 0.95), 1)} ms` });
    }
    detail.push({ what: 'benchmark time for this size (generate, start emulator, warm up, measure)', value: round((performance.now() - began) / 1000, 1), unit: 's' });
    notes.push(
      `${size(pages)}: load average ${round(load0, 1)} before, ${round(os.loadavg()[0]!, 1)} after; site generated and checked in ${round(generateMs / 1000, 1)} s (${fixture.pages} pages, ${fixture.blogposts} blog posts, ${fixture.visible} visible to the app); emulator started in ${round(emulatorStartMs / 1000, 1)} s; untimed warm-up of the emulator (the scan's first ${WARM_UP_PAGES} search pages and the naive method's listings) ${round(warmMs)} ms.`,
    );
    return { title: size(pages), rows: [...goals, ...detail] };
  } finally {
    await emulator?.stop();
  }
}

/** The `scan` section: one table per size. */
export async function scanBench(argv: readonly string[] = process.argv): Promise<SectionReport> {
  const o = scanOptions(argv);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secure-confluence-bench-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const release = cleanupOnExit(removeDir);
  const worker = transpileGraph(ROOT, path.join(__dirname, 'scan-worker.ts'), path.join(dir, 'worker'));
  const tables: Table[] = [];
  const notes: string[] = [
    `Emulator in its own process with --latency ${o.latencyMs} (each answer leaves that long after its request arrived; the emulator builds it meanwhile, as a real server's response time includes its work), v1 search page cap raised to ${o.pageCap} in the site file (L is what the server served). Sites: generateSite({pages, spaces: 1, depth: 8, restrictedRatio: 0.1, seed: 1, blogposts: ${BLOGPOSTS_PER_PAGE * 100}% of pages}); the app is added to every group, so it sees group-restricted content but not content restricted to people only.`,
    `Scan: scanToCompletion (one slice; checkpoints to a MemoryStore every ${CHECKPOINT_EVERY_MS / 1000} s, and every 10 result pages by the engine's default, as the Forge consumer does) with ConfluenceClient over httpTransport as the app (Bearer emu-app), in a fresh process per measurement: ${o.repeat} warm (before measuring, the worker reads the first search page ${WORKER_WARM_UP_PAGES} times untimed, so the HTTP client is connected and the JIT has compiled the client, as in a Forge runtime after its first invocation) and 1 cold. Memory goal judged on the kernel's peak RSS of that process (process.resourceUsage().maxRSS), which includes Node, the loaded modules and the MemoryStore's copy of every checkpoint; heap figures are for explanation.`,
    `Reading the figures: wall times depend on the machine's load (other processes share its cores; load averages below), CPU times much less. The cold scan pays for start-up within its few requests at 1k and 10k pages (connecting, compiling the client, zod and the engine); the warm scans show the scanner's steady cost. Checkpoints go to an in-process MemoryStore: on Forge each commit is a few KVS round trips, which this does not measure. Analysis and proposals: docs/benchmarks/scan-analysis.md.`,
    `Findings are checked id by id against the emulator's model (tests/helpers/exposure-oracle.ts over SiteState). The naive method lists pages and blog posts with v2 (limit 250) and reads each item's restriction/byOperation/read one after the other; above ${o.naiveFullUpTo.toLocaleString('en-GB')} pages it is estimated from the measured listing and ${o.naiveSample} evenly spread restriction reads.`,
  ];
  try {
    for (const pages of o.sizes) {
      process.stderr.write(`scan bench: ${pages} pages…\n`);
      tables.push(await benchSize(pages, o, dir, worker, notes));
    }
  } finally {
    removeDir();
    release();
  }
  const rss = (args: string[]) => Number(spawnSync(process.execPath, [...args, '-e', 'process.stdout.write(String(process.memoryUsage().rss))'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }).stdout) / 2 ** 20;
  notes.push(`The scan worker runs as plain JavaScript (its modules transpiled one by one with esbuild, as deployed code would be), not through tsx, whose loader alone takes RSS from ${round(rss([]))} MB (bare Node) to ${round(rss(['--import', 'tsx']))} MB here.`);
  return { tables, notes };
}
