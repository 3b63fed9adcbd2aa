import { readFileSync } from 'node:fs';

/**
 * Summarises a V8 `.cpuprofile` (written by `node --cpu-prof`) into self time per area of the scanner, so that a
 * missed time goal can be pinned on the client's JSON parsing, zod, the ledger, checkpoint serialisation, fetch or
 * the garbage collector.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Areas in the order they are tested: the first match wins. */
const AREAS: [string, (url: string, fn: string) => boolean][] = [
  ['idle', (_u, fn) => fn === '(idle)'],
  ['GC', (_u, fn) => fn === '(garbage collector)'],
  ['zod', (u) => u.includes('/node_modules/zod/')],
  ['fetch (undici)', (u) => u.includes('undici') || u.includes('node:internal/deps/undici')],
  ['bench instrumentation + JSON.parse', (u) => u.includes('/bench/')],
  ['ledger (classify.ts)', (u) => u.includes('/src/domain/exposure/')],
  ['scan job + shards', (u) => u.includes('/src/domain/audit/')],
  ['MemoryStore (structuredClone)', (u) => u.includes('/src/domain/ports')],
  ['client + content source', (u) => u.includes('/src/adapters/')],
  ['other app code', (u) => u.includes('/src/')],
  ['tsx loader', (u) => u.includes('/node_modules/tsx/')],
  ['node internals', (u) => u.startsWith('node:')],
  ['native / program', () => true],
];

/**
 * @returns total sampled time, self time per area (largest first, idle left out) and the top functions by self time
 * (ms).
 */
export function summariseCpuProfile(file: string, top = 12): { totalMs: number; areas: { area: string; ms: number }[]; top: { name: string; ms: number }[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const area = AREAS.find(([, test]) => test(url, functionName))?.[0] ?? 'native / program';
    if (area === 'idle') continue;
    totalUs += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const short = url.replace(/^.*\/(node_modules\/[^/]+|src|bench|tools)\//, '$1/');
    const name = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
    fns.set(name, (fns.get(name) ?? 0) + us);
  }
  const ms = (us: number) => us / 1000;
  return {
    totalMs: ms(totalUs),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: ms(us) })),
    top: [...fns]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: ms(us) })),
  };
}
