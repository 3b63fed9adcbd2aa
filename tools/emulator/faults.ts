/**
 * Faults on demand: latency, rate limiting (429 + Retry-After), bursts of 5xx, expired cursors, GraphQL refusals and
 * content deleted between two result pages. Deterministic: counters are exact and the only randomness (`probability`,
 * the random choice of content to delete) comes from a PRNG seeded with `seed` (default 1).
 *
 * Set them in-process with `emulator.faults.set({...})` or over HTTP with `POST /__emulator/faults` and the same JSON.
 * `set` merges: a key set to `null` is cleared; `reset()` (or `POST /__emulator/reset`) clears everything.
 */
import { z } from 'zod';
import type { ContentNode, SiteState } from './model';
import { seededRandom } from './random';

const countSchema = z.number().int().min(0).max(1_000_000);

/** The JSON shape accepted by `faults.set` and `POST /__emulator/faults`. */
export const faultSettingsSchema = z.strictObject({
  /** Extra latency in ms added to every matching API request (on top of the `latencyMs` start option). */
  latencyMs: z.number().int().min(0).max(60_000).nullable().optional(),
  /** Only requests whose path starts with this prefix are affected (e.g. `/wiki/rest/api/content/search`). */
  pathPrefix: z.string().startsWith('/').nullable().optional(),
  /** Seed of the PRNG behind `probability` and random deletions (default 1). Setting it restarts the sequence. */
  seed: z.number().int().nullable().optional(),
  /** Answer 429 (or 503) with `Retry-After`: to the next `next` requests, every `everyNth`, or with a probability. */
  rateLimit: z
    .strictObject({
      next: countSchema.optional(),
      everyNth: z.number().int().min(1).optional(),
      probability: z.number().min(0).max(1).optional(),
      retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
      status: z.union([z.literal(429), z.literal(503)]).default(429),
    })
    .nullable()
    .optional(),
  /** Answer 5xx: to the next `next` requests, every `everyNth`, or with a probability. */
  serverErrors: z
    .strictObject({
      next: countSchema.optional(),
      everyNth: z.number().int().min(1).optional(),
      probability: z.number().min(0).max(1).optional(),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(500),
    })
    .nullable()
    .optional(),
  /** The next `next` (default 1) requests that carry a `cursor` answer 400 as if the cursor had expired. */
  invalidCursor: z
    .strictObject({ next: countSchema.default(1) })
    .nullable()
    .optional(),
  /** GraphQL answers `{errors:[{message, extensions:{statusCode}}]}` (default 403) until cleared. */
  graphqlRefused: z
    .union([z.boolean(), z.strictObject({ message: z.string().default('Forbidden'), statusCode: z.number().int().default(403) })])
    .nullable()
    .optional(),
  /**
   * After the `afterPage`-th page (1-based) of a paginated content listing is served, trash `contentId`, or a random
   * not-yet-served item of that listing. One-shot. Deleted ids are recorded in `faults.deleted`.
   */
  deleteBetweenPages: z
    .strictObject({
      afterPage: z.number().int().min(1),
      contentId: z.string().regex(/^\d+$/).optional(),
      withDescendants: z.boolean().default(false),
    })
    .nullable()
    .optional(),
});

/** Fault settings (see {@link faultSettingsSchema} for each field). */
export type FaultSettings = z.input<typeof faultSettingsSchema>;
type Normalized = z.output<typeof faultSettingsSchema>;

/** A fault decision for one request. */
export type FaultDecision =
  { kind: 'rateLimit'; status: 429 | 503; retryAfterSeconds: number } | { kind: 'serverError'; status: 500 | 502 | 503 | 504 } | { kind: 'invalidCursor' };

/** The fault controller of one emulator. */
export class Faults {
  private s: Normalized = {};
  private random = seededRandom(1).next;
  private rateSeen = 0;
  private errorSeen = 0;
  /** Ids trashed by `deleteBetweenPages`, in order. */
  readonly deleted: string[] = [];

  /**
   * Merges settings into the current ones (a key set to `null` is cleared).
   * @throws Error naming the bad field when the settings do not match {@link faultSettingsSchema}.
   */
  set(settings: FaultSettings): void {
    const parsed = faultSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new Error(`invalid fault settings: ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    for (const [k, v] of Object.entries(parsed.data) as [keyof Normalized, unknown][]) {
      if (v === null) delete this.s[k];
      else if (v !== undefined) (this.s as Record<string, unknown>)[k] = v;
    }
    if (parsed.data.rateLimit !== undefined) this.rateSeen = 0;
    if (parsed.data.serverErrors !== undefined) this.errorSeen = 0;
    if (parsed.data.seed !== undefined) this.random = seededRandom(parsed.data.seed ?? 1).next;
  }

  /** Clears every fault, the deletion record and the PRNG. */
  reset(): void {
    this.s = {};
    this.random = seededRandom(1).next;
    this.rateSeen = 0;
    this.errorSeen = 0;
    this.deleted.length = 0;
  }

  /** The current settings (normalized, defaults applied). */
  get settings(): Readonly<Normalized> {
    return structuredClone(this.s);
  }

  /** Whether faults apply to this request path. */
  applies(path: string): boolean {
    return !this.s.pathPrefix || path.startsWith(this.s.pathPrefix);
  }

  /** Extra latency (ms) for this path. */
  latencyFor(path: string): number {
    return this.applies(path) ? (this.s.latencyMs ?? 0) : 0;
  }

  /** Decides whether this request fails, consuming counters. Called once per API request (not GraphQL refusals). */
  check(path: string, hasCursor: boolean): FaultDecision | null {
    if (!this.applies(path)) return null;
    const rl = this.s.rateLimit;
    if (rl) {
      this.rateSeen++;
      let hit = false;
      if (rl.next !== undefined && rl.next > 0) {
        rl.next--;
        hit = true;
      } else if (rl.everyNth !== undefined && this.rateSeen % rl.everyNth === 0) hit = true;
      else if (rl.probability !== undefined && this.random() < rl.probability) hit = true;
      if (hit) return { kind: 'rateLimit', status: rl.status, retryAfterSeconds: rl.retryAfterSeconds };
    }
    const se = this.s.serverErrors;
    if (se) {
      this.errorSeen++;
      let hit = false;
      if (se.next !== undefined && se.next > 0) {
        se.next--;
        hit = true;
      } else if (se.everyNth !== undefined && this.errorSeen % se.everyNth === 0) hit = true;
      else if (se.probability !== undefined && this.random() < se.probability) hit = true;
      if (hit) return { kind: 'serverError', status: se.status };
    }
    const ic = this.s.invalidCursor;
    if (ic && hasCursor && ic.next > 0) {
      ic.next--;
      if (ic.next === 0) delete this.s.invalidCursor;
      return { kind: 'invalidCursor' };
    }
    return null;
  }

  /** The GraphQL refusal to send, if any. */
  graphqlRefusal(path: string): { message: string; statusCode: number } | null {
    const g = this.s.graphqlRefused;
    if (!g || !this.applies(path)) return null;
    return g === true ? { message: 'Forbidden', statusCode: 403 } : { message: g.message, statusCode: g.statusCode };
  }

  /**
   * Called after a result page is served. When `deleteBetweenPages` is due, trashes the configured item or a random
   * item of `remaining` (the listing's not-yet-served items). Returns the trashed id.
   */
  afterResultPage(state: SiteState, pageNo: number, remaining: () => readonly ContentNode[]): string | null {
    const d = this.s.deleteBetweenPages;
    if (!d || pageNo !== d.afterPage) return null;
    delete this.s.deleteBetweenPages;
    let id = d.contentId;
    if (id === undefined) {
      const rest = remaining();
      if (rest.length === 0) return null;
      id = rest[Math.floor(this.random() * rest.length)]!.id;
    }
    if (!state.getContent(id)) return null;
    state.trashContent(id, { withDescendants: d.withDescendants });
    this.deleted.push(id);
    return id;
  }
}
