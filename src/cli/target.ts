import path from 'node:path';
import { discardBody, type ConfluenceTransport, type HttpMethod, type HttpResponse } from '../adapters/confluence/client';
import { confluencePath, withQuery, type ConfluencePath } from '../adapters/confluence/path';
import { basicAuthorization, httpTransport } from '../adapters/http/http-transport';
import { APP_BEARER, bearerForUser, loadSite, SiteFileError, startEmulator, type Emulator } from '../../tools/emulator';
import { CliError, rejectedCredentials, unreachable, type FailureContext } from './errors';

/**
 * Where the audit's requests go: a real Confluence Cloud site (email + API token over https), or a site file
 * served for the run by the emulator on 127.0.0.1 (as the app principal, or as a user with `--as`).
 */

/** What to audit, as validated from the command line. */
export type AuditSource = { kind: 'file'; path: string; as: string | null } | { kind: 'site'; url: string; email: string; tokenEnv: string };

/**
 * A transport that remembers its last failure — an HTTP status, or what the transport threw (status 0) — so a failure
 * reported later (e.g. by the scan engine, which keeps only an error kind) can be explained.
 */
export interface ObservedTransport extends ConfluenceTransport {
  lastFailure(): { status: number; error?: unknown } | null;
  /**
   * How long, in ms of wall-clock time, the site has given no answer while requests kept failing on the network (0
   * once any HTTP answer came back, whatever its status).
   */
  silentForMs(): number;
  /** Closes the connections, aborting requests still in flight. */
  close(): Promise<void>;
}

/** An open connection to the site being audited. Call {@link AuditTarget.close} when done. */
export interface AuditTarget {
  /** The site's own URL (no trailing slash): the report's `site`, and the base of finding links. */
  siteUrl: string;
  /** Who the requests run as, for the summary, e.g. `priya@dept.gov.uk` or `the app (site file demo.json)`. */
  principal: string;
  transport: ObservedTransport;
  /** Context for wording failures. */
  failureContext(doing?: string): FailureContext;
  close(): Promise<void>;
}

function observe(inner: ConfluenceTransport & { close(): Promise<void> }): ObservedTransport {
  let last: { status: number; error?: unknown } | null = null;
  let answeredAt = Date.now();
  let failing = false;
  return {
    async request(method: HttpMethod, p: ConfluencePath, body?: unknown): Promise<HttpResponse> {
      let response: HttpResponse;
      try {
        response = await inner.request(method, p, body);
      } catch (e) {
        last = { status: 0, error: e };
        failing = true;
        throw e;
      }
      answeredAt = Date.now();
      failing = false;
      if (!response.ok) last = { status: response.status };
      return response;
    },
    lastFailure: () => last,
    silentForMs: () => (failing ? Math.max(0, Date.now() - answeredAt) : 0),
    close: () => inner.close(),
  };
}

function networkError(transport: ObservedTransport): { lastNetworkError?: unknown } {
  const last = transport.lastFailure();
  return last?.status === 0 ? { lastNetworkError: last.error } : {};
}

/** The first line of a {@link SiteFileError} (file, JSON path, problem) and how many more problems there are. */
function siteFileError(e: SiteFileError): CliError {
  const head = e.issues[0];
  // A file that cannot be read or parsed has its problem at the root: no JSON path to name.
  const first = head && head.path === '' ? `${e.source}: ${head.message}` : (e.message.split('\n')[0] ?? e.message);
  const more = e.issues.length - 1;
  return new CliError(
    `Invalid site file: ${first}`,
    more > 0 ? `… and ${more} more problem${more === 1 ? '' : 's'} (run with --debug to list them).` : undefined,
    e,
  );
}

async function openFile(source: Extract<AuditSource, { kind: 'file' }>, cwd: string, timeoutMs: number | undefined): Promise<AuditTarget> {
  const file = path.resolve(cwd, source.path);
  let site;
  try {
    site = loadSite(file);
  } catch (e) {
    if (e instanceof SiteFileError) throw siteFileError(e);
    throw e;
  }
  const label = path.basename(file);
  let principal = `the app (site file ${label})`;
  if (source.as !== null) {
    const user = site.data.users.find((u) => u.accountId === source.as);
    if (!user) throw new CliError(`The site file ${label} has no user ${source.as}.`, 'Give --as the accountId of one of its users.');
    if (user.status !== 'active') throw new CliError(`The user ${source.as} in ${label} is deactivated and cannot sign in.`);
    principal = `${user.displayName} (${user.accountId}, site file ${label})`;
  }
  const emulator: Emulator = await startEmulator({ site, port: 0 });
  const transport = observe(httpTransport({ baseUrl: emulator.url, authorization: source.as === null ? APP_BEARER : bearerForUser(source.as), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }));
  return {
    siteUrl: site.data.site.baseUrl.replace(/\/+$/, ''),
    principal,
    transport,
    failureContext: (doing) => ({
      siteLabel: emulator.url,
      auth: { kind: 'file', source: label, principal: source.as ?? 'app' },
      ...networkError(transport),
      ...(doing !== undefined ? { doing } : {}),
    }),
    close: async () => {
      await transport.close();
      await emulator.stop();
    },
  };
}

function openSite(source: Extract<AuditSource, { kind: 'site' }>, env: Readonly<Record<string, string | undefined>>, timeoutMs: number | undefined): AuditTarget {
  const raw = env[source.tokenEnv];
  const token = raw?.trim() ?? '';
  if (token === '') {
    throw new CliError(
      `The environment variable ${source.tokenEnv} is ${raw === undefined ? 'not set' : 'empty'}: it must hold an Atlassian API token for ${source.email}.`,
      `Set it without putting the token in your shell history (e.g. read -rs ${source.tokenEnv} && export ${source.tokenEnv}); see docs/cli.md.`,
    );
  }
  const transport = observe(httpTransport({ baseUrl: source.url, authorization: basicAuthorization(source.email, token), ...(timeoutMs !== undefined ? { timeoutMs } : {}) }));
  return {
    siteUrl: source.url,
    principal: source.email,
    transport,
    failureContext: (doing) => ({
      siteLabel: source.url,
      auth: { kind: 'token', email: source.email, tokenEnv: source.tokenEnv },
      ...networkError(transport),
      ...(doing !== undefined ? { doing } : {}),
    }),
    close: () => transport.close(),
  };
}

/**
 * Opens the source: loads and validates a site file and starts the emulator for it, or checks that the token's
 * environment variable is set. Then checks, with one `getCurrentUser` request and no retries, that the site
 * answers and accepts the credentials, so a typo in the address or a wrong token fails at once and clearly.
 * @throws CliError for a bad site file, an unknown `--as` user, a missing token, an unreachable site (with the
 *   system's reason), a site that is not Confluence Cloud (a redirect, 404, or an answer that is not a user), or
 *   credentials that Confluence rejects (401) or refuses (403)
 */
export async function openTarget(
  source: AuditSource,
  io: { env: Readonly<Record<string, string | undefined>>; cwd: string; network?: { timeoutMs?: number } },
): Promise<AuditTarget> {
  const timeoutMs = io.network?.timeoutMs;
  const target = source.kind === 'file' ? await openFile(source, io.cwd, timeoutMs) : openSite(source, io.env, timeoutMs);
  try {
    await checkCredentials(target);
    return target;
  } catch (e) {
    await target.close();
    throw e;
  }
}

async function checkCredentials(target: AuditTarget): Promise<void> {
  let response: HttpResponse;
  try {
    response = await target.transport.request('GET', withQuery(confluencePath`/wiki/rest/api/user/current`, {}));
  } catch (e) {
    throw unreachable(target.failureContext(), e);
  }
  if (!response.ok) await discardBody(response);
  const site = target.failureContext().siteLabel;
  const hint = 'Give --site the root of the Confluence Cloud site, such as https://your-site.atlassian.net.';
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    throw new CliError(`${site} answered with a redirect (HTTP ${response.status}${location ? ` to ${location}` : ''}), not with Confluence's REST API.`, hint);
  }
  if (response.status === 404) throw new CliError(`${site} has no Confluence REST API at /wiki/rest/api (HTTP 404).`, hint);
  if (response.status === 401) throw rejectedCredentials(target.failureContext());
  if (response.status === 403) {
    throw new CliError(
      `Confluence refused access (HTTP 403) at ${target.failureContext().siteLabel}.`,
      'The account may lack Confluence access, or the API token may lack scopes.',
    );
  }
  if (!response.ok) return; // 429/5xx: the client's retries deal with those on the real requests
  const body: unknown = await response.json().catch(() => null);
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') throw new CliError(`${site} answered, but not as Confluence Cloud: /wiki/rest/api/user/current did not return a user.`, hint);
  // Some servers answer a failed Basic login as the anonymous user rather than with 401.
  if (type === 'anonymous' && target.failureContext().auth.kind === 'token') throw rejectedCredentials(target.failureContext());
}
