/**
 * A small real CQL implementation (tokenizer → recursive-descent parser → compiled predicate) for the subset the app
 * uses, following Atlassian's CQL field reference (https://developer.atlassian.com/cloud/confluence/cql-fields/):
 *
 *   query   := expr? ("ORDER BY" sort ("," sort)*)?
 *   expr    := and ("OR" and)*
 *   and     := unary ("AND" unary)*
 *   unary   := "NOT" unary | "(" expr ")" | clause
 *   clause  := field op value | field ["NOT"] "IN" "(" value ("," value)* ")"
 *
 * Fields: space (space.key), type, id (content), ancestor, parent, creator, contributor, created, lastmodified,
 * title, status (status is an emulator extension: Confluence documents `cqlcontext.contentStatuses` instead).
 * Values: "double" or 'single' quoted strings, bare words, and `currentUser()`. Dates are UTC (Confluence uses the
 * caller's time zone). Keywords are case-insensitive.
 */
import type { ContentNode, ContentStatus } from './model';

/** A CQL syntax or semantic error; `message` says what and where (0-based character offset). */
export class CqlError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.name = 'CqlError';
    this.position = position;
  }
}

type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

/** A value on the right of an operator. */
export type CqlValue = { kind: 'literal'; text: string; quoted: boolean; pos: number } | { kind: 'function'; name: string; pos: number };

/** Comparison operators. */
export type CqlOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~' | 'in' | 'not in';

/** The parsed query. */
export type CqlExpr =
  | { kind: 'and'; items: CqlExpr[] }
  | { kind: 'or'; items: CqlExpr[] }
  | { kind: 'not'; item: CqlExpr }
  | { kind: 'clause'; field: CqlField; op: CqlOp; values: CqlValue[]; pos: number };

/** Supported fields (canonical lower-case names). */
export type CqlField = 'space' | 'type' | 'id' | 'ancestor' | 'parent' | 'creator' | 'contributor' | 'created' | 'lastmodified' | 'title' | 'status';

/** Supported ORDER BY fields. */
export type CqlSortField = 'id' | 'created' | 'lastmodified' | 'title';

/** A parsed CQL query. */
export interface CqlQuery {
  where: CqlExpr | null;
  orderBy: { field: CqlSortField; dir: 'asc' | 'desc' }[];
}

const FIELD_ALIASES: Record<string, CqlField> = {
  space: 'space',
  'space.key': 'space',
  type: 'type',
  id: 'id',
  content: 'id',
  ancestor: 'ancestor',
  parent: 'parent',
  creator: 'creator',
  contributor: 'contributor',
  created: 'created',
  lastmodified: 'lastmodified',
  title: 'title',
  status: 'status',
};
const SORT_FIELDS: Record<string, CqlSortField> = { id: 'id', created: 'created', lastmodified: 'lastmodified', title: 'title' };

const FIELD_OPS: Record<CqlField, readonly CqlOp[]> = {
  space: ['=', '!=', 'in', 'not in'],
  type: ['=', '!=', 'in', 'not in'],
  id: ['=', '!=', 'in', 'not in'],
  ancestor: ['=', '!=', 'in', 'not in'],
  parent: ['=', '!=', 'in', 'not in'],
  creator: ['=', '!=', 'in', 'not in'],
  contributor: ['=', '!=', 'in', 'not in'],
  created: ['=', '!=', '>', '>=', '<', '<='],
  lastmodified: ['=', '!=', '>', '>=', '<', '<='],
  title: ['=', '!=', '~', '!~', 'in', 'not in'],
  status: ['=', '!=', 'in', 'not in'],
};

/** Content types CQL knows; only page and blogpost exist in the emulator, the others simply match nothing. */
const KNOWN_TYPES = new Set(['page', 'blogpost', 'comment', 'attachment', 'whiteboard', 'database', 'folder', 'embed', 'space', 'user']);
const KNOWN_STATUSES = new Set<ContentStatus>(['current', 'archived', 'trashed', 'draft']);

const WORD_RE = /[^\s=!<>~(),"']/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (let guard = 0; i < src.length && guard <= src.length; guard++) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '(') {
      out.push({ kind: 'lparen', text: ch, pos: start });
      i++;
    } else if (ch === ')') {
      out.push({ kind: 'rparen', text: ch, pos: start });
      i++;
    } else if (ch === ',') {
      out.push({ kind: 'comma', text: ch, pos: start });
      i++;
    } else if (ch === '"' || ch === "'") {
      let text = '';
      i++;
      let closed = false;
      for (; i < src.length; i++) {
        const c = src[i]!;
        if (c === '\\' && i + 1 < src.length) {
          text += src[++i];
        } else if (c === ch) {
          closed = true;
          i++;
          break;
        } else text += c;
      }
      if (!closed) throw new CqlError(`unterminated string starting at position ${start}`, start);
      out.push({ kind: 'string', text, pos: start });
    } else if ('=!<>~'.includes(ch)) {
      const two = src.slice(i, i + 2);
      if (two === '!=' || two === '>=' || two === '<=' || two === '!~') {
        out.push({ kind: 'op', text: two, pos: start });
        i += 2;
      } else if (ch === '!') {
        throw new CqlError(`unexpected "!" at position ${start}`, start);
      } else {
        out.push({ kind: 'op', text: ch, pos: start });
        i++;
      }
    } else {
      for (; i < src.length && WORD_RE.test(src[i]!); i++);
      out.push({ kind: 'word', text: src.slice(start, i), pos: start });
    }
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  private isKeyword(t: Token, kw: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === kw;
  }
  private fail(t: Token, what: string): never {
    const found = t.kind === 'eof' ? 'end of query' : `"${t.text}"`;
    throw new CqlError(`expected ${what} but found ${found} at position ${t.pos}`, t.pos);
  }

  parseQuery(): CqlQuery {
    let where: CqlExpr | null = null;
    if (!this.isKeyword(this.peek(), 'ORDER') && this.peek().kind !== 'eof') where = this.parseOr();
    const orderBy: CqlQuery['orderBy'] = [];
    if (this.isKeyword(this.peek(), 'ORDER')) {
      this.next();
      if (!this.isKeyword(this.peek(), 'BY')) this.fail(this.peek(), '"BY"');
      this.next();
      for (let guard = 0; guard < this.tokens.length; guard++) {
        const t = this.next();
        if (t.kind !== 'word' && t.kind !== 'string') this.fail(t, 'a field to order by');
        const field = SORT_FIELDS[t.text.toLowerCase()];
        if (!field) throw new CqlError(`cannot order by "${t.text}" (supported: id, created, lastmodified, title)`, t.pos);
        let dir: 'asc' | 'desc' = 'asc';
        if (this.isKeyword(this.peek(), 'ASC')) this.next();
        else if (this.isKeyword(this.peek(), 'DESC')) {
          this.next();
          dir = 'desc';
        }
        orderBy.push({ field, dir });
        if (this.peek().kind !== 'comma') break;
        this.next();
      }
    }
    if (this.peek().kind !== 'eof') this.fail(this.peek(), 'AND, OR, ORDER BY or the end of the query');
    return { where, orderBy };
  }

  private parseOr(): CqlExpr {
    const items = [this.parseAnd()];
    for (let guard = 0; this.isKeyword(this.peek(), 'OR') && guard < this.tokens.length; guard++) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private parseAnd(): CqlExpr {
    const items = [this.parseUnary()];
    for (let guard = 0; this.isKeyword(this.peek(), 'AND') && guard < this.tokens.length; guard++) {
      this.next();
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseUnary(): CqlExpr {
    const t = this.peek();
    if (this.isKeyword(t, 'NOT')) {
      this.next();
      return { kind: 'not', item: this.parseUnary() };
    }
    if (t.kind === 'lparen') {
      this.next();
      const e = this.parseOr();
      if (this.peek().kind !== 'rparen') this.fail(this.peek(), '")"');
      this.next();
      return e;
    }
    return this.parseClause();
  }

  private parseClause(): CqlExpr {
    const ft = this.next();
    if (ft.kind !== 'word') this.fail(ft, 'a field name');
    const field = FIELD_ALIASES[ft.text.toLowerCase()];
    if (!field) throw new CqlError(`No field exists with the name '${ft.text}' (position ${ft.pos})`, ft.pos);
    let op: CqlOp;
    const ot = this.next();
    if (ot.kind === 'op') op = ot.text as CqlOp;
    else if (this.isKeyword(ot, 'IN')) op = 'in';
    else if (this.isKeyword(ot, 'NOT') && this.isKeyword(this.peek(), 'IN')) {
      this.next();
      op = 'not in';
    } else this.fail(ot, `an operator after "${ft.text}"`);
    if (!FIELD_OPS[field].includes(op)) throw new CqlError(`operator "${op}" is not supported for field '${ft.text}' (position ${ot.pos})`, ot.pos);
    const values: CqlValue[] = [];
    if (op === 'in' || op === 'not in') {
      if (this.peek().kind !== 'lparen') this.fail(this.peek(), '"(" after IN');
      this.next();
      for (let guard = 0; guard < this.tokens.length; guard++) {
        values.push(this.parseValue());
        const sep = this.next();
        if (sep.kind === 'rparen') break;
        if (sep.kind !== 'comma') this.fail(sep, '"," or ")"');
      }
    } else values.push(this.parseValue());
    return { kind: 'clause', field, op, values, pos: ft.pos };
  }

  private parseValue(): CqlValue {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', text: t.text, quoted: true, pos: t.pos };
    if (t.kind !== 'word') this.fail(t, 'a value');
    if (this.peek().kind === 'lparen') {
      this.next();
      const close = this.next();
      if (close.kind !== 'rparen') throw new CqlError(`function ${t.text}() with arguments is not supported (position ${t.pos})`, t.pos);
      return { kind: 'function', name: t.text, pos: t.pos };
    }
    return { kind: 'literal', text: t.text, quoted: false, pos: t.pos };
  }
}

/**
 * Parses a CQL string.
 * @throws CqlError on a syntax error or an unknown field (Confluence answers 400 for both).
 */
export function parseCql(cql: string): CqlQuery {
  if (cql.length > 10_000) throw new CqlError('CQL is too long', 0);
  return new Parser(tokenize(cql)).parseQuery();
}

/** What a compiled predicate needs about the caller. */
export interface CqlContext {
  accountId: string | null;
}

/** A query ready to run: a predicate plus hints that narrow the candidates. */
export interface CompiledCql {
  /** True when the content matches the WHERE part (visibility is checked separately). */
  matches: (node: ContentNode, ctx: CqlContext) => boolean;
  /** A canonical text of the query (same meaning → same text): the cache key. */
  canonical: string;
  orderBy: CqlQuery['orderBy'];
  /** Whether the query constrains `status` itself (then no default status filter applies). */
  mentionsStatus: boolean;
  /** Space keys (lower-case) the query is confined to, when its top level ANDs a positive space clause. */
  spaceScope: ReadonlySet<string> | null;
}

function valueText(v: CqlValue, ctx: CqlContext): string | null {
  if (v.kind === 'function') return v.name.toLowerCase() === 'currentuser' ? ctx.accountId : null;
  return v.text;
}

function checkFunctions(values: CqlValue[], field: CqlField): void {
  for (const v of values) {
    if (v.kind === 'function' && !(v.name.toLowerCase() === 'currentuser' && (field === 'creator' || field === 'contributor')))
      throw new CqlError(`function ${v.name}() is not supported for field '${field}' (position ${v.pos})`, v.pos);
  }
}

/** Parses "yyyy-MM-dd", "yyyy/MM/dd", optionally followed by " HH:mm", into a UTC [start, end) range in ms. */
function parseDateRange(v: CqlValue): [number, number] {
  if (v.kind !== 'literal') throw new CqlError(`expected a date (position ${v.pos})`, v.pos);
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(v.text.trim());
  if (!m) throw new CqlError(`"${v.text}" is not a date: use "yyyy-MM-dd", "yyyy/MM/dd", "yyyy-MM-dd HH:mm" or "yyyy/MM/dd HH:mm" (position ${v.pos})`, v.pos);
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? Number(m[4]) : null, m[5] ? Number(m[5]) : null];
  const start = Date.UTC(y, mo - 1, d, h ?? 0, mi ?? 0);
  const check = new Date(start);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw new CqlError(`"${v.text}" is not a valid date (position ${v.pos})`, v.pos);
  return [start, start + (h === null ? 86_400_000 : 60_000)];
}

function isNumericId(s: string): boolean {
  return /^\d{1,16}$/.test(s);
}

function canonicalValue(v: CqlValue): string {
  return v.kind === 'function' ? `${v.name.toLowerCase()}()` : JSON.stringify(v.text);
}

function canonicalExpr(e: CqlExpr): string {
  switch (e.kind) {
    case 'and':
      return `(${e.items.map(canonicalExpr).join(' AND ')})`;
    case 'or':
      return `(${e.items.map(canonicalExpr).join(' OR ')})`;
    case 'not':
      return `NOT ${canonicalExpr(e.item)}`;
    case 'clause': {
      const vals = e.op === 'in' || e.op === 'not in' ? `(${e.values.map(canonicalValue).join(', ')})` : canonicalValue(e.values[0]!);
      return `${e.field} ${e.op.toUpperCase()} ${vals}`;
    }
  }
}

type Pred = (n: ContentNode, ctx: CqlContext) => boolean;

function compileClause(e: Extract<CqlExpr, { kind: 'clause' }>): Pred {
  checkFunctions(e.values, e.field);
  const negated = e.op === '!=' || e.op === 'not in' || e.op === '!~';
  const wrap = (p: Pred): Pred => (negated ? (n, c) => !p(n, c) : p);
  const literals = (): string[] =>
    e.values.map((v) => {
      if (v.kind !== 'literal') throw new CqlError(`expected a value (position ${v.pos})`, v.pos);
      return v.text;
    });

  switch (e.field) {
    case 'space': {
      const keys = new Set(literals().map((k) => k.toLowerCase()));
      return wrap((n) => keys.has(n.space.key.toLowerCase()));
    }
    case 'type': {
      const types = new Set(literals().map((t) => t.toLowerCase()));
      for (const t of types) if (!KNOWN_TYPES.has(t)) throw new CqlError(`"${t}" is not a content type`, e.pos);
      return wrap((n) => types.has(n.type));
    }
    case 'status': {
      const statuses = new Set(literals().map((t) => t.toLowerCase()));
      for (const s of statuses)
        if (!KNOWN_STATUSES.has(s as ContentStatus)) throw new CqlError(`"${s}" is not a content status (current, archived, trashed, draft)`, e.pos);
      return wrap((n) => statuses.has(n.status));
    }
    case 'id':
    case 'ancestor':
    case 'parent': {
      const ids = literals();
      for (const id of ids) if (!isNumericId(id)) throw new CqlError(`"${id}" is not a content id (field '${e.field}')`, e.pos);
      const set = new Set(ids);
      if (e.field === 'id') return wrap((n) => set.has(n.id));
      if (e.field === 'parent') return wrap((n) => n.parent !== null && set.has(n.parent.id));
      return wrap((n) => {
        let p = n.parent;
        for (let i = 0; p && i < 100_000; i++) {
          if (set.has(p.id)) return true;
          p = p.parent;
        }
        return false;
      });
    }
    case 'creator':
    case 'contributor': {
      const values = e.values;
      const field = e.field;
      return wrap((n, ctx) => {
        for (const v of values) {
          const id = valueText(v, ctx);
          if (id === null) continue;
          if (field === 'creator' ? n.authorId === id : n.contributors.has(id)) return true;
        }
        return false;
      });
    }
    case 'created':
    case 'lastmodified': {
      const [start, end] = parseDateRange(e.values[0]!);
      const get = e.field === 'created' ? (n: ContentNode) => n.createdMs : (n: ContentNode) => n.lastModifiedMs;
      switch (e.op) {
        case '=':
          return (n) => get(n) >= start && get(n) < end;
        case '!=':
          return (n) => get(n) < start || get(n) >= end;
        case '>':
          return (n) => get(n) >= end;
        case '>=':
          return (n) => get(n) >= start;
        case '<':
          return (n) => get(n) < start;
        default:
          return (n) => get(n) < end;
      }
    }
    case 'title': {
      const vals = literals().map((t) => t.toLowerCase());
      if (e.op === '~' || e.op === '!~') {
        const terms = vals[0]!
          .split(/\s+/)
          .map((t) => t.replace(/\*/g, ''))
          .filter((t) => t.length > 0);
        return wrap((n) => {
          const t = n.title.toLowerCase();
          return terms.every((term) => t.includes(term));
        });
      }
      const set = new Set(vals);
      return wrap((n) => set.has(n.title.toLowerCase()));
    }
  }
}

function compileExpr(e: CqlExpr): Pred {
  switch (e.kind) {
    case 'and': {
      const ps = e.items.map(compileExpr);
      return (n, c) => ps.every((p) => p(n, c));
    }
    case 'or': {
      const ps = e.items.map(compileExpr);
      return (n, c) => ps.some((p) => p(n, c));
    }
    case 'not': {
      const p = compileExpr(e.item);
      return (n, c) => !p(n, c);
    }
    case 'clause':
      return compileClause(e);
  }
}

function mentions(e: CqlExpr | null, field: CqlField): boolean {
  if (!e) return false;
  if (e.kind === 'clause') return e.field === field;
  if (e.kind === 'not') return mentions(e.item, field);
  return e.items.some((i) => mentions(i, field));
}

function spaceScopeOf(e: CqlExpr | null): Set<string> | null {
  if (!e) return null;
  const clauses = e.kind === 'and' ? e.items : [e];
  let scope: Set<string> | null = null;
  for (const c of clauses) {
    if (c.kind === 'clause' && c.field === 'space' && (c.op === '=' || c.op === 'in')) {
      const keys = new Set<string>();
      for (const v of c.values) if (v.kind === 'literal') keys.add(v.text.toLowerCase());
      const prev: Set<string> | null = scope;
      scope = prev ? new Set([...prev].filter((k: string) => keys.has(k))) : keys;
    }
  }
  return scope;
}

/**
 * Parses and compiles a CQL string.
 * @throws CqlError on syntax errors, unknown fields, unsupported operators or bad values.
 */
export function compileCql(cql: string): CompiledCql {
  const q = parseCql(cql);
  const matches: Pred = q.where ? compileExpr(q.where) : () => true;
  const order = q.orderBy.map((o) => `${o.field} ${o.dir.toUpperCase()}`).join(', ');
  return {
    matches,
    canonical: `${q.where ? canonicalExpr(q.where) : ''}${order ? ` ORDER BY ${order}` : ''}`,
    orderBy: q.orderBy,
    mentionsStatus: mentions(q.where, 'status'),
    spaceScope: spaceScopeOf(q.where),
  };
}
