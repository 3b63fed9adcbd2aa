/**
 * Derives the OAuth scopes the backend needs from the Confluence REST operations it really calls.
 *
 * Why our own analysis: the app builds REST paths with its own `confluencePath` tagged template and sends them
 * through `assumeTrustedRoute(path)`, so @forge/lint's scope checker (which only reads `route\`…\`` literals next to
 * `requestConfluence`) sees nothing. Here the TypeScript compiler API finds every `confluencePath\`…\`` (and
 * `route\`…\``) template in `src/`, follows the value through variables, `??`/conditionals, helper functions such
 * as `withQuery` and private methods such as `page()` until it reaches a call with an HTTP method literal
 * (`this.json(schema, 'GET', path)`, `this.send('POST', path, body)`, `requestConfluence(path, { method })`),
 * matches `METHOD path` to an operation of Atlassian's published specs, and collects the operation's
 * `x-atlassian-oauth2-scopes`. Client methods that nothing in `src/` calls do not count (ask for no more).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** HTTP methods a REST call can use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
const METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);

/** Tags whose template literal is a product REST path. */
const PATH_TAGS: ReadonlySet<string> = new Set(['confluencePath', 'route']);

/** Callees that send a path with the method in their second argument (`init.method`, default GET). */
const REQUEST_FUNCTIONS: ReadonlySet<string> = new Set(['requestConfluence']);

/** The scope Forge's key-value store needs (FORGE-NOTES "Runtime limits"). */
export const STORAGE_SCOPE = 'storage:app';

/** A place in the source, repo-relative. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** One REST path template found in the code, with what could be learnt about how it is sent. */
export interface RestCall extends SourceLocation {
  /** The tag used: `confluencePath` or `route`. */
  tag: string;
  /** The path with each interpolation as `{}` and the query string removed, e.g. `/wiki/api/v2/spaces/{}`. */
  path: string;
  /** HTTP methods it is sent with (empty when unknown: see `problems`). */
  methods: HttpMethod[];
  /** The function or method that builds it, e.g. `ConfluenceClient.space`, or `(module)`. */
  owner: string;
  /** False when nothing in the analysed sources calls the owner (transitively from module level). */
  reachable: boolean;
  /** Why the method could not be determined, if it could not. */
  problems: string[];
}

/** What the scope derivation needs to know about the code. */
export interface Discovery {
  calls: RestCall[];
  /** Imports of `@forge/kvs` (or the legacy `storage` of `@forge/api`): they need `storage:app`. */
  storageImports: SourceLocation[];
  /** `requestGraph(...)` calls (Atlassian GraphQL gateway), whose scopes the REST specs do not document. */
  graphqlCalls: SourceLocation[];
}

/** Lists `*.ts`/`*.tsx` files (not `.d.ts`) under `dir`, sorted, as absolute paths. */
export function listSourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Compiler options of the repo's tsconfig.json (falls back to strict CommonJS defaults if unreadable). */
function compilerOptions(repoRoot: string): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) return { strict: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, configPath);
  return { ...parsed.options, noEmit: true };
}

/**
 * Finds the REST calls, storage imports and GraphQL calls in `src/**` of the repo.
 * @param repoRoot the checkout (holding tsconfig.json and src/)
 * @param files the files to analyse (default: every `.ts` under `src/`); also used by tests with temp files
 * @param entryFiles files whose exports Forge calls (manifest handlers `index.<name>` → `src/index.ts`): their
 *   exported functions are live even though nothing in `src/` calls them
 */
export function discoverRestCalls(
  repoRoot: string,
  files: string[] = listSourceFiles(path.join(repoRoot, 'src')),
  entryFiles: string[] = [path.join(repoRoot, 'src', 'index.ts')],
): Discovery {
  const program = ts.createProgram({ rootNames: files, options: compilerOptions(repoRoot) });
  return new Analyzer(program, files.map((f) => path.resolve(f)), entryFiles.map((f) => path.resolve(f)), repoRoot).run();
}

type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.ConstructorDeclaration | ts.AccessorDeclaration;

interface TraceState {
  methods: Set<HttpMethod>;
  problems: string[];
  visited: Set<string>;
}

/** The AST walk behind {@link discoverRestCalls}. */
class Analyzer {
  private readonly checker: ts.TypeChecker;
  private readonly sources: ts.SourceFile[];
  /** Every identifier in the analysed files, by its text: a cheap pre-filter before asking the checker. */
  private readonly identifiers = new Map<string, ts.Identifier[]>();
  private readonly liveness = new Map<ts.Node, boolean>();

  constructor(
    program: ts.Program,
    files: string[],
    private readonly entryFiles: string[],
    private readonly repoRoot: string,
  ) {
    this.checker = program.getTypeChecker();
    const wanted = new Set(files);
    this.sources = program.getSourceFiles().filter((sf) => wanted.has(path.resolve(sf.fileName)));
    for (const sf of this.sources) {
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          const list = this.identifiers.get(node.text);
          if (list) list.push(node);
          else this.identifiers.set(node.text, [node]);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }

  run(): Discovery {
    const calls: RestCall[] = [];
    const storageImports: SourceLocation[] = [];
    const graphqlCalls: SourceLocation[] = [];
    for (const sf of this.sources) {
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && PATH_TAGS.has(node.tag.text)) {
          calls.push(this.describe(node));
        } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
          const from = node.moduleSpecifier.text;
          const namedStorage =
            from === '@forge/api' &&
            node.importClause?.namedBindings !== undefined &&
            ts.isNamedImports(node.importClause.namedBindings) &&
            node.importClause.namedBindings.elements.some((e) => (e.propertyName ?? e.name).text === 'storage');
          if ((from === '@forge/kvs' || from.startsWith('@forge/kvs/')) && !node.importClause?.isTypeOnly) storageImports.push(this.location(node));
          else if (namedStorage) storageImports.push(this.location(node));
        } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'requestGraph') {
          graphqlCalls.push(this.location(node));
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    return { calls, storageImports, graphqlCalls };
  }

  private location(node: ts.Node): SourceLocation {
    const sf = node.getSourceFile();
    return { file: path.relative(this.repoRoot, sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 };
  }

  private describe(node: ts.TaggedTemplateExpression): RestCall {
    const state: TraceState = { methods: new Set(), problems: [], visited: new Set() };
    this.trace(node, [], state, 0);
    if (state.methods.size === 0 && state.problems.length === 0) state.problems.push('the path is never sent with a known HTTP method');
    const owner = this.ownerOf(node);
    return {
      ...this.location(node),
      tag: (node.tag as ts.Identifier).text,
      path: templatePath(node.template),
      methods: [...state.methods].sort(),
      owner: owner ? this.ownerName(owner) : '(module)',
      reachable: owner ? this.isLive(owner) : true,
      problems: state.problems,
    };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Where a path value goes

  /** Follows the value of `expr` to the calls that send it; records methods or problems in `state`. */
  private trace(expr: ts.Node, stack: ts.CallExpression[], state: TraceState, depth: number): void {
    const key = `${expr.getSourceFile().fileName}:${expr.pos}-${expr.end}:${expr.kind}:${stack.map((c) => `${c.pos}-${c.end}`).join(',')}`;
    if (state.visited.has(key)) return;
    state.visited.add(key);
    if (depth > 16) {
      state.problems.push(`${this.where(expr)}: the path flows through too many steps to follow`);
      return;
    }
    const parent = expr.parent;
    const next = (n: ts.Node, s = stack): void => this.trace(n, s, state, depth + 1);

    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isAwaitExpression(parent)
    ) {
      return next(parent);
    }
    if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken) {
        if (parent.left === expr) return; // assigned to: not a use of the value
        if (ts.isIdentifier(parent.left)) return this.traceSymbolUses(parent.left, stack, state, depth);
        state.problems.push(`${this.where(parent)}: the path is assigned to \`${parent.left.getText()}\`, which cannot be followed`);
        return;
      }
      if ([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.PlusToken].includes(op)) {
        return next(parent);
      }
      return; // comparisons and the like: not a request
    }
    if (ts.isConditionalExpression(parent)) {
      if (parent.condition === expr) return;
      return next(parent);
    }
    if (ts.isTemplateSpan(parent)) return next(parent.parent);
    if (ts.isCallExpression(parent)) {
      const index = parent.arguments.indexOf(expr as ts.Expression);
      if (index < 0) return; // `path.split(...)` and the like: reading the string, not sending it
      return this.traceCallArgument(parent, index, stack, state, depth);
    }
    if (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) return; // `path.length`, `path.includes`
    if (ts.isVariableDeclaration(parent) && parent.initializer === expr) {
      if (ts.isIdentifier(parent.name)) return this.traceSymbolUses(parent.name, stack, state, depth);
      state.problems.push(`${this.where(parent)}: the path is destructured, which cannot be followed`);
      return;
    }
    if (ts.isReturnStatement(parent)) return this.traceReturn(parent, stack, state, depth);
    if (ts.isArrowFunction(parent) && parent.body === expr) return this.traceReturn(parent, stack, state, depth);
    if (ts.isExpressionStatement(parent)) return;
    state.problems.push(`${this.where(expr)}: the path is used in a way the scope check cannot follow (${ts.SyntaxKind[parent.kind]})`);
  }

  /** The path is argument `index` of `call`: read the method there, or follow it into the callee. */
  private traceCallArgument(call: ts.CallExpression, index: number, stack: ts.CallExpression[], state: TraceState, depth: number): void {
    const calleeName = ts.isPropertyAccessExpression(call.expression)
      ? call.expression.name.text
      : ts.isIdentifier(call.expression)
        ? call.expression.text
        : undefined;

    if (calleeName && REQUEST_FUNCTIONS.has(calleeName)) {
      const init = call.arguments[index + 1];
      if (!init) {
        state.methods.add('GET');
        return;
      }
      if (ts.isObjectLiteralExpression(init)) {
        const prop = init.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'method');
        if (!prop) {
          state.methods.add('GET');
          return;
        }
        const value = ts.isPropertyAssignment(prop) ? prop.initializer : prop;
        const method = this.methodOf(value);
        if (method) {
          state.methods.add(method);
          return;
        }
      }
      state.problems.push(`${this.where(call)}: ${calleeName}'s method is not a literal`);
      return;
    }

    for (const [i, arg] of call.arguments.entries()) {
      if (i === index) continue;
      const method = this.methodOf(arg);
      if (method) {
        state.methods.add(method);
        return;
      }
    }

    const declaration = this.calleeDeclaration(call);
    if (declaration) {
      const params = declaration.parameters;
      const param = params[Math.min(index, params.length - 1)];
      if (!param || !ts.isIdentifier(param.name)) {
        state.problems.push(`${this.where(call)}: cannot map the path to a parameter of ${calleeName ?? 'the callee'}`);
        return;
      }
      return this.traceSymbolUses(param.name, [...stack, call], state, depth);
    }
    state.problems.push(`${this.where(call)}: the path is passed to \`${call.expression.getText()}\`, whose body is not analysed and which takes no HTTP method literal`);
  }

  /** Follows every use of the variable or parameter declared by `name`. */
  private traceSymbolUses(name: ts.Identifier, stack: ts.CallExpression[], state: TraceState, depth: number): void {
    for (const ref of this.referencesOf(name)) this.trace(ref, stack, state, depth + 1);
  }

  /** The value is returned from its function: continue at the call being followed, or at every call site. */
  private traceReturn(node: ts.Node, stack: ts.CallExpression[], state: TraceState, depth: number): void {
    const fn = enclosingFunction(node);
    if (!fn) return;
    const top = stack[stack.length - 1];
    if (top && this.calleeDeclaration(top) === fn) return this.trace(top, stack.slice(0, -1), state, depth + 1);
    const name = functionName(fn);
    if (!name) {
      state.problems.push(`${this.where(node)}: the path is returned from an anonymous function, which cannot be followed`);
      return;
    }
    const sites = this.referencesOf(name)
      .map((ref) => callOf(ref))
      .filter((call): call is ts.CallExpression => call !== undefined);
    if (sites.length === 0) state.problems.push(`${this.where(node)}: the path is returned from ${name.text}, which nothing calls`);
    for (const call of sites) this.trace(call, [], state, depth + 1);
  }

  /**
   * The function a call runs, when its body is in the analysed files. Resolved through the callee's symbol rather
   * than `getResolvedSignature`, which would infer every argument's type (slow with zod schemas).
   */
  private calleeDeclaration(call: ts.CallExpression): FunctionLike | undefined {
    const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    let symbol = this.checker.getSymbolAtLocation(callee);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    for (const decl of symbol?.declarations ?? []) {
      const fn = ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) ? decl.initializer : decl;
      if (fn && isFunctionLike(fn) && fn.body && this.isAnalysed(fn)) return fn;
    }
    return undefined;
  }

  /**
   * The HTTP method an argument denotes: a string literal, or a variable or parameter of a single string-literal
   * type (`const method = 'GET' as const`).
   */
  private methodOf(node: ts.Node): HttpMethod | undefined {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && METHODS.has(node.text)) return node.text as HttpMethod;
    if (!ts.isIdentifier(node)) return undefined;
    const type = this.checker.getTypeAtLocation(node);
    if (type.isStringLiteral() && METHODS.has(type.value)) return type.value as HttpMethod;
    return undefined;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Who calls what

  /** Uses of the symbol declared by (or named at) `name` in the analysed files, excluding `name` itself. */
  private referencesOf(name: ts.Identifier | ts.PrivateIdentifier): ts.Identifier[] {
    const target = this.checker.getSymbolAtLocation(name);
    if (!target) return [];
    return (this.identifiers.get(name.text) ?? []).filter((id) => id !== name && this.symbolsOf(id).includes(target));
  }

  /** The symbols an identifier refers to, looking through imports, re-exports, shorthand properties and mapped types. */
  private symbolsOf(id: ts.Identifier): ts.Symbol[] {
    let symbol = ts.isShorthandPropertyAssignment(id.parent) ? this.checker.getShorthandAssignmentValueSymbol(id.parent) : this.checker.getSymbolAtLocation(id);
    if (!symbol) return [];
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return [symbol, ...this.checker.getRootSymbols(symbol)];
  }

  /**
   * The named declaration a node's code belongs to: a function, a class method or accessor, a variable holding a
   * function, or (for constructors and field initialisers) the class. Undefined at module level. Anonymous
   * callbacks and object-literal methods belong to the declaration around them.
   */
  private ownerOf(node: ts.Node): ts.Node | undefined {
    for (let n = node.parent as ts.Node | undefined; n && !ts.isSourceFile(n); n = n.parent) {
      if (ts.isFunctionDeclaration(n) && n.name) return n;
      if ((ts.isMethodDeclaration(n) || ts.isAccessor(n)) && ts.isClassLike(n.parent)) return n;
      if (ts.isPropertyDeclaration(n) && ts.isClassLike(n.parent) && n.initializer && isFunctionLike(n.initializer)) return n;
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isFunctionLike(n.initializer)) return n;
      if (ts.isClassDeclaration(n) && n.name) return n;
    }
    return undefined;
  }

  private ownerName(owner: ts.Node): string {
    const own = (owner as ts.NamedDeclaration).name?.getText() ?? '?';
    const cls = ts.isClassLike(owner.parent) ? owner.parent.name?.getText() : undefined;
    return cls ? `${cls}.${own}` : own;
  }

  /**
   * Whether code in `owner` can run: some use of it sits at module level or in a live declaration. For class
   * methods, a call through an interface or type member of the same name also counts (the class may be passed
   * where the interface is expected), which errs on the side of asking for a scope.
   */
  private isLive(owner: ts.Node): boolean {
    const known = this.liveness.get(owner);
    if (known !== undefined) return known;
    this.liveness.set(owner, false); // cycles do not make each other live
    const name = (owner as ts.NamedDeclaration).name;
    let live = this.isEntryExport(owner);
    if (!live && name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) {
      const refs = [...this.referencesOf(name)];
      if (ts.isClassElement(owner) && ts.isIdentifier(name)) refs.push(...this.interfaceUses(name));
      live = refs.some((ref) => {
        const o = this.ownerOf(ref);
        return o === undefined || (o !== owner && this.isLive(o));
      });
    }
    this.liveness.set(owner, live);
    return live;
  }

  /** An exported top-level function, class or variable of an entry file: Forge calls it. */
  private isEntryExport(owner: ts.Node): boolean {
    if (!this.entryFiles.includes(path.resolve(owner.getSourceFile().fileName))) return false;
    const statement = ts.isVariableDeclaration(owner) ? owner.parent.parent : owner;
    if (!ts.isSourceFile(statement.parent) || !ts.canHaveModifiers(statement)) return false;
    return (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  }

  /** Property accesses named like `name` whose symbol is an interface or type-literal member (or unknown). */
  private interfaceUses(name: ts.Identifier): ts.Identifier[] {
    return (this.identifiers.get(name.text) ?? []).filter((id) => {
      if (id === name || !ts.isPropertyAccessExpression(id.parent) || id.parent.name !== id) return false;
      const symbol = this.checker.getSymbolAtLocation(id);
      const decls = symbol?.declarations ?? [];
      return decls.length === 0 || decls.every((d) => ts.isInterfaceDeclaration(d.parent) || ts.isTypeLiteralNode(d.parent));
    });
  }

  private isAnalysed(node: ts.Node): boolean {
    return this.sources.includes(node.getSourceFile());
  }

  private where(node: ts.Node): string {
    const loc = this.location(node);
    return `${loc.file}:${loc.line}`;
  }
}

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isAccessor(node)
  );
}

/** The call whose callee is `ref` (`f(…)`) or ends in `ref` (`x.f(…)`), if any. */
function callOf(ref: ts.Identifier): ts.CallExpression | undefined {
  const callee = ts.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref ? ref.parent : ref;
  return ts.isCallExpression(callee.parent) && callee.parent.expression === callee ? callee.parent : undefined;
}

function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    if (isFunctionLike(n)) return n;
  }
  return undefined;
}

/** The identifier a function can be called by: its own name, or the variable or class field holding it. */
function functionName(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name;
  return undefined;
}

/** `/wiki/api/v2/spaces/${id}/permissions?limit=1` → `/wiki/api/v2/spaces/{}/permissions`. */
export function templatePath(template: ts.TemplateLiteral): string {
  const raw = ts.isNoSubstitutionTemplateLiteral(template)
    ? template.text
    : template.head.text + template.templateSpans.map((span) => `{}${span.literal.text}`).join('');
  return raw.replace(/[?#].*$/s, '');
}

// ----------------------------------------------------------------------------------------------------------------
// Atlassian's specs

/** The part of an OpenAPI document this check reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
}

/** Confluence REST v1 (`/wiki/rest/api/...`) and v2 (relative to `/wiki/api/v2`) specs. */
export interface ConfluenceSpecs {
  v1: OpenApiDocument;
  v2: OpenApiDocument;
}

/** File names of the specs in `../shared/confluence-openapi/`. */
export const SPEC_FILES = { v1: 'confluence-v1.openapi.json', v2: 'confluence-v2.openapi.json' } as const;

/** Where the shared specs live for a checkout: `<repo>/../shared/confluence-openapi`. */
export function specDirectory(repoRoot: string): string {
  return path.resolve(repoRoot, '../shared/confluence-openapi');
}

/**
 * Reads both Confluence specs.
 * @throws Error naming the missing file when the shared spec directory is not beside the checkout.
 */
export function loadConfluenceSpecs(dir: string): ConfluenceSpecs {
  const read = (name: string): OpenApiDocument => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      throw new Error(`Atlassian's Confluence OpenAPI spec is missing: ${file}. The checks expect shared/confluence-openapi/ beside the checkout (see shared/confluence-openapi/README.md).`);
    }
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<OpenApiDocument>;
    if (!doc.paths || typeof doc.paths !== 'object') throw new Error(`${file} has no "paths": not an OpenAPI document`);
    return { paths: doc.paths };
  };
  return { v1: read(SPEC_FILES.v1), v2: read(SPEC_FILES.v2) };
}

/** Which of an operation's scope sets was used. */
export type ScopeSet = 'granular' | 'classic' | 'security' | 'none';

/** A spec operation a call maps to. */
export interface SpecOperation {
  api: 'v1' | 'v2';
  /** The path as written in the spec (v2: relative to `/wiki/api/v2`). */
  specPath: string;
  method: HttpMethod;
  operationId: string | undefined;
  scopes: string[];
  scopeSet: ScopeSet;
}

const V2_PREFIX = '/wiki/api/v2';
const V1_PREFIX = '/wiki/rest/api/';

/**
 * The scopes an operation needs: the granular set (`x-atlassian-oauth2-scopes` entry with `state: "Beta"`, which
 * Forge apps are moving to) when present, else the `Current` (classic) set, else the only entry, else the
 * `oAuthDefinitions` of `security`.
 */
export function operationScopes(operation: unknown): { scopes: string[]; scopeSet: ScopeSet } {
  const op = (operation ?? {}) as { 'x-atlassian-oauth2-scopes'?: { state?: string; scopes?: string[] }[]; security?: Record<string, string[]>[] };
  const sets = Array.isArray(op['x-atlassian-oauth2-scopes']) ? op['x-atlassian-oauth2-scopes'] : [];
  const beta = sets.find((s) => s.state === 'Beta');
  if (beta?.scopes?.length) return { scopes: [...beta.scopes], scopeSet: 'granular' };
  const current = sets.find((s) => s.state === 'Current') ?? (sets.length === 1 ? sets[0] : undefined);
  if (current?.scopes?.length) return { scopes: [...current.scopes], scopeSet: 'classic' };
  const oauth = (op.security ?? []).find((s) => Array.isArray(s.oAuthDefinitions))?.oAuthDefinitions;
  if (oauth?.length) return { scopes: [...oauth], scopeSet: 'security' };
  return { scopes: [], scopeSet: 'none' };
}

/**
 * Maps `METHOD path` (a {@link RestCall} path with `{}` placeholders) to a spec operation. A placeholder matches only
 * a `{param}` segment; a literal segment matches the same literal or a `{param}`; the most literal match wins.
 * @returns the operation, or an error saying what is missing from the spec
 */
export function matchOperation(specs: ConfluenceSpecs, method: HttpMethod, callPath: string): { operation: SpecOperation } | { error: string } {
  let api: 'v1' | 'v2';
  let relative: string;
  if (callPath.startsWith(V1_PREFIX)) {
    api = 'v1';
    relative = callPath;
  } else if (callPath === V2_PREFIX || callPath.startsWith(`${V2_PREFIX}/`)) {
    api = 'v2';
    relative = callPath.slice(V2_PREFIX.length) || '/';
  } else {
    return { error: `${method} ${callPath}: not a Confluence REST v1 (/wiki/rest/api/…) or v2 (/wiki/api/v2/…) path` };
  }
  const doc = specs[api];
  const wanted = segments(relative);
  let best: { specPath: string; score: number } | undefined;
  for (const specPath of Object.keys(doc.paths)) {
    const have = segments(specPath);
    if (have.length !== wanted.length) continue;
    let score = 0;
    const fits = have.every((seg, i) => {
      const w = wanted[i] ?? '';
      const isParam = /^\{[^}]+\}$/.test(seg);
      if (w.includes('{}')) return isParam;
      if (isParam) return true;
      score += 1;
      return seg === w;
    });
    if (fits && (!best || score > best.score)) best = { specPath, score };
  }
  const shown = api === 'v2' ? `${V2_PREFIX}${relative}` : relative;
  if (!best) return { error: `${method} ${shown}: no such path in Atlassian's Confluence ${api} spec` };
  const entry = doc.paths[best.specPath] ?? {};
  const operation = entry[method.toLowerCase()] as { operationId?: string } | undefined;
  if (!operation) {
    const allowed = Object.keys(entry).filter((k) => METHODS.has(k.toUpperCase())).map((k) => k.toUpperCase());
    return { error: `${method} ${shown}: the ${api} spec has ${best.specPath} only with ${allowed.join(', ') || 'no methods'}` };
  }
  return { operation: { api, specPath: best.specPath, method, operationId: operation.operationId, ...operationScopes(operation) } };
}

function segments(p: string): string[] {
  return p.replace(/\/+$/, '').split('/').slice(1);
}

// ----------------------------------------------------------------------------------------------------------------
// Scopes

/** One row of the operation → scope table. */
export interface OperationRow {
  call: RestCall;
  method: HttpMethod | undefined;
  operation?: SpecOperation;
  error?: string;
}

/** The result of {@link deriveScopes}. */
export interface ScopeDerivation {
  rows: OperationRow[];
  /** Sorted, deduplicated scopes the reachable code needs. */
  scopes: string[];
  /** For each scope, why it is needed (operation ids, `@forge/kvs`). */
  reasons: Map<string, string[]>;
  /** Problems that make the derivation unreliable or the code wrong: each fails the check. */
  errors: string[];
  /** Things a reader should know but that do not fail the check. */
  notes: string[];
}

/**
 * Derives the scope set from what the code calls: each reachable call's operation scopes, plus `storage:app` when
 * `@forge/kvs` is imported. Unknown operations and undeterminable methods are errors; GraphQL calls and
 * unreachable client methods are notes (GraphQL scopes are not documented in the REST specs: none is invented).
 */
export function deriveScopes(discovery: Discovery, specs: ConfluenceSpecs): ScopeDerivation {
  const rows: OperationRow[] = [];
  const reasons = new Map<string, string[]>();
  const errors: string[] = [];
  const notes: string[] = [];
  const need = (scope: string, why: string): void => {
    const list = reasons.get(scope) ?? [];
    if (!list.includes(why)) list.push(why);
    reasons.set(scope, list);
  };

  for (const call of discovery.calls) {
    const at = `${call.file}:${call.line} (${call.owner})`;
    for (const problem of call.problems) errors.push(`${at}: cannot tell how ${call.path} is sent: ${problem}`);
    if (call.methods.length === 0) {
      rows.push({ call, method: undefined, error: 'HTTP method unknown' });
      continue;
    }
    for (const method of call.methods) {
      const match = matchOperation(specs, method, call.path);
      if ('error' in match) {
        rows.push({ call, method, error: match.error });
        errors.push(`${at}: ${match.error}`);
        continue;
      }
      const { operation } = match;
      rows.push({ call, method, operation });
      if (!call.reachable) {
        notes.push(`${at}: ${method} ${call.path} (${operation.operationId ?? operation.specPath}) is never called from the analysed code: its scopes are not counted`);
        continue;
      }
      if (operation.scopes.length === 0) {
        errors.push(`${at}: ${operation.operationId ?? operation.specPath} documents no OAuth scopes: cannot derive its scope`);
        continue;
      }
      for (const scope of operation.scopes) need(scope, operation.operationId ?? `${method} ${operation.specPath}`);
    }
  }
  if (discovery.storageImports.length > 0) {
    const first = discovery.storageImports[0];
    need(STORAGE_SCOPE, `@forge/kvs (${first ? `${first.file}:${first.line}` : 'src'})`);
  }
  for (const g of discovery.graphqlCalls) {
    notes.push(`${g.file}:${g.line}: requestGraph (Atlassian GraphQL gateway): the scope it needs is not documented in the REST specs; none is derived. Check the query's fields against the GraphQL docs by hand.`);
  }
  return { rows, scopes: [...reasons.keys()].sort(), reasons, errors, notes };
}

/** Compares derived and declared scopes: `missing` are needed but not declared, `extra` declared but not needed. */
export function compareScopes(derived: readonly string[], declared: readonly string[]): { missing: string[]; extra: string[] } {
  const d = new Set(derived);
  const m = new Set(declared);
  return { missing: [...d].filter((s) => !m.has(s)).sort(), extra: [...m].filter((s) => !d.has(s)).sort() };
}

/** A fixed-width text table of `rows` (operation → scopes), for the lint output. */
export function formatOperationTable(derivation: ScopeDerivation): string {
  const lines: string[][] = [['method', 'path (code)', 'operation', 'scopes', 'where']];
  for (const row of derivation.rows) {
    const op = row.operation;
    const scopes = op ? `${op.scopes.join(' ') || '(none)'}${op.scopeSet === 'granular' ? '' : ` [${op.scopeSet}]`}` : `ERROR: ${row.error ?? ''}`;
    lines.push([
      row.method ?? '?',
      row.call.path,
      op ? `${op.operationId ?? op.specPath}${row.call.reachable ? '' : ' (unused)'}` : '-',
      scopes,
      `${row.call.owner}`,
    ]);
  }
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  return lines.map((l) => l.map((cell, i) => (i === l.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
