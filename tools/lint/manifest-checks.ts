/**
 * Checks of manifest.yml: Atlassian's own validator (@forge/manifest, full validation), @forge/lint's client-side
 * linters (run offline against the local Confluence specs), and this project's own checks of handlers, resolvers,
 * resources and scopes.
 *
 * @forge/manifest and @forge/lint are loaded at run time through `createRequire` with the small local interfaces
 * below instead of their published types: those types pull in @forge/cli-shared's GraphQL schema and a 1.6 MB
 * manifest schema declaration, which would add ~5 s to every `tsc`, ESLint and ts-jest pass over tools/ and tests/.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compareScopes, SPEC_FILES, type ScopeDerivation } from './scopes';

/** A finding of any check. `error` fails the lint; `warning` is printed only. */
export interface Problem {
  level: 'error' | 'warning';
  message: string;
}

/** The parts of manifest.yml these checks read. */
export interface AppManifest {
  modules?: Record<string, unknown[]>;
  resources?: { key?: unknown; path?: unknown; render?: unknown }[];
  permissions?: { scopes?: unknown[] } & Record<string, unknown>;
  app?: { runtime?: { name?: unknown } } & Record<string, unknown>;
}

/** A module entry: any object with at least a key. */
interface ModuleEntry {
  key?: unknown;
  resource?: unknown;
  function?: unknown;
  handler?: unknown;
  resolver?: { function?: unknown; endpoint?: unknown };
  [field: string]: unknown;
}

/** Reads and parses manifest.yml (no interpolation). @throws Error if it is not YAML or not a mapping. */
export function readManifest(file: string): AppManifest {
  const parsed: unknown = parseYaml(fs.readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} is not a YAML mapping`);
  return parsed;
}

/** Every module entry of every module type except `function`, with its type. */
export function moduleEntries(manifest: AppManifest): { type: string; entry: ModuleEntry }[] {
  const out: { type: string; entry: ModuleEntry }[] = [];
  for (const [type, entries] of Object.entries(manifest.modules ?? {})) {
    if (type === 'function' || !Array.isArray(entries)) continue;
    for (const entry of entries) if (typeof entry === 'object' && entry !== null) out.push({ type, entry: entry as ModuleEntry });
  }
  return out;
}

/** The declared `function` modules. */
export function functionEntries(manifest: AppManifest): ModuleEntry[] {
  const list = manifest.modules?.function;
  return Array.isArray(list) ? list.filter((e): e is ModuleEntry => typeof e === 'object' && e !== null) : [];
}

/** The scopes in `permissions.scopes` (string entries, or `{key}` objects as Forge also allows). */
export function declaredScopes(manifest: AppManifest): string[] {
  return (manifest.permissions?.scopes ?? [])
    .map((s) => (typeof s === 'string' ? s : typeof s === 'object' && s !== null && 'key' in s ? String(s.key) : ''))
    .filter((s) => s !== '');
}

const describe = (type: string, entry: ModuleEntry): string => `${type} '${typeof entry.key === 'string' ? entry.key : '?'}'`;

// ----------------------------------------------------------------------------------------------------------------
// Handlers, resolvers, resources

/** What a handler module exports, an Error if it failed to load, or undefined if there is no such file. */
export type ModuleExports = Record<string, unknown> | Error | undefined;

/**
 * Every `function[].handler` (`<file>.<export>`, file relative to src/ without extension) must name a function
 * exported by that file.
 * @param exportsOf loads `src/<file>`; the lint passes {@link sourceModuleLoader}, tests pass an imported namespace
 */
export function checkHandlers(manifest: AppManifest, exportsOf: (file: string) => ModuleExports): Problem[] {
  const problems: Problem[] = [];
  const functions = functionEntries(manifest);
  if (functions.length === 0) problems.push({ level: 'error', message: 'manifest declares no function modules' });
  for (const fn of functions) {
    const key = typeof fn.key === 'string' ? fn.key : '?';
    const handler = fn.handler;
    const dot = typeof handler === 'string' ? handler.lastIndexOf('.') : -1;
    if (typeof handler !== 'string' || dot <= 0 || dot === handler.length - 1) {
      problems.push({ level: 'error', message: `function '${key}': handler ${JSON.stringify(handler)} is not '<file>.<export>'` });
      continue;
    }
    const file = handler.slice(0, dot);
    const name = handler.slice(dot + 1);
    const exported = exportsOf(file);
    if (exported === undefined) {
      problems.push({ level: 'error', message: `function '${key}': handler ${handler}: there is no src/${file}.ts (or .js)` });
    } else if (exported instanceof Error) {
      problems.push({ level: 'error', message: `function '${key}': handler ${handler}: src/${file} failed to load: ${exported.message}` });
    } else if (typeof exported[name] !== 'function') {
      problems.push({
        level: 'error',
        message: `function '${key}': handler ${handler}: src/${file} exports no function '${name}' (it exports: ${Object.keys(exported).sort().join(', ') || 'nothing'})`,
      });
    }
  }
  return problems;
}

const SOURCE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'cjs'];

/**
 * Loads `src/<file>` of the repo with Node's require. Under tsx (the lint) `.ts` files load directly; jest tests
 * should import the module instead, because this require bypasses jest's transformer.
 */
export function sourceModuleLoader(repoRoot: string): (file: string) => ModuleExports {
  const load = createRequire(path.join(repoRoot, 'package.json'));
  return (file) => {
    const found = SOURCE_EXTENSIONS.map((ext) => path.join(repoRoot, 'src', `${file}.${ext}`)).find((f) => fs.existsSync(f));
    if (!found) return undefined;
    try {
      return load(found) as Record<string, unknown>;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
}

/**
 * Module references: each `resolver.function` and trigger/consumer `function` names a declared function, each
 * `resource` names a declared resource; every declared function is used by some module.
 */
export function checkModuleReferences(manifest: AppManifest): Problem[] {
  const problems: Problem[] = [];
  const functionKeys = new Set(functionEntries(manifest).map((f) => f.key).filter((k): k is string => typeof k === 'string'));
  const resourceKeys = new Set((manifest.resources ?? []).map((r) => r.key).filter((k): k is string => typeof k === 'string'));
  const used = new Set<string>();
  for (const { type, entry } of moduleEntries(manifest)) {
    const refs: [string, unknown][] = [];
    if (entry.resolver && typeof entry.resolver === 'object' && 'function' in entry.resolver) refs.push(['resolver.function', entry.resolver.function]);
    if ('function' in entry) refs.push(['function', entry.function]);
    for (const [field, value] of refs) {
      if (typeof value !== 'string' || !functionKeys.has(value)) {
        problems.push({ level: 'error', message: `${describe(type, entry)}: ${field} ${JSON.stringify(value)} is not a declared function key (declared: ${[...functionKeys].join(', ') || 'none'})` });
      } else {
        used.add(value);
      }
    }
    if ('resource' in entry && (typeof entry.resource !== 'string' || !resourceKeys.has(entry.resource))) {
      problems.push({ level: 'error', message: `${describe(type, entry)}: resource ${JSON.stringify(entry.resource)} is not a declared resource key (declared: ${[...resourceKeys].join(', ') || 'none'})` });
    }
  }
  for (const key of functionKeys) {
    if (!used.has(key)) problems.push({ level: 'warning', message: `function '${key}' is declared but no module uses it` });
  }
  return problems;
}

/**
 * Custom UI resources: each `resources[].path` is `static/<name>/build` with a source `static/<name>/index.html`.
 * The build itself may be absent (lint runs before `npm run build`); @forge/manifest reports that separately.
 * @param exists injectable for tests
 */
export function checkResources(manifest: AppManifest, repoRoot: string, exists: (p: string) => boolean = fs.existsSync): Problem[] {
  const problems: Problem[] = [];
  for (const resource of manifest.resources ?? []) {
    const key = typeof resource.key === 'string' ? resource.key : '?';
    const p = typeof resource.path === 'string' ? resource.path.replace(/\/+$/, '') : '';
    const match = /^static\/([a-z0-9][a-z0-9-]*)\/build$/.exec(p);
    if (!match) {
      problems.push({ level: 'error', message: `resource '${key}': path ${JSON.stringify(resource.path)} is not static/<name>/build` });
      continue;
    }
    const source = path.join('static', match[1] ?? '', 'index.html');
    if (!exists(path.join(repoRoot, source))) {
      problems.push({ level: 'error', message: `resource '${key}': ${p} has no source ${source}` });
    }
  }
  return problems;
}

/** `missing`/`extra` scopes as problems: both are errors (ask for what the code needs, and no more). */
export function checkScopes(derivation: Pick<ScopeDerivation, 'scopes' | 'reasons'>, manifest: AppManifest): Problem[] {
  const { missing, extra } = compareScopes(derivation.scopes, declaredScopes(manifest));
  return [
    ...missing.map((s): Problem => ({ level: 'error', message: `permissions.scopes lacks '${s}', needed by ${(derivation.reasons.get(s) ?? []).join(', ')}` })),
    ...extra.map((s): Problem => ({ level: 'error', message: `permissions.scopes declares '${s}', which no operation the code calls needs (ask for no more)` })),
  ];
}

// ----------------------------------------------------------------------------------------------------------------
// @forge/manifest

/** An error or warning of @forge/manifest's validators (and of @forge/lint's manifest linters). */
export interface ManifestValidationError {
  message: string;
  reference?: string;
  level: 'error' | 'warning';
  line?: number;
  column?: number;
}

interface ManifestProcessor {
  process(manifestPath?: string): Promise<{ success: boolean; errors?: ManifestValidationError[] }>;
}
interface ForgeManifestModule {
  ProcessorBuilder: { instance(): { withValidation(type: string): { withOptions(o: { deprecatedRuntimes?: string[] }): { build(): ManifestProcessor } } } };
  ValidationTypes: { FULL: string };
}

const requireFromRepo = createRequire(path.join(__dirname, '..', '..', 'package.json'));

/** Options the lint gives the full validator; the same as @forge/lint's FullManifestLinter gets, so both share one processor. */
const LINT_OPTIONS = { deprecatedRuntimes: [] as string[] };

/**
 * Runs @forge/manifest's FULL validation (schema, modules, resources, permissions, display conditions, runtime…)
 * on a manifest file, the same processor `forge lint` and `forge deploy` use. Relative paths in it (handlers,
 * resources) resolve against the manifest's directory.
 */
export async function validateManifestFile(manifestPath: string): Promise<ManifestValidationError[]> {
  const forge = requireFromRepo('@forge/manifest') as ForgeManifestModule;
  const processor = forge.ProcessorBuilder.instance().withValidation(forge.ValidationTypes.FULL).withOptions(LINT_OPTIONS).build();
  const result = await processor.process(path.resolve(manifestPath));
  const errors = result.errors ?? [];
  if (!result.success && !errors.some((e) => e.level === 'error')) {
    return [...errors, { level: 'error', message: 'validation failed without a message (is the file readable YAML?)' }];
  }
  return errors;
}

/**
 * Splits out @forge/manifest's "missing resource 'static/<name>/build'" errors for apps whose source
 * (`static/<name>/index.html`) exists but which are not built yet: those need `npm run build`, not a manifest fix.
 */
export function deferUnbuiltResources(
  errors: readonly ManifestValidationError[],
  manifest: AppManifest,
  repoRoot: string,
  exists: (p: string) => boolean = fs.existsSync,
): { errors: ManifestValidationError[]; unbuilt: string[] } {
  const unbuilt = new Set<string>();
  for (const resource of manifest.resources ?? []) {
    const p = typeof resource.path === 'string' ? resource.path.replace(/\/+$/, '') : '';
    const match = /^static\/([^/]+)\/build$/.exec(p);
    if (match && !exists(path.join(repoRoot, p)) && exists(path.join(repoRoot, 'static', match[1] ?? '', 'index.html'))) unbuilt.add(p);
  }
  const kept = errors.filter((e) => !(e.reference === 'valid-resource-required' && [...unbuilt].some((p) => e.message.includes(`'${p}'`))));
  return { errors: kept, unbuilt: [...unbuilt].sort() };
}

/**
 * @forge/lint's five manifest linters each build a validator that compiles the same 2.3 MB JSON schema with AJV
 * (~3 s each). This memoises that one compilation for the process; everything else is unchanged. Idempotent.
 */
export function shareManifestSchemaCompilation(): void {
  const fromManifest = createRequire(requireFromRepo.resolve('@forge/manifest'));
  const ajv = fromManifest('ajv') as { default: { prototype: Record<string, unknown> & { compile: (this: unknown, schema: unknown, meta?: boolean) => unknown } } };
  const proto = ajv.default.prototype;
  if (proto.__secureConfluenceShared) return;
  const fullSchema = requireFromRepo('@forge/manifest/schema.json') as object;
  const original = proto.compile;
  let compiled: unknown;
  proto.compile = function compile(this: unknown, schema: unknown, meta?: boolean): unknown {
    const underlying = typeof schema === 'object' && schema !== null && 'default' in schema ? schema.default : schema;
    if (underlying !== fullSchema && schema !== fullSchema) return original.call(this, schema, meta);
    compiled ??= original.call(this, schema, meta);
    return compiled;
  };
  proto.__secureConfluenceShared = true;
}

// ----------------------------------------------------------------------------------------------------------------
// @forge/lint

interface LintRule {
  line?: number;
  column?: number;
  message: string;
  reference?: string;
}
interface LintResultLike {
  file: string;
  errors: LintRule[];
  warnings: LintRule[];
  approvals: LintRule[];
}
type TsParser = (code: string, filepath: string, options?: Record<string, unknown>) => Promise<unknown>;
interface ForgeLintModule {
  lint(
    files: string[],
    manifest: unknown,
    environment: string,
    logger: { info(message: string): void },
    statsig: { getDeprecatedRuntimes(): Promise<string[]> },
    config: { linter: { mode: 'client-side' }; parseFunction?: (filepath: string, parser: TsParser) => Promise<unknown> },
  ): Promise<LintResultLike[]>;
  parseSourceFile(filepath: string, parser: TsParser): Promise<unknown>;
  tsParser: TsParser;
}
interface CliSharedModule {
  FileSystemReader: new () => { recursiveReadDir(dir: string, ignores: string[]): Promise<string[]> };
  listGitIgnoreFiles(reader: unknown): Promise<string[]>;
}

/** One finding of @forge/lint, with its file. */
export interface ForgeLintFinding extends LintRule {
  file: string;
  level: 'error' | 'warning';
}

/**
 * Environment for @forge/lint's scope checker: `USE_LOCAL_SWAGGER=1` and local spec files, so it never downloads
 * Atlassian's specs. Confluence gets the real ones; Jira, JSM, JSW and Bitbucket an empty OpenAPI document.
 * @param emptySpecDir a writable directory for the empty document
 * @throws Error if the shared Confluence specs are missing
 */
export function forgeLintEnvironment(specDir: string, emptySpecDir: string): Record<string, string> {
  const v1 = path.join(specDir, SPEC_FILES.v1);
  const v2 = path.join(specDir, SPEC_FILES.v2);
  for (const f of [v1, v2]) {
    if (!fs.existsSync(f)) throw new Error(`Atlassian's Confluence OpenAPI spec is missing: ${f}. The checks expect shared/confluence-openapi/ beside the checkout.`);
  }
  const empty = path.join(emptySpecDir, 'empty.openapi.json');
  fs.writeFileSync(empty, JSON.stringify({ openapi: '3.0.1', info: { title: 'empty', version: '0' }, paths: {} }));
  return {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_CONF_SWAGGER: v1,
    LOCAL_CONF_V2_SWAGGER: v2,
    LOCAL_JIRA_SWAGGER: empty,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  };
}

/**
 * Runs @forge/lint's client-side linters the way `forge lint` does (LintService.run: every file under ./src minus
 * .gitignore'd ones, plus UI Kit resource folders; the manifest from ./manifest.yml), offline. Must run with the
 * repo as the working directory (the linters read ./manifest.yml and ./tsconfig.json).
 *
 * One deliberate difference: files are parsed without building a type-checked TypeScript program (the linters
 * only walk the syntax tree; `tsc` in the same lint run reports type errors), which takes ~1 s instead of ~12 s.
 * A linter that crashes is reported as an error (@forge/lint itself only prints a warning).
 */
export async function runForgeLint(repoRoot: string, manifest: AppManifest, specDir: string): Promise<ForgeLintFinding[]> {
  if (path.resolve(process.cwd()) !== path.resolve(repoRoot)) throw new Error(`runForgeLint must run in ${repoRoot} (cwd is ${process.cwd()})`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-confluence-lint-'));
  const saved = { ...process.env };
  try {
    Object.assign(process.env, forgeLintEnvironment(specDir, tmp));
    const forgeLint = requireFromRepo('@forge/lint') as ForgeLintModule;
    const cliShared = createRequire(requireFromRepo.resolve('@forge/lint'))('@forge/cli-shared') as CliSharedModule;
    const reader = new cliShared.FileSystemReader();
    const exclude = [...(await cliShared.listGitIgnoreFiles(reader)), '.git', 'node_modules'];
    const nativeUiDirs = (manifest.resources ?? []).filter((r) => r.render === 'native' && typeof r.path === 'string').map((r) => path.dirname(r.path as string));
    const files = [...new Set((await Promise.all(['./src', ...nativeUiDirs].map((d) => reader.recursiveReadDir(d, exclude)))).flat())];

    const failures: string[] = [];
    const logger = {
      info: (message: string): void => {
        // eslint-disable-next-line no-control-regex -- strip chalk colours
        const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
        if (/Could not perform some linting actions/.test(plain)) failures.push(plain.trim());
      },
    };
    const parseWithoutProgram = (filepath: string, parser: TsParser): Promise<unknown> =>
      forgeLint.parseSourceFile(filepath, (code, file) => parser(code, file, { project: undefined, tsconfigRootDir: undefined }));
    const results = await forgeLint.lint(files, manifest, 'development', logger, { getDeprecatedRuntimes: () => Promise.resolve([]) }, {
      linter: { mode: 'client-side' },
      parseFunction: parseWithoutProgram,
    });
    const findings: ForgeLintFinding[] = [];
    for (const result of results) {
      const file = path.relative(repoRoot, path.resolve(result.file));
      for (const r of [...result.errors, ...result.approvals]) findings.push({ ...r, file, level: 'error' });
      for (const r of result.warnings) findings.push({ ...r, file, level: 'warning' });
    }
    for (const f of failures) findings.push({ file: '(@forge/lint)', level: 'error', message: f });
    return findings;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
