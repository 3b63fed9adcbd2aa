import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { ConfluenceClient, type ClientOptions, type Clock, type RetryNotice } from '../adapters/confluence/client';
import { ConfluenceError } from '../adapters/confluence/errors';
import type { ConfluencePath } from '../adapters/confluence/path';
import type { Space } from '../adapters/confluence/schemas';
import { readSpaceAccess } from '../adapters/confluence/space-access';
import { expandFindings } from '../domain/audit/findings';
import type { ScanJob } from '../domain/audit/scan-job';
import { MemoryStore } from '../domain/ports';
import { unknownGroups } from '../services/broad-groups';
import { scanToCompletion } from '../services/local-scan';
import type { ErrorKind } from '../shared/result';
import type { SpaceAccess } from '../shared/api';
import { CliError, describeFailure, formatError, networkReason, UsageError, type FailureContext } from './errors';
import { csvReport, jsonReport, spaceSummaryLines, totalLines, type SpaceAudit } from './report';
import { openTarget, type AuditSource, type AuditTarget } from './target';

/**
 * `secure-confluence audit`: the exposure audit of the Forge app, run from a terminal. It drives the same engine
 * (`scanToCompletion` over the sliced scan job, the same Confluence client and space-access reader) against a
 * real Confluence Cloud site (email + API token from an environment variable) or a site file served by the
 * emulator, and writes the open pages it finds as JSON or CSV.
 *
 * Everything with side effects comes in through {@link CliIo}, so tests run the command in-process.
 */

/** The command's I/O. `main.ts` wires it to the process; tests pass their own. */
export interface CliIo {
  /** Writes data (the report when there is no `--out`, and help). */
  stdout(text: string): void;
  /** Writes the summary and errors. */
  stderr(text: string): void;
  /** Environment variables (the API token is read from here, never from the command line). */
  env: Readonly<Record<string, string | undefined>>;
  /** Time: `generatedAt`, durations, and waits between retries. */
  clock: Clock;
  /** Directory that relative `--data` and `--out` paths are resolved against. */
  cwd: string;
  /**
   * Network limits in ms (tests shorten them): one request's timeout (default 30 s) and how long the site may give
   * no answer at all, while requests keep failing, before the audit gives up (default 2 minutes).
   */
  network?: { timeoutMs?: number; stallMs?: number };
}

const DEFAULT_STALL_MS = 120_000;

/** Why a request is being retried, for a `note:` line. */
function retryReason(retry: RetryNotice, siteLabel: string): string {
  if (retry.status === 0) return `${siteLabel} did not answer (${networkReason(retry.error)})`;
  if (retry.status === 429) return 'Confluence asked us to slow down (HTTP 429)';
  return `Confluence answered HTTP ${retry.status}`;
}

const SPACE_KEY = /^~?[A-Za-z0-9_-]{1,255}$/;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks a `--site` value and returns the site root (`https://name.atlassian.net`, no trailing slash). A trailing
 * `/wiki` is accepted and dropped. Only https, except http to a loopback address (the emulator, tests): the
 * token would otherwise cross the network in clear.
 * @returns the root, or a one-line problem
 */
export function parseSiteUrl(raw: string): { url: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: `--site: not a URL: ${JSON.stringify(raw)} (expected e.g. https://your-site.atlassian.net)` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return { problem: `--site must be an https:// address (http:// only for 127.0.0.1 or localhost): ${url.protocol}//${url.host}` };
  }
  if (url.username !== '' || url.password !== '')
    return { problem: '--site must not contain a user name or password: put the token in an environment variable' };
  if (url.search !== '' || url.hash !== '' || !/^\/?(wiki\/?)?$/.test(url.pathname)) {
    return { problem: `--site takes the site root, e.g. https://your-site.atlassian.net (not ${url.pathname}${url.search})` };
  }
  return { url: `${url.protocol}//${url.host}` };
}

const siteUrlSchema = z.string().transform((raw, ctx) => {
  const parsed = parseSiteUrl(raw);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return parsed.url;
});

/** The validated options of `audit`. See docs/cli.md. */
export const auditOptionsSchema = z.object({
  source: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('file'),
      path: z.string().min(1, { error: '--data needs a file path' }),
      as: z
        .string()
        .regex(ACCOUNT_ID, { error: (issue) => `--as takes an accountId, not ${JSON.stringify(issue.input)}` })
        .nullable(),
    }),
    z.object({
      kind: z.literal('site'),
      url: siteUrlSchema,
      email: z.string().regex(EMAIL, { error: (issue) => `--email: not an email address: ${JSON.stringify(issue.input)}` }),
      tokenEnv: z.string().regex(ENV_NAME, { error: (issue) => `--token-env: not an environment variable name: ${JSON.stringify(issue.input)}` }),
    }),
  ]),
  spaces: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('keys'),
      keys: z
        .array(z.string().regex(SPACE_KEY, { error: (issue) => `--space: not a space key: ${JSON.stringify(issue.input)}` }))
        .min(1, { error: '--space needs a space key' }),
    }),
    z.object({ kind: z.literal('all'), includePersonal: z.boolean() }),
  ]),
  includeArchived: z.boolean(),
  broadGroups: z.array(z.string().trim().min(1, { error: '--broad-group needs a group name' })).min(1, { error: '--broad-group needs a group name' }),
  /** False when `broadGroups` is the default, which a site may not have (a warning, not an error). */
  broadGroupsGiven: z.boolean(),
  format: z.enum(['json', 'csv']),
  out: z.string().min(1, { error: '--out needs a file path' }).nullable(),
  force: z.boolean(),
  quiet: z.boolean(),
  debug: z.boolean(),
});

/** Options of one `audit` run, as validated by {@link auditOptionsSchema}. */
export type AuditOptions = z.output<typeof auditOptionsSchema>;

/** What commander hands over for `audit` before validation. */
interface RawAuditOptions {
  data?: string;
  as?: string;
  site?: string;
  email?: string;
  tokenEnv: string;
  token?: string;
  space?: string[];
  all?: boolean;
  includePersonal?: boolean;
  includeArchived?: boolean;
  broadGroup?: string[];
  format: string;
  out?: string;
  force?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

/** Default broad group: Confluence Cloud's default product group, which holds every licensed user. */
export const DEFAULT_BROAD_GROUPS = ['confluence-users'];
const DEFAULT_TOKEN_ENV = 'CONFLUENCE_API_TOKEN';
const AUDIT_USAGE = '(--data FILE [--as ACCOUNT_ID] | --site URL --email EMAIL) (--space KEY | --all) [options]';

const HELP_AFTER = `
Examples:
  secure-confluence audit --data tools/emulator/sites/demo-site.json --space DIG
  secure-confluence audit --data site.json --all --format csv --out open-pages.csv
  read -rs CONFLUENCE_API_TOKEN && export CONFLUENCE_API_TOKEN
  secure-confluence audit --site https://your-site.atlassian.net --email you@dept.gov.uk --space DIG,POL

The API token is read from the environment variable named by --token-env (default ${DEFAULT_TOKEN_ENV}),
never from the command line. Nothing is written to Confluence.

Exit codes: 0 no open pages found, 1 open pages found, 2 usage or access error.
`;

function collectList(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

function buildProgram(out: string[], err: string[], onAudit: (raw: RawAuditOptions) => void): Command {
  const program = new Command('secure-confluence')
    .description('Secure Confluence from the command line.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void out.push(s), writeErr: (s) => void err.push(s), outputError: () => undefined })
    .showSuggestionAfterError(true);
  program
    .command('audit')
    .description('List the pages and blog posts that everyone who can see their space can read (the exposure audit of the Secure Confluence app).')
    .usage(AUDIT_USAGE)
    .option('--data <file>', 'audit a site file (the emulator format, docs/emulator.md), served on 127.0.0.1 for the run')
    .option('--as <accountId>', 'with --data: scan as this user instead of the app')
    .option('--site <url>', 'audit a Confluence Cloud site, e.g. https://your-site.atlassian.net')
    .option('--email <email>', 'with --site: your Atlassian account email')
    .option('--token-env <name>', 'with --site: environment variable holding your API token', DEFAULT_TOKEN_ENV)
    .addOption(new Option('--token <value>').hideHelp())
    .option('--space <keys>', 'space key to audit (repeat, or a comma list)', collectList)
    .option('--all', 'audit every current space you can see (personal spaces only with --include-personal)')
    .option('--include-personal', 'with --all: include personal spaces')
    .option('--include-archived', 'include archived pages and blog posts (and, with --all, archived spaces)')
    .option('--broad-group <name>', `a group that holds everyone (repeatable; default ${DEFAULT_BROAD_GROUPS.join(', ')})`, collectList)
    .addOption(new Option('--format <format>', 'report format').choices(['json', 'csv']).default('json'))
    .option('--out <file>', 'write the report to this file (default: stdout)')
    .option('--force', 'with --out: overwrite an existing file')
    .option('--quiet', 'no summary on stderr (errors and warnings are still shown)')
    .option('--debug', 'show error details and stacks')
    .addHelpText('after', HELP_AFTER)
    .action((raw: RawAuditOptions) => onAudit(raw));
  return program;
}

/** Turns commander's raw options into the shape {@link auditOptionsSchema} validates. @throws UsageError */
function toCandidate(raw: RawAuditOptions): unknown {
  if (raw.token !== undefined) {
    throw new UsageError(
      `--token is not accepted: a token on the command line lands in shell history. Put it in $${DEFAULT_TOKEN_ENV} (or name a variable with --token-env).`,
    );
  }
  if (raw.data !== undefined && raw.site !== undefined) throw new UsageError('Use --data or --site, not both.');
  if (raw.data === undefined && raw.site === undefined) throw new UsageError('Say what to audit: --data FILE (a site file) or --site URL --email EMAIL.');
  if (raw.data !== undefined && raw.email !== undefined) throw new UsageError('--email goes with --site, not --data.');
  if (raw.site !== undefined && raw.as !== undefined) throw new UsageError('--as goes with --data; with --site the audit runs as the account of --email.');
  if (raw.site !== undefined && raw.email === undefined) throw new UsageError('--site needs --email (the account the API token belongs to).');
  const keys = raw.space;
  if (keys !== undefined && raw.all === true) throw new UsageError('Use --space or --all, not both.');
  if (keys === undefined && raw.all !== true) throw new UsageError('Choose the spaces: --space KEY (repeatable, or KEY1,KEY2) or --all.');
  if (raw.includePersonal === true && raw.all !== true) throw new UsageError('--include-personal goes with --all.');
  if (raw.force === true && raw.out === undefined) throw new UsageError('--force goes with --out.');
  return {
    source:
      raw.data !== undefined ? { kind: 'file', path: raw.data, as: raw.as ?? null } : { kind: 'site', url: raw.site, email: raw.email, tokenEnv: raw.tokenEnv },
    spaces: keys !== undefined ? { kind: 'keys', keys: [...new Set(keys)] } : { kind: 'all', includePersonal: raw.includePersonal === true },
    includeArchived: raw.includeArchived === true,
    broadGroups: raw.broadGroup ?? DEFAULT_BROAD_GROUPS,
    broadGroupsGiven: raw.broadGroup !== undefined,
    format: raw.format,
    out: raw.out ?? null,
    force: raw.force === true,
    quiet: raw.quiet === true,
    debug: raw.debug === true,
  };
}

/** The outcome of reading a command line: run the audit, print help (exit 0), or refuse (exit 2). */
export type ParsedCommand = { kind: 'audit'; options: AuditOptions } | { kind: 'help'; text: string } | { kind: 'usage-error'; text: string };

function usageText(message: string, command: 'audit' | null): string {
  const usage = command === 'audit' ? `Usage: secure-confluence audit ${AUDIT_USAGE}` : 'Usage: secure-confluence audit [options]';
  const help = command === 'audit' ? 'secure-confluence audit --help' : 'secure-confluence --help';
  return `error: ${message.replace(/^error: /, '')}\n${usage}  (see ${help})\n`;
}

/**
 * Reads a command line (without the node and script arguments), e.g. `['audit', '--data', 'site.json', '--all']`.
 * Never throws and never exits: unknown options, missing choices and bad values come back as `usage-error` with
 * the message and the usage line.
 */
export function parseCommand(argv: readonly string[]): ParsedCommand {
  const out: string[] = [];
  const err: string[] = [];
  let raw: RawAuditOptions | undefined;
  const program = buildProgram(out, err, (r) => {
    raw = r;
  });
  const command = argv[0] === 'audit' ? 'audit' : null;
  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // `--help` and `help [command]` exit 0 with the help on writeOut; no command at all exits 1 on writeErr.
      if (e.code === 'commander.helpDisplayed' || (e.code === 'commander.help' && e.exitCode === 0)) return { kind: 'help', text: out.join('') };
      if (e.code === 'commander.help') return { kind: 'usage-error', text: usageText('no command given: the command is "audit"', null) };
      return { kind: 'usage-error', text: usageText(e.message, command) };
    }
    throw e;
  }
  if (raw === undefined) return { kind: 'usage-error', text: usageText('no command given: the command is "audit"', null) };
  try {
    const parsed = auditOptionsSchema.safeParse(toCandidate(raw));
    if (!parsed.success) return { kind: 'usage-error', text: usageText(parsed.error.issues[0]?.message ?? 'invalid options', 'audit') };
    return { kind: 'audit', options: parsed.data };
  } catch (e) {
    if (e instanceof UsageError) return { kind: 'usage-error', text: usageText(e.message, 'audit') };
    throw e;
  }
}

/**
 * Runs a whole command line: parses it, prints help or a usage error, or runs the audit.
 * @returns the exit code: 0 no open pages, 1 open pages found, 2 usage or access error (help: 0)
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCommand(argv);
  switch (command.kind) {
    case 'help':
      io.stdout(command.text);
      return 0;
    case 'usage-error':
      io.stderr(command.text);
      return 2;
    case 'audit':
      return runAudit(command.options, io);
  }
}

/** Checks `--out` before any work, so a long scan never ends in "file exists". @returns the absolute path */
function checkOut(file: string, force: boolean): string {
  const dir = path.dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`Cannot write ${file}: the folder ${dir} does not exist.`);
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new CliError(`${file} is a folder: --out needs a file name.`);
    if (!force) throw new CliError(`${file} already exists: not overwriting it.`, 'Choose another --out, or add --force to replace it.');
  }
  return file;
}

function writeOut(file: string, content: string, force: boolean): void {
  try {
    // Owner-only permissions: the report lists titles of pages, which may still be sensitive.
    writeFileSync(file, content, { flag: force ? 'w' : 'wx', mode: 0o600 });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'EEXIST') throw new CliError(`${file} appeared while the audit ran: not overwriting it.`, 'Run again with another --out, or add --force.', e);
    throw new CliError(`Cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`, undefined, e);
  }
}

/** Most pages of the space listing read for `--all` (250 spaces a page: 100,000 spaces). */
const MAX_SPACE_PAGES = 400;

async function listSpaces(client: ConfluenceClient, options: AuditOptions, principal: string): Promise<Space[]> {
  if (options.spaces.kind === 'keys') {
    const found: Space[] = [];
    for (const key of options.spaces.keys) {
      const space = await client.spaceByKey(key);
      if (space === null)
        throw new CliError(
          `Unknown space key ${key}: there is no such space, or ${principal} cannot see it.`,
          '--all lists every space you can see.',
        );
      // The same space named twice (or in another case, which Confluence matches too) is audited once.
      if (!found.some((s) => s.id === space.id)) found.push(space);
    }
    return found;
  }
  const statuses = options.includeArchived ? ['current', 'archived'] : ['current'];
  const all: Space[] = [];
  for (const status of statuses) {
    let next: ConfluencePath | null = null;
    for (let i = 0; i < MAX_SPACE_PAGES; i++) {
      const page = await client.spaces(next, { status });
      all.push(...page.results);
      next = page.next;
      if (next === null) break;
    }
  }
  const includePersonal = options.spaces.includePersonal;
  return all.filter((s) => includePersonal || s.type !== 'personal').sort((a, b) => a.key.localeCompare(b.key, 'en'));
}

/**
 * Checks the broad groups against the site's groups, as the app does when an admin saves them: a misspelt group
 * would quietly turn every page restricted to it into "restricted". Unknown groups named with `--broad-group`
 * are an error; an unknown default only warns. Skipped (with a note) when the account may not list groups.
 * @returns warning lines for the summary
 */
async function checkBroadGroups(client: ConfluenceClient, options: AuditOptions): Promise<string[]> {
  let unknown: string[];
  try {
    unknown = await unknownGroups(client, options.broadGroups);
  } catch (e) {
    if (e instanceof ConfluenceError && (e.kind === 'not-permitted' || e.kind === 'missing-scope' || e.kind === 'not-found')) {
      return [`note: could not list the site's groups to check ${options.broadGroups.join(', ')}; using them as given.`];
    }
    throw e;
  }
  if (unknown.length === 0) return [];
  if (options.broadGroupsGiven) {
    throw new CliError(
      `--broad-group: ${unknown.map((g) => JSON.stringify(g)).join(', ')} ${unknown.length === 1 ? 'is not a group' : 'are not groups'} on this site.`,
      'Check the spelling (any case) against the groups in Confluence administration.',
    );
  }
  return [
    `warning: ${unknown.join(', ')} is not a group on this site: pages restricted to the site's default group will count as restricted. Name it with --broad-group.`,
  ];
}

/** Reads who can see the space; null when this account may not read the permissions (the scan still runs). */
async function readAccess(client: ConfluenceClient, spaceId: string, broadGroups: readonly string[]): Promise<SpaceAccess | null> {
  try {
    return await readSpaceAccess(client, spaceId, broadGroups);
  } catch (e) {
    if (e instanceof ConfluenceError && (e.kind === 'not-permitted' || e.kind === 'missing-scope' || e.kind === 'not-found' || e.kind === 'invalid-input'))
      return null;
    throw e;
  }
}

const ERROR_KINDS: readonly ErrorKind[] = ['invalid-input', 'not-permitted', 'not-found', 'missing-scope', 'rate-limited', 'upstream', 'busy', 'internal'];

async function auditSpace(target: AuditTarget, space: Space, options: AuditOptions, clientOptions: ClientOptions & { clock: Clock }, note: (line: string) => void): Promise<SpaceAudit> {
  // One client per space: each space gets its own retry budget, as each Forge scan job does.
  const client = new ConfluenceClient(target.transport, clientOptions);
  const access = await readAccess(client, space.id, options.broadGroups);
  let last: ScanJob | undefined;
  let result: Awaited<ReturnType<typeof scanToCompletion>>;
  try {
    result = await scanToCompletion({
      client,
      store: new MemoryStore(),
      space: { id: space.id, key: space.key },
      broadGroups: options.broadGroups,
      includeArchived: options.includeArchived,
      sleep: (ms) => {
        if (ms >= 1_000) note(`note: the scan of ${space.key} paused after repeated failures; resuming in ${Math.round(ms / 1000)} s`);
        return clientOptions.clock.sleep(ms);
      },
      onProgress: (job) => {
        last = job;
      },
    });
  } catch (e) {
    // The engine keeps only the error's kind; the transport knows the status (0: the network) behind it.
    const failure = last?.error;
    if (!failure || failure.kind === 'internal') throw e;
    const kind = ERROR_KINDS.find((k) => k === failure.kind) ?? 'upstream';
    // No failed request behind it: every answer was HTTP 2xx, so the failure is in what one of them said.
    throw new ConfluenceError(kind, target.transport.lastFailure()?.status ?? 200, failure.message);
  }
  const counts = result.job.counts;
  return {
    key: space.key,
    name: space.name,
    id: space.id,
    access,
    summary: { scanned: counts.open + counts.broadGroup + counts.restricted, open: counts.open, broadGroup: counts.broadGroup, restricted: counts.restricted },
    findings: expandFindings(result.findings, target.siteUrl),
  };
}

function contextWithoutTarget(options: AuditOptions, doing: string | undefined): FailureContext {
  const source: AuditSource = options.source;
  return {
    siteLabel: source.kind === 'site' ? source.url : source.path,
    auth:
      source.kind === 'site'
        ? { kind: 'token', email: source.email, tokenEnv: source.tokenEnv }
        : { kind: 'file', source: source.path, principal: source.as ?? 'app' },
    ...(doing !== undefined ? { doing } : {}),
  };
}

/**
 * Runs the audit: opens the source (starting the emulator for a site file), checks the credentials, lists the
 * spaces, reads each space's access and scans it with the app's engine, then writes the report (JSON or CSV) to
 * `--out` or stdout and a summary to stderr. Nothing is written to Confluence.
 * @returns the exit code: 0 no open pages found, 1 open pages found, 2 an error (message on stderr; nothing is
 *   written to `--out` then)
 */
export async function runAudit(options: AuditOptions, io: CliIo): Promise<number> {
  const started = io.clock.now();
  const say = (lines: string[]): void => {
    if (!options.quiet) io.stderr(lines.map((l) => `${l}\n`).join(''));
  };
  let target: AuditTarget | undefined;
  let doing: string | undefined;
  // Waits between retries go through this clock: it gives up once the site has not answered for stallMs, and
  // after the audit has ended (a read-ahead still retrying must not keep the process alive).
  let stalled: CliError | null = null;
  let ended = false;
  const stallMs = io.network?.stallMs ?? DEFAULT_STALL_MS;
  /** True once the site has been silent for stallMs: the next wait gives up, so no retry should be announced. */
  const givingUp = (): boolean => target !== undefined && target.transport.silentForMs() >= stallMs;
  const clock: Clock = {
    now: () => io.clock.now(),
    random: () => io.clock.random(),
    sleep: async (ms) => {
      if (ended) throw new Error('The audit has ended');
      if (target && givingUp()) {
        const silent = target.transport.silentForMs();
        const context = target.failureContext();
        stalled ??= new CliError(
          `No answer from ${context.siteLabel} for ${Math.round(silent / 1000)} s (${networkReason(context.lastNetworkError)}); giving up.`,
          'Check the site address and your network connection, then try again.',
        );
        throw stalled;
      }
      await io.clock.sleep(ms);
    },
  };
  try {
    const out = options.out === null ? null : checkOut(path.resolve(io.cwd, options.out), options.force);
    target = await openTarget(options.source, io);
    const siteLabel = target.failureContext().siteLabel;
    say([`Auditing ${target.siteUrl} as ${target.principal}`]);
    const clientOptions = {
      clock,
      onRetry: (retry: RetryNotice) => {
        if (givingUp()) return;
        say([`note: ${retryReason(retry, siteLabel)}; retrying in ${(retry.waitMs / 1000).toFixed(1)} s (attempt ${retry.attempt + 1} of ${retry.maxAttempts})`]);
      },
    };
    const client = new ConfluenceClient(target.transport, clientOptions);
    doing = 'checking the broad groups';
    // Shown even with --quiet: it changes what the numbers mean.
    for (const line of await checkBroadGroups(client, options)) io.stderr(`${line}\n`);
    doing = 'listing spaces';
    const spaces = await listSpaces(client, options, target.principal);
    if (spaces.length === 0) say(['No spaces to audit: this account can see no matching spaces.']);
    const audits: SpaceAudit[] = [];
    for (const space of spaces) {
      doing = `auditing ${space.key}`;
      const spaceStarted = io.clock.now();
      const audit = await auditSpace(target, space, options, clientOptions, (line) => {
        if (!givingUp()) say([line]);
      });
      audits.push(audit);
      say(spaceSummaryLines(audit, io.clock.now() - spaceStarted));
    }
    doing = undefined;
    const report = options.format === 'json' ? jsonReport(target.siteUrl, new Date(io.clock.now()).toISOString(), audits) : csvReport(audits);
    if (out === null) io.stdout(report);
    else writeOut(out, report, options.force);
    say(totalLines(audits, io.clock.now() - started, out ?? 'stdout'));
    return audits.some((a) => a.findings.length > 0) ? 1 : 0;
  } catch (e) {
    const context = target ? target.failureContext(doing) : contextWithoutTarget(options, doing);
    io.stderr(formatError(describeFailure(stalled ?? e, context), options.debug));
    return 2;
  } finally {
    ended = true;
    await target?.close().catch(() => undefined);
  }
}
