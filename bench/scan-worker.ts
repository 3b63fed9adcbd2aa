/**
 * The scanning process of the scan benchmark (`bench/scan.ts` forks it, once per measurement, so that its memory and
 * CPU are its own: the emulator and the benchmark driver run in other processes). It receives one {@link WorkerJob}
 * over IPC, runs it against the emulator URL it is given (loopback only), answers with the result and exits.
 *
 * Only the scanner's own modules are loaded here (no emulator code), so the process holds what a scanning process
 * would hold.
 */
import { ConfluenceClient, type ConfluenceTransport, type HttpResponse } from '../src/adapters/confluence/client';
import { httpTransport } from '../src/adapters/http/http-transport';
import { searchContentSource } from '../src/adapters/confluence/content-source';
import { MemoryStore, type KeyValueStore } from '../src/domain/ports';
import { readFindings, scanKeys, type LatestScan } from '../src/domain/audit/scan-job';
import { scanToCompletion } from '../src/services/local-scan';
import { naiveScan, type NaiveOutcome } from './naive-scan';

/** The emulator's app principal (`APP_BEARER` in tools/emulator/server.ts; not imported, to keep emulator code out of this process). */
const APP_AUTHORIZATION = 'Bearer emu-app';

export type WorkerJob =
  | {
      mode: 'scan';
      url: string;
      space: { id: string; key: string };
      broadGroups: string[];
      pageSize: number;
      checkpointEveryMs: number;
      sampleEveryMs: number;
      /** Untimed reads of the first search page (full size) before measuring; 0 measures a cold process. */
      warmUpPages: number;
    }
  | { mode: 'naive'; url: string; space: { id: string; key: string }; broadGroups: string[]; sample: number | null; maxItems: number; sampleEveryMs: number };

/** Memory of this process over a measurement, in MB (2^20 bytes). */
export interface MemoryReport {
  /** RSS just before the measurement started (Node, tsx and the loaded modules). */
  baselineRssMb: number;
  /** Highest RSS seen by sampling `process.memoryUsage()` during the measurement. */
  sampledPeakRssMb: number;
  /** `process.resourceUsage().maxRSS` at the end of the measurement: the kernel's high-water mark of this process. */
  maxRssMb: number;
  peakHeapUsedMb: number;
  peakHeapTotalMb: number;
  peakExternalMb: number;
  samples: number;
  /** After the measurement and a full GC (when run with --expose-gc): what stays live (store contents, results). */
  afterGc: { heapUsedMb: number; rssMb: number } | null;
}

/** Time spent per stage of the client's requests, in ms, summed over the measurement. */
export interface RequestTimes {
  requests: number;
  /** From sending to the response headers: the emulator's latency and work, and the loopback. */
  headersMs: number;
  /** Reading the body to a string. */
  bodyMs: number;
  /** `JSON.parse` of the bodies. */
  parseMs: number;
  /** The rest of `ConfluenceClient.json`: zod validation (and retry waits, if any). */
  validateMs: number;
  /** Characters of response bodies. */
  bodyChars: number;
}

export interface ScanWorkerResult {
  startedAt: number;
  endedAt: number;
  wallMs: number;
  /** CPU time of this process during the scan (user + system). */
  cpuMs: number;
  requests: number;
  retries: number;
  pages: number;
  /** The page size the server served (the scan adopts it). */
  pageSize: number;
  counts: { open: number; broadGroup: number; restricted: number; seen: number; pending: number };
  findingIds: string[];
  /** Search pages the scan read ahead and used, and read ahead in vain (src/adapters/confluence/content-source.ts). */
  readAhead: { used: number; wasted: number };
  times: RequestTimes;
  store: { setMs: number; sets: number; getMs: number; gets: number; deleteMs: number; jobCommits: number; findingShards: number; findingBytes: number };
  memory: MemoryReport;
}

export interface NaiveWorkerResult {
  outcome: NaiveOutcome;
  wallMs: number;
  requests: number;
  retries: number;
  times: RequestTimes;
  memory: MemoryReport;
}

const MB = 2 ** 20;

/** Samples this process's memory every `everyMs` until stopped. */
function memorySampler(everyMs: number): { stop(): MemoryReport } {
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, heapUsed: baseline.heapUsed, heapTotal: baseline.heapTotal, external: baseline.external };
  let samples = 0;
  const take = (): void => {
    const m = process.memoryUsage();
    samples += 1;
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
  };
  const timer = setInterval(take, everyMs);
  return {
    stop(): MemoryReport {
      take();
      clearInterval(timer);
      return {
        baselineRssMb: baseline.rss / MB,
        sampledPeakRssMb: peak.rss / MB,
        maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
        peakHeapUsedMb: peak.heapUsed / MB,
        peakHeapTotalMb: peak.heapTotal / MB,
        peakExternalMb: peak.external / MB,
        samples,
        afterGc: null,
      };
    },
  };
}

/** Wraps a transport to time each stage of every request (see {@link RequestTimes}). */
function timedTransport(inner: ConfluenceTransport, times: RequestTimes): ConfluenceTransport {
  return {
    async request(method, path, body) {
      const t0 = performance.now();
      const res = await inner.request(method, path, body);
      times.requests += 1;
      times.headersMs += performance.now() - t0;
      const read = async (): Promise<string> => {
        const b0 = performance.now();
        const text = await res.text();
        times.bodyMs += performance.now() - b0;
        times.bodyChars += text.length;
        return text;
      };
      const wrapped: HttpResponse = {
        ok: res.ok,
        status: res.status,
        headers: res.headers,
        text: read,
        ...(res.arrayBuffer
          ? {
              arrayBuffer: async (): Promise<ArrayBuffer> => {
                const b0 = performance.now();
                const bytes = await res.arrayBuffer!();
                times.bodyMs += performance.now() - b0;
                times.bodyChars += bytes.byteLength;
                return bytes;
              },
            }
          : {}),
        json: async () => {
          const text = await read();
          const p0 = performance.now();
          const value: unknown = JSON.parse(text);
          times.parseMs += performance.now() - p0;
          return value;
        },
      };
      return wrapped;
    },
  };
}

/** A client whose `json()` is timed as a whole, so that validation = whole − (headers + body + parse). */
function timedClient(transport: ConfluenceTransport, times: RequestTimes): ConfluenceClient {
  const client = new ConfluenceClient(transport);
  const json = client.json.bind(client);
  client.json = (async (...args: Parameters<typeof json>) => {
    const before = times.headersMs + times.bodyMs + times.parseMs;
    const t0 = performance.now();
    try {
      return await json(...args);
    } finally {
      const whole = performance.now() - t0;
      times.validateMs += Math.max(0, whole - (times.headersMs + times.bodyMs + times.parseMs - before));
    }
  }) as typeof client.json;
  return client;
}

/** A {@link MemoryStore} with timing, as the checkpoint target (what the Forge consumer writes to KVS). */
class TimedStore implements KeyValueStore {
  readonly inner = new MemoryStore();
  readonly t = { setMs: 0, sets: 0, getMs: 0, gets: 0, deleteMs: 0, jobCommits: 0 };
  constructor(private readonly jobKey: string) {}
  // MemoryStore does its work (JSON text) synchronously inside each call, so only that part is timed: the
  // scan reads shards eight at a time with Promise.all, and timing the awaits would count each clone several times.
  get(key: string): Promise<unknown> {
    const t0 = performance.now();
    const value = this.inner.get(key);
    this.t.getMs += performance.now() - t0;
    this.t.gets += 1;
    return value;
  }
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const t0 = performance.now();
    const done = this.inner.set(key, value, ttlSeconds);
    this.t.setMs += performance.now() - t0;
    this.t.sets += 1;
    if (key === this.jobKey) this.t.jobCommits += 1;
    return done;
  }
  delete(key: string): Promise<void> {
    const t0 = performance.now();
    const done = this.inner.delete(key);
    this.t.deleteMs += performance.now() - t0;
    return done;
  }
  setIfAbsent(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    return this.inner.setIfAbsent(key, value, ttlSeconds);
  }
  list(prefix: string, cursor: string | null, limit: number): ReturnType<KeyValueStore['list']> {
    return this.inner.list(prefix, cursor, limit);
  }
}

/** Collects garbage (if exposed) and reports what is still live; call after the measurement. */
function liveAfterGc(): MemoryReport['afterGc'] {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  const m = process.memoryUsage();
  return { heapUsedMb: m.heapUsed / MB, rssMb: m.rss / MB };
}

const newTimes = (): RequestTimes => ({ requests: 0, headersMs: 0, bodyMs: 0, parseMs: 0, validateMs: 0, bodyChars: 0 });

async function runScan(job: Extract<WorkerJob, { mode: 'scan' }>): Promise<ScanWorkerResult> {
  const times = newTimes();
  const http = httpTransport({ baseUrl: job.url, authorization: APP_AUTHORIZATION });
  const client = timedClient(timedTransport(http, times), times);
  // Untimed warm-up in this fresh process: the first search page, full size, through the same code (the HTTP
  // client and its connection, decoding, zod, mapping) until the JIT has compiled it, so the measurement is of a
  // warm scanner, as a Forge consumer's runtime is after its first invocation. Not counted in requests. With 0 pages
  // the measurement includes all of that start-up (the benchmark's "cold process" row).
  const warm = searchContentSource(new ConfluenceClient(http), job.space.key);
  for (let i = 0; i < job.warmUpPages; i++) await warm.page(null, job.pageSize);
  const store = new TimedStore(scanKeys.job(job.space.id));
  const sampler = memorySampler(job.sampleEveryMs);
  const cpu0 = process.cpuUsage();
  const startedAt = Date.now();
  const t0 = performance.now();
  const { job: done, readAhead } = await scanToCompletion({
    client,
    store,
    space: job.space,
    broadGroups: job.broadGroups,
    pageSize: job.pageSize,
    checkpointEveryMs: job.checkpointEveryMs,
    readBack: false, // the Forge consumer never reads findings back either; the check below does, after measuring
  });
  const wallMs = performance.now() - t0;
  const endedAt = Date.now();
  const cpu = process.cpuUsage(cpu0);
  const memory = sampler.stop();
  memory.afterGc = liveAfterGc();
  const latest = (await store.inner.get(scanKeys.latest(job.space.id))) as LatestScan;
  const findings = await readFindings(store.inner, job.space.id, latest);
  // Size of what the scan stored (after the measurement: serialising it is not part of the scan).
  let findingBytes = 0;
  for (let i = 0; i < done.findingShards; i++) findingBytes += Buffer.byteLength(JSON.stringify(await store.inner.get(scanKeys.findings(job.space.id, done.jobId, i))));
  return {
    startedAt,
    endedAt,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    requests: client.stats.requests,
    retries: client.stats.retries,
    pages: done.pages,
    pageSize: done.pageSize,
    counts: done.counts,
    findingIds: findings.map((f) => f.i),
    readAhead,
    times,
    store: { ...store.t, findingShards: done.findingShards, findingBytes },
    memory,
  };
}

async function runNaive(job: Extract<WorkerJob, { mode: 'naive' }>): Promise<NaiveWorkerResult> {
  const times = newTimes();
  const client = timedClient(timedTransport(httpTransport({ baseUrl: job.url, authorization: APP_AUTHORIZATION }), times), times);
  const sampler = memorySampler(job.sampleEveryMs);
  const t0 = performance.now();
  const outcome = await naiveScan(client, job.space.id, job.broadGroups, { sample: job.sample, maxItems: job.maxItems });
  const wallMs = performance.now() - t0;
  const memory = sampler.stop();
  memory.afterGc = liveAfterGc();
  return { outcome, wallMs, requests: client.stats.requests, retries: client.stats.retries, times, memory };
}

function main(): void {
  // If the benchmark goes away, so does this process.
  process.on('disconnect', () => process.exit(2));
  process.once('message', (job: WorkerJob) => {
    const host = new URL(job.url).hostname;
    const work =
      host !== '127.0.0.1' && host !== 'localhost'
        ? Promise.reject(new Error(`Refusing a non-loopback emulator URL: ${job.url}`))
        : job.mode === 'scan' ? runScan(job) : runNaive(job);
    work.then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1)),
    );
  });
}

if (require.main === module) main();
