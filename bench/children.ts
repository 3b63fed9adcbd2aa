import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Child processes of the benchmarks (the emulator, the scan worker): started with tsx, tracked, and killed when
 * the benchmark ends — normally, on an error, or on Ctrl-C / SIGTERM. Nothing here listens beyond 127.0.0.1.
 */

const ROOT = path.resolve(__dirname, '..');
const live = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
let installed = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of live) {
    if (running(child)) child.kill(signal);
  }
}

/** Kills every tracked child when this process exits or is interrupted. Idempotent. */
function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    killAll('SIGKILL');
    for (const cleanup of cleanups) {
      try {
        cleanup();
      } catch {
        // best effort on the way out
      }
    }
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: stopping the benchmark's child processes\n`);
      killAll('SIGTERM');
      process.exit(code);
    });
  }
}

/**
 * Runs `cleanup` (synchronous, e.g. removing a temp dir) if this process exits before `release` is called.
 * @returns release: forget the cleanup (call it after cleaning up normally)
 */
export function cleanupOnExit(cleanup: () => void): () => void {
  installExitHandlers();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

function track(child: ChildProcess): ChildProcess {
  installExitHandlers();
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Resolves true once the child has exited, or false after `ms`. */
async function exitedWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (!running(child)) return true;
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    new Promise<boolean>((resolve) => child.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  if (timer) clearTimeout(timer);
  return exited || !running(child);
}

/** Asks a child to stop (SIGTERM), waits up to `ms`, then kills it hard. */
export async function stopChild(child: ChildProcess, ms = 5_000): Promise<void> {
  if (!running(child)) return;
  child.kill('SIGTERM');
  if (await exitedWithin(child, ms)) return;
  child.kill('SIGKILL');
  await exitedWithin(child, ms);
}

/** CPU time (user + system, ms) and peak RSS (MB) of a live child, from /proc (Linux); null elsewhere. */
export function procStats(pid: number | undefined): { cpuMs: number; peakRssMb: number } | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12] = utime, stime (fields 14 and 15 of proc(5)), in clock ticks (100 Hz on Linux).
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuMs, peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN };
  } catch {
    return null;
  }
}

/** A Confluence emulator running in its own process (`tools/emulator/main.ts` via tsx). */
export interface EmulatorProcess {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts `tools/emulator/main.ts --data <file> --port 0 --latency <ms>` in a child process and waits for the URL it
 * prints.
 * @throws Error when it exits first, prints no URL within `startupMs`, or listens anywhere but the loopback address
 */
export async function startEmulatorProcess(opts: { data: string; latencyMs: number; startupMs?: number }): Promise<EmulatorProcess> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tools', 'emulator', 'main.ts'), '--data', opts.data, '--port', '0', '--latency', String(opts.latencyMs)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`The emulator printed no URL within ${opts.startupMs ?? 120_000} ms:\n${output}`)), opts.startupMs ?? 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 100_000) output = output.slice(-100_000);
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m[1].replace(/\/+$/, ''));
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`The emulator exited (${code}) before listening:\n${output}`));
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') {
    await stopChild(child);
    throw new Error(`The emulator listens on ${url}, not on the loopback address`);
  }
  return { url, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * Runs the scan worker (`bench/scan-worker.ts`, transpiled to `script`: see bench/transpile.ts) with plain Node in a
 * fresh process, sends it `message`, and resolves with the one message it sends back.
 * @param execArgv extra Node options (e.g. `--cpu-prof`)
 * @throws Error when the worker fails, exits without answering, or takes longer than `timeoutMs`
 */
export async function runWorker<T>(script: string, message: unknown, opts: { execArgv?: string[]; timeoutMs: number }): Promise<T> {
  const child = track(
    fork(script, [], {
      cwd: ROOT,
      execArgv: opts.execArgv ?? [],
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    return await new Promise<T>((resolve, reject) => {
      let answered = false;
      const timer = setTimeout(() => reject(new Error(`The scan worker took longer than ${opts.timeoutMs} ms`)), opts.timeoutMs);
      child.once('message', (reply: { ok: true; result: T } | { ok: false; error: string }) => {
        answered = true;
        clearTimeout(timer);
        if (reply.ok) resolve(reply.result);
        else reject(new Error(`The scan worker failed: ${reply.error}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!answered) reject(new Error(`The scan worker exited (${code ?? signal}) without a result`));
      });
      child.send(message as object);
    });
  } finally {
    // The worker exits by itself after answering (writing its CPU profile, if any); stop it only if it does not.
    if (!(await exitedWithin(child, 30_000))) await stopChild(child);
  }
}
