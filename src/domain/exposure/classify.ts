/**
 * Effective view restrictions, computed locally from each item's own restrictions and its ancestor ids.
 *
 * Confluence's rules (support.atlassian.com/confluence-cloud/docs/what-are-page-restrictions/):
 * - a view restriction on a page also applies to every page below it, so a person can view a page only if its own
 *   view restriction and every ancestor's admit them (inherited restrictions intersect);
 * - edit restrictions do not inherit and never stop anyone viewing;
 * - blog posts have no ancestors.
 *
 * So an item is **open** (anyone who can see the space can read it) iff neither it nor any ancestor has a view
 * restriction; **broad-group** iff every view restriction on its chain admits a group that holds all licensed
 * users (e.g. `confluence-users`); otherwise **restricted**.
 *
 * Items can arrive in any order (search results are not sorted by depth), so an item whose ancestors have not
 * been seen yet stays **pending** until they are. Pending items keep their title only in memory: a snapshot for a
 * checkpoint drops it, so the title of a page that may turn out restricted is never persisted.
 */

/** A set of principals named in one restriction: accountIds and group names. */
export interface PrincipalSet {
  users: readonly string[];
  groups: readonly string[];
}

/** One page or blog post as read from a bulk search, before classification. */
export interface ContentRecord {
  id: string;
  type: 'page' | 'blogpost';
  title: string;
  /** Ancestor ids and titles, root first (pages only; empty for blog posts and top-level pages). */
  ancestors: readonly { id: string; title: string }[];
  /** Its own view restriction, or null when it has none. An empty restriction counts as none. */
  read: PrincipalSet | null;
  /** True when it has its own edit restriction. */
  editRestricted: boolean;
  authorAccountId: string | null;
  /** ISO time of the last change. */
  lastModified: string | null;
  /** Path of the item in the Confluence UI, relative to `/wiki` (from `_links.webui`), or null. */
  webui: string | null;
  /** Who created it and who last changed it, with when (ISO), for the contributors review. Not used to classify. */
  contributions?: { accountId: string; at: string | null }[];
}

/** The effective class of an item. */
export type Exposure = 'open' | 'broad-group' | 'restricted';

/** What a chain link contributes: no view restriction, one admitting a broad group, or a real restriction. */
type OwnRead = 'none' | 'broad' | 'restricted';

/** Compact per-item state kept for every seen item (no title): enough to classify its descendants. */
export interface NodeState {
  own: OwnRead;
  editRestricted: boolean;
}

/**
 * Classifies one item's own view restriction.
 * @param broadGroups names of groups that hold all licensed users, compared case-insensitively
 */
export function ownRead(read: PrincipalSet | null, broadGroups: ReadonlySet<string>): OwnRead {
  if (!read || (read.users.length === 0 && read.groups.length === 0)) return 'none';
  return read.groups.some((g) => broadGroups.has(g.toLowerCase())) ? 'broad' : 'restricted';
}

/**
 * Combines the own classes of a chain (ancestors then the item) into the effective class: any `restricted`
 * wins, then any `broad`, else `open`.
 */
export function combine(chain: readonly OwnRead[]): Exposure {
  if (chain.includes('restricted')) return 'restricted';
  if (chain.includes('broad')) return 'broad-group';
  return 'open';
}

/** An open (or broad-group) item with everything the review shows. */
export interface ClassifiedItem {
  record: ContentRecord;
  exposure: Exclude<Exposure, 'restricted'>;
  /** The nearest item on its chain (itself first) that restricts editing only, or null. */
  editOnlyRestrictedBy: string | null;
  /** True when the item was restored from a snapshot without its title: the caller must look it up. */
  titleMissing: boolean;
}

/** Counts by class, for progress and summaries. */
export interface LedgerCounts {
  seen: number;
  open: number;
  broadGroup: number;
  restricted: number;
  pending: number;
}

/** A pending item as checkpointed: no title, and no ancestor titles. */
export type UntitledRecord = Omit<ContentRecord, 'title' | 'ancestors'> & { ancestors: { id: string }[] };

/**
 * One seen item as checkpointed, compactly: `<id>:<own><e?><x?>` where `own` is `o` (no view restriction),
 * `b` (broad group) or `r` (restricted), `e` marks an edit restriction and `x` an item learnt only as an
 * ancestor (never reported). About 10 bytes per item, so 100,000 pages checkpoint in ~1 MB.
 */
export type NodeEntry = string;

/** A ledger's state without titles of unresolved items, small enough to checkpoint (see {@link NodeEntry}). */
export interface LedgerSnapshot {
  nodes: NodeEntry[];
  pending: UntitledRecord[];
  counts: { open: number; broadGroup: number; restricted: number };
}

type Pending = { record: ContentRecord; titled: boolean };

const OWN_CODE: Record<OwnRead, string> = { none: 'o', broad: 'b', restricted: 'r' };
const CODE_OWN: Record<string, OwnRead> = { o: 'none', b: 'broad', r: 'restricted' };

function encodeNode(id: string, state: NodeState, ancestorOnly: boolean): NodeEntry {
  return `${id}:${OWN_CODE[state.own]}${state.editRestricted ? 'e' : ''}${ancestorOnly ? 'x' : ''}`;
}

/** Parses a {@link NodeEntry}. @throws Error for a malformed entry (a corrupt checkpoint must not pass silently). */
export function decodeNode(entry: NodeEntry): { id: string; state: NodeState; ancestorOnly: boolean } {
  const at = entry.lastIndexOf(':');
  const flags = entry.slice(at + 1);
  const own = CODE_OWN[flags[0] ?? ''];
  if (at <= 0 || own === undefined || !/^[obr]e?x?$/.test(flags)) throw new Error(`Corrupt checkpoint entry: ${entry.slice(0, 40)}`);
  return { id: entry.slice(0, at), state: { own, editRestricted: flags.includes('e') }, ancestorOnly: flags.includes('x') };
}

/**
 * Accumulates search results and classifies each item as soon as its whole ancestor chain is known.
 * Work per item is O(depth); memory is one small {@link NodeState} per seen item plus the records of pending
 * items and of resolved items not yet drained with {@link takeResolved}.
 */
export class ExposureLedger {
  private readonly broad: Set<string>;
  private readonly nodes = new Map<string, NodeState>();
  private readonly pending = new Map<string, Pending>();
  /** ancestor id → ids of pending items waiting for it. */
  private readonly waiting = new Map<string, Set<string>>();
  /** Ids given to {@link add}: each is reported at most once. */
  private readonly added = new Set<string>();
  /** Node entries since the last {@link takeNodeDelta}. */
  private delta: NodeEntry[] = [];
  private resolved: ClassifiedItem[] = [];
  private restrictedCount = 0;
  private openCount = 0;
  private broadCount = 0;

  /** @param broadGroups group names that count as "everyone" (any case). */
  constructor(broadGroups: readonly string[]) {
    this.broad = new Set(broadGroups.map((g) => g.toLowerCase()));
  }

  /**
   * Restores a ledger from a snapshot (or from the concatenated deltas of several checkpoints, in order);
   * pending items come back without titles (see {@link ExposureLedger}).
   * @throws Error on a corrupt node entry
   */
  static restore(broadGroups: readonly string[], snapshot: LedgerSnapshot): ExposureLedger {
    const ledger = new ExposureLedger(broadGroups);
    for (const entry of snapshot.nodes) {
      const { id, state, ancestorOnly } = decodeNode(entry);
      ledger.nodes.set(id, state);
      if (!ancestorOnly) ledger.added.add(id);
    }
    ledger.openCount = snapshot.counts.open;
    ledger.broadCount = snapshot.counts.broadGroup;
    ledger.restrictedCount = snapshot.counts.restricted;
    for (const item of snapshot.pending) {
      const record: ContentRecord = { ...item, title: '', ancestors: item.ancestors.map((a) => ({ id: a.id, title: '' })) };
      ledger.pending.set(item.id, { record, titled: false });
      ledger.tryResolve(item.id);
    }
    return ledger;
  }

  /**
   * Adds one item. Adding an id already seen is a no-op (content can repeat across result pages when it moves
   * mid-scan), so findings are never duplicated.
   */
  add(record: ContentRecord): void {
    if (this.added.has(record.id)) return;
    this.added.add(record.id);
    const state: NodeState = { own: ownRead(record.read, this.broad), editRestricted: record.editRestricted };
    this.nodes.set(record.id, state);
    this.delta.push(encodeNode(record.id, state, false));
    this.pending.set(record.id, { record, titled: true });
    this.tryResolve(record.id);
    this.wake(record.id);
  }

  /** Records an ancestor's own restriction, learnt separately, without reporting the ancestor itself. */
  addAncestorState(id: string, read: PrincipalSet | null, editRestricted: boolean): void {
    if (this.nodes.has(id)) return;
    const state: NodeState = { own: ownRead(read, this.broad), editRestricted };
    this.nodes.set(id, state);
    this.delta.push(encodeNode(id, state, true));
    this.wake(id);
  }

  /** Node entries added since the last call (for an incremental checkpoint). */
  takeNodeDelta(): NodeEntry[] {
    const out = this.delta;
    this.delta = [];
    return out;
  }

  /**
   * Pending items without titles (for a checkpoint), and without links: a Confluence page link carries the page's
   * title (`/spaces/KEY/pages/123/Secret+plan`), and a pending item may turn out to be restricted.
   */
  pendingSnapshot(): UntitledRecord[] {
    return [...this.pending.values()].map(({ record }) => ({
      id: record.id,
      type: record.type,
      ancestors: record.ancestors.map((a) => ({ id: a.id })),
      read: record.read,
      editRestricted: record.editRestricted,
      authorAccountId: record.authorAccountId,
      lastModified: record.lastModified,
      webui: null,
    }));
  }

  /** Ids of ancestors that pending items wait for and that have not been seen. */
  missingAncestors(): string[] {
    return [...this.waiting.keys()].filter((id) => !this.nodes.has(id));
  }

  /**
   * Takes back the count of a resolved item that turned out to be gone (deleted between being seen and being
   * reported), so the counts match the findings.
   */
  forget(item: Pick<ClassifiedItem, 'exposure'>): void {
    if (item.exposure === 'open') this.openCount = Math.max(0, this.openCount - 1);
    else this.broadCount = Math.max(0, this.broadCount - 1);
  }

  /** Returns and forgets the items classified open or broad-group since the last call. */
  takeResolved(): ClassifiedItem[] {
    const out = this.resolved;
    this.resolved = [];
    return out;
  }

  /** Counts by class so far. */
  counts(): LedgerCounts {
    return {
      seen: this.nodes.size,
      open: this.openCount,
      broadGroup: this.broadCount,
      restricted: this.restrictedCount,
      pending: this.pending.size,
    };
  }

  /** The whole state to checkpoint. Titles of pending items and of their ancestors are dropped. */
  snapshot(): LedgerSnapshot {
    const nodes: NodeEntry[] = [];
    for (const [id, state] of this.nodes) nodes.push(encodeNode(id, state, !this.added.has(id)));
    return { nodes, pending: this.pendingSnapshot(), counts: { open: this.openCount, broadGroup: this.broadCount, restricted: this.restrictedCount } };
  }

  /**
   * Ends the scan: ancestors never seen (the scanner cannot view them, so neither can every space member)
   * count as restricting, and every pending item is classified.
   */
  finish(): void {
    for (const id of this.missingAncestors()) {
      const state: NodeState = { own: 'restricted', editRestricted: false };
      this.nodes.set(id, state);
      this.delta.push(encodeNode(id, state, true));
      this.wake(id);
    }
  }

  private wake(id: string): void {
    const waiters = this.waiting.get(id);
    if (!waiters) return;
    this.waiting.delete(id);
    for (const waiter of waiters) this.tryResolve(waiter);
  }

  private tryResolve(id: string): void {
    const entry = this.pending.get(id);
    const self = this.nodes.get(id);
    if (!entry || !self) return;
    const chain: OwnRead[] = [];
    for (const a of entry.record.ancestors) {
      const state = this.nodes.get(a.id);
      if (!state) {
        let set = this.waiting.get(a.id);
        if (!set) this.waiting.set(a.id, (set = new Set()));
        set.add(id);
        return;
      }
      chain.push(state.own);
    }
    chain.push(self.own);
    this.pending.delete(id);
    const exposure = combine(chain);
    if (exposure === 'restricted') {
      this.restrictedCount += 1;
      return;
    }
    if (exposure === 'open') this.openCount += 1;
    else this.broadCount += 1;
    this.resolved.push({ record: entry.record, exposure, editOnlyRestrictedBy: this.editOnly(entry.record, self), titleMissing: !entry.titled });
  }

  private editOnly(item: ContentRecord, self: NodeState): string | null {
    if (self.editRestricted) return item.id;
    for (let i = item.ancestors.length - 1; i >= 0; i--) {
      const a = item.ancestors[i];
      if (a && this.nodes.get(a.id)?.editRestricted) return a.id;
    }
    return null;
  }
}
