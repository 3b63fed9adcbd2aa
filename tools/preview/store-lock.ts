import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * An exclusive, advisory lock on the preview's key-value store file, so two previews never share one store (each
 * would overwrite the other's settings and dismissals, and `--fresh` in one would delete the file under the other).
 *
 * The lock is `<store>.lock`, created with `O_CREAT | O_EXCL` (`fs.openSync(…, 'wx')`) and holding
 * `{"pid":…,"hostname":…,"startedAt":…}`. A lock whose process is no longer alive on this machine (a preview that
 * was killed) is stale and taken over. The lock is removed on release, and on process exit if it was not released.
 */

/** Another live process holds the store. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  constructor(
    /** The store file. */
    readonly file: string,
    /** The lock file. */
    readonly lockFile: string,
    /** The holder's pid, or null when the lock file could not be read (it is being written). */
    readonly pid: number | null,
  ) {
    super(`Another process${pid !== null ? ` (pid ${pid})` : ''} is using ${file} (lock ${lockFile})`);
  }
}

/** A held lock. */
export interface StoreLock {
  readonly file: string;
  readonly lockFile: string;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

interface LockContent {
  pid: number | null;
  hostname: string | null;
}

/** Lock files this process holds (a second lock on the same file in this process is refused too). */
const held = new Set<string>();
/** How long an unreadable (just created, not yet written) lock file counts as held. */
const UNREADABLE_GRACE_MS = 5_000;

/** The lock file of a store file. */
export function lockFileOf(storeFile: string): string {
  return `${path.resolve(storeFile)}.lock`;
}

/**
 * Takes the lock on `storeFile` (creating its folder), taking over a stale one.
 * @throws StoreLockedError when a live process holds it
 */
export function lockStore(storeFile: string): StoreLock {
  const file = path.resolve(storeFile);
  const lockFile = lockFileOf(file);
  if (held.has(lockFile)) throw new StoreLockedError(file, lockFile, process.pid);
  mkdirSync(path.dirname(file), { recursive: true });

  // A few attempts: each failed one removed a stale lock, so the next may succeed (or meet a newer, live holder).
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockFile, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(lockFile);
      if (holder === 'gone') continue; // released between our open and our read
      if (holder === 'unreadable') throw new StoreLockedError(file, lockFile, null);
      if (isAlive(holder)) throw new StoreLockedError(file, lockFile, holder.pid);
      removeIfUnchanged(lockFile, holder);
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() })}\n`);
    } finally {
      closeSync(fd);
    }
    return hold(file, lockFile);
  }
  const holder = readLock(lockFile);
  throw new StoreLockedError(file, lockFile, typeof holder === 'object' ? holder.pid : null);
}

function hold(file: string, lockFile: string): StoreLock {
  held.add(lockFile);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(lockFile);
    process.off('exit', release);
    const holder = readLock(lockFile);
    // Remove it only if it is still ours (someone may have removed it by hand and started another preview).
    if (typeof holder === 'object' && holder.pid === process.pid && (holder.hostname === null || holder.hostname === hostname())) {
      try {
        unlinkSync(lockFile);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', release);
  return { file, lockFile, release };
}

function readLock(lockFile: string): LockContent | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  const parsed = parseLock(text);
  if (parsed.pid !== null) return parsed;
  // Empty or garbled: being written right now, or left by a crash mid-write long ago.
  return lockAgeMs(lockFile) < UNREADABLE_GRACE_MS ? 'unreadable' : parsed;
}

function parseLock(text: string): LockContent {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), hostname: null };
  try {
    const value = JSON.parse(trimmed) as { pid?: unknown; hostname?: unknown };
    const pid = typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0 ? value.pid : null;
    return { pid, hostname: typeof value.hostname === 'string' ? value.hostname : null };
  } catch {
    return { pid: null, hostname: null };
  }
}

function lockAgeMs(lockFile: string): number {
  try {
    return Date.now() - statSync(lockFile).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Whether the lock's holder may still be running. A holder on another machine (a shared folder) counts as alive. */
function isAlive(holder: LockContent): boolean {
  if (holder.pid === null) return false;
  if (holder.hostname !== null && holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return false; // not in `held`: left by an earlier process that had our pid
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a stale lock, unless it changed since it was read (another process took it over meanwhile). */
function removeIfUnchanged(lockFile: string, seen: LockContent): void {
  const now = readLock(lockFile);
  if (typeof now !== 'object' || now.pid !== seen.pid || now.hostname !== seen.hostname) return;
  try {
    unlinkSync(lockFile);
  } catch {
    // removed by someone else
  }
}
