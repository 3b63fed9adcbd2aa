/**
 * Opaque, stable, tamper-evident cursors and keyset pagination over a sorted result list.
 *
 * A cursor carries the sort key of the item it continues from (not a position), so deleting or adding content between
 * two requests never duplicates or skips the remaining items: the next page starts at the first item whose key sorts
 * after the cursor's key (binary search, O(log n)). The payload is HMAC-signed; a forged, truncated or foreign cursor
 * is rejected (the server answers 400, as Confluence does for a bad cursor).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A sort key: one value per ORDER BY field, then the numeric id as a tiebreak. */
export type SortKey = readonly (string | number)[];
/** Direction per key component: 1 ascending, -1 descending. */
export type SortDirs = readonly (1 | -1)[];

/** What a cursor says. `q` binds it to one query; `d` is the direction (`n`ext/`p`rev); `p` is the page number. */
export interface CursorPayload {
  q: string;
  k: SortKey;
  d: 'n' | 'p';
  p: number;
}

/** Signs and verifies cursors with one secret (per emulator; derived from the site so cursors are reproducible). */
export class CursorCodec {
  private readonly secret: Buffer;
  constructor(secret: string) {
    this.secret = Buffer.from(secret, 'utf8');
  }

  /** Encodes a payload as `base64url(json).base64url(hmac[0..12])`. */
  encode(payload: CursorPayload): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** Decodes and verifies a cursor; null when malformed, forged or not a cursor of this emulator. */
  decode(token: string): CursorPayload | null {
    if (token.length > 4096) return null;
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const body = token.slice(0, dot);
    const sig = Buffer.from(token.slice(dot + 1), 'utf8');
    const want = Buffer.from(this.sign(body), 'utf8');
    if (sig.length !== want.length || !timingSafeEqual(sig, want)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<CursorPayload>;
      if (typeof p.q !== 'string' || !Array.isArray(p.k) || (p.d !== 'n' && p.d !== 'p') || typeof p.p !== 'number') return null;
      if (!p.k.every((v) => typeof v === 'string' || typeof v === 'number')) return null;
      return { q: p.q, k: p.k, d: p.d, p: p.p };
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, 12).toString('base64url');
  }
}

/** Compares two sort keys under the given directions. */
export function compareKeys(a: SortKey, b: SortKey, dirs: SortDirs): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
    return c * (dirs[i] ?? 1);
  }
  return a.length - b.length;
}

/** A sorted, immutable list of results with precomputed keys. */
export class SortedResult<T> {
  readonly items: readonly T[];
  readonly keys: readonly SortKey[];
  readonly dirs: SortDirs;
  /**
   * @param items the results (copied).
   * @param keyOf the sort key of an item; keys must be unique (end with the id).
   * @param presorted skip sorting: the caller guarantees `items` are already in key order.
   */
  constructor(items: readonly T[], keyOf: (item: T) => SortKey, dirs: SortDirs, presorted = false) {
    if (presorted) {
      this.items = items.slice();
      this.keys = this.items.map(keyOf);
    } else {
      const keyed = items.map((item) => ({ item, key: keyOf(item) }));
      keyed.sort((a, b) => compareKeys(a.key, b.key, dirs));
      this.items = keyed.map((k) => k.item);
      this.keys = keyed.map((k) => k.key);
    }
    this.dirs = dirs;
  }

  /** Index of the first item whose key sorts strictly after `key` (or at/after when `inclusive`). */
  indexAfter(key: SortKey, inclusive = false): number {
    let lo = 0;
    let hi = this.keys.length;
    for (let guard = 0; lo < hi && guard < 64; guard++) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(this.keys[mid]!, key, this.dirs);
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * One page: after the cursor key (`next`), before it (`prev`), or from the start. Returns the slice, its start
   * index, and the keys to continue from in each direction (null when there is nothing more that way).
   */
  page(cursor: { key: SortKey; dir: 'n' | 'p' } | null, limit: number): { items: T[]; start: number; nextKey: SortKey | null; prevKey: SortKey | null } {
    let start: number;
    let end: number;
    if (!cursor) {
      start = 0;
      end = Math.min(this.items.length, limit);
    } else if (cursor.dir === 'n') {
      start = this.indexAfter(cursor.key);
      end = Math.min(this.items.length, start + limit);
    } else {
      end = this.indexAfter(cursor.key, true);
      start = Math.max(0, end - limit);
    }
    return {
      items: this.items.slice(start, end),
      start,
      nextKey: end < this.items.length && end > start ? this.keys[end - 1]! : null,
      prevKey: start > 0 ? this.keys[start]! : null,
    };
  }
}
