/**
 * Build-time helper (used by `tools/build-static.ts`, never shipped): puts the atomic CSS that Atlaskit's
 * components ship (`*.compiled.css`, made by Compiled) into the order Compiled relies on.
 *
 * Every atomic rule has the same specificity, so which one wins is decided by order alone: a `:hover` rule must
 * come after the plain rule it overrides, `:active` after `:hover`, and media queries last. Each Atlaskit
 * package's file is sorted on its own, but Vite joins the files in import order, and a rule that appears in
 * several files keeps its last position, so a button's plain background can land after its `:hover`
 * background and hovering stops showing. Compiled's own bundler plugins re-sort the joined stylesheet; this
 * does the same for our Vite build: a stable sort of top-level rules into Compiled's buckets, dropping exact
 * duplicates (first kept).
 */

/** Compiled's order of pseudo-classes (later wins). */
const PSEUDO_ORDER = [':link', ':visited', ':focus-within', ':focus', ':focus-visible', ':hover', ':active'] as const;

/** Splits a stylesheet into its top-level rules and at-rule blocks (quotes and comments respected). */
export function splitTopLevel(css: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end === -1 ? css.length : end + 1;
    } else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        out.push(css.slice(start, i + 1).trim());
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      // A statement at-rule such as @import or @charset.
      out.push(css.slice(start, i + 1).trim());
      start = i + 1;
    }
  }
  const rest = css.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out.filter((r) => r !== '');
}

/**
 * A rule's bucket: 0 plain, 1–7 by its last pseudo-class in {@link PSEUDO_ORDER} (ignoring what is inside
 * `:not(…)`, `:is(…)` and friends), 8 for conditional at-rules (`@media`, `@supports`, `@container`).
 * Statement and definition at-rules (`@charset`, `@import`, `@layer` statements) sort first.
 */
export function bucketOf(rule: string): number {
  if (rule.startsWith('@')) {
    if (/^@(charset|import|namespace|layer\b[^{]*;)/u.test(rule)) return -1;
    if (/^@(media|supports|container)\b/u.test(rule)) return PSEUDO_ORDER.length + 1;
    return 0; // @font-face, @keyframes, @property: position does not matter
  }
  const selector = rule.slice(0, rule.indexOf('{'));
  // Drop functional pseudo-class arguments, so `:focus:not(:focus-visible)` counts as `:focus`.
  let bare = selector;
  for (let guard = 0; guard < 10 && /\([^()]*\)/u.test(bare); guard++) bare = bare.replace(/\([^()]*\)/gu, '');
  let best = 0;
  let bestAt = -1;
  PSEUDO_ORDER.forEach((pseudo, index) => {
    const re = new RegExp(`${pseudo}(?![a-z-])`, 'gu');
    for (const match of bare.matchAll(re)) {
      if (match.index !== undefined && match.index >= bestAt) {
        bestAt = match.index;
        best = index + 1;
      }
    }
  });
  return best;
}

/** Sorts a stylesheet's top-level rules into Compiled's order, keeping order within a bucket; drops exact repeats. */
export function sortCompiledCss(css: string): string {
  const seen = new Set<string>();
  const rules = splitTopLevel(css)
    .filter((r) => {
      if (seen.has(r)) return false;
      seen.add(r);
      return true;
    })
    .map((rule, index) => ({ rule, index, bucket: bucketOf(rule) }));
  rules.sort((a, b) => a.bucket - b.bucket || a.index - b.index);
  return rules.map((r) => r.rule).join('\n');
}
