/**
 * Splitting checkpoint data into values that fit Forge's key-value store: each value must serialise to at most
 * 240 KiB of JSON (FORGE-NOTES.md, "Runtime limits"). We aim well below, for the envelope and for safety.
 */

/** Target size of one stored shard, in bytes of JSON. */
export const SHARD_BYTES = 200 * 1024;

/**
 * Splits `items` into consecutive groups whose JSON array form is at most `maxBytes` each (an item larger than
 * `maxBytes` on its own gets a group to itself, and the caller must not store it: see {@link assertFits}).
 * Order is kept; no group is empty.
 */
export function packShards<T>(items: readonly T[], maxBytes: number = SHARD_BYTES): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 2; // "[]"
  for (const item of items) {
    const itemBytes = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1; // plus a comma
    if (current.length > 0 && size + itemBytes > maxBytes) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += itemBytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Bytes of `value` as stored JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
