import { ExposureLedger, type ClassifiedItem, type ContentRecord, type LedgerCounts, type PrincipalSet } from './classify';

/**
 * Where a scan reads content from: one space's pages and blog posts, page by page, with each item's own
 * restrictions and ancestor ids (Confluence: `searchContentByCQL` with restriction and ancestor expansions).
 */
export interface ContentSource {
  /**
   * One page of results.
   * @param cursor the previous page's `next`, or null for the first page
   * @param limit the page size to ask for
   * @param options `readAhead`: the caller expects to ask for the following page next, so the source may request
   *   it now, while the caller works on this one (a source is free to ignore it). Leave it off when the caller may
   *   stop after this page, or the read-ahead request is wasted.
   */
  page(cursor: string | null, limit: number, options?: { readAhead?: boolean }): Promise<{ items: ContentRecord[]; next: string | null; limit?: number | undefined }>;
  /**
   * The own view restriction of an item that did not appear in the results (an ancestor), or `'not-visible'`
   * when the scanner cannot see it. Used rarely: only for ancestors missing at the end.
   */
  readRestriction(id: string): Promise<PrincipalSet | null | 'not-visible'>;
}

/** Options for {@link scanSpace}. */
export interface ScanOptions {
  broadGroups: readonly string[];
  /** Page size to ask for; the server may cap it. */
  pageSize: number;
  /** Checked between pages; when true the scan stops early and reports `complete: false`. */
  shouldStop: () => boolean;
  /** At most this many separate ancestor look-ups (default 25); beyond it, missing ancestors count as restricting. */
  maxAncestorLookups?: number;
  /** Hard cap on result pages, so the loop is bounded whatever the server does (default 10,000). */
  maxPages?: number;
}

/** What a bounded scan found. Items are open or broad-group only: restricted items are counted, never kept. */
export interface ScanResult {
  items: ClassifiedItem[];
  counts: LedgerCounts;
  complete: boolean;
  pages: number;
}

/**
 * Scans one space in a single invocation until done or told to stop. (Large spaces use the resumable job in
 * `audit/`, which shares the ledger.)
 * @throws whatever the source throws (e.g. ConfluenceError); the caller maps it to an error kind.
 */
export async function scanSpace(source: ContentSource, options: ScanOptions): Promise<ScanResult> {
  const ledger = new ExposureLedger(options.broadGroups);
  const items: ClassifiedItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  const maxPages = options.maxPages ?? 10_000;
  let complete = false;
  for (;;) {
    if (pages >= maxPages || options.shouldStop()) break;
    const page = await source.page(cursor, options.pageSize);
    pages += 1;
    for (const item of page.items) ledger.add(item);
    items.push(...ledger.takeResolved());
    if (!page.next) {
      complete = true;
      break;
    }
    cursor = page.next;
  }
  if (complete) {
    const missing = ledger.missingAncestors().slice(0, options.maxAncestorLookups ?? 25);
    for (const id of missing) {
      const read = await source.readRestriction(id);
      if (read !== 'not-visible') ledger.addAncestorState(id, read, false);
    }
    ledger.finish();
    items.push(...ledger.takeResolved());
  }
  return { items, counts: ledger.counts(), complete, pages };
}
