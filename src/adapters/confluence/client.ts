import type { z } from 'zod';
import { ConfluenceError, kindForStatus, parseRetryAfter } from './errors';
import { confluencePath, nextFromLinkHeader, nextLinkPath, withLimit, withQuery, type ConfluencePath } from './path';
import { DEFAULT_RETRY_POLICY, RetryBudget, backoffDelay, isRetryable, type RetryPolicy } from './retry';
import * as s from './schemas';

/**
 * How requests leave the app. The Forge adapter sends them with `@forge/api` as the user or as the app; the CLI
 * sends them with `fetch` and an API token. Either way the client above it is the same.
 */
/**
 * The part of a WHATWG `Response` the client reads. Both `fetch` and `@forge/api` (whose `Response` type is a
 * subset of the WHATWG one) satisfy it.
 */
export interface HttpResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
  /**
   * The raw body bytes, where the transport offers them (fetch's `Response` and `@forge/api`'s do). Lets the
   * audit find a search page's `next` link in the last bytes before decoding the whole body.
   */
  arrayBuffer?(): Promise<ArrayBuffer>;
}

export interface ConfluenceTransport {
  /** Sends one REST request. `body` is JSON-encoded when given. Network failures reject. */
  request(method: HttpMethod, path: ConfluencePath, body?: unknown): Promise<HttpResponse>;
  /** Sends one GraphQL query to the Atlassian gateway (Forge: `requestGraph`), or is absent where unavailable. */
  graphql?(query: string, variables: Record<string, unknown>): Promise<HttpResponse>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Time and randomness, injectable for deterministic tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Options for {@link ConfluenceClient}. */
export interface ClientOptions {
  policy?: Partial<RetryPolicy>;
  /** Shared retry budget for one piece of work; default 20 retries. */
  budget?: RetryBudget;
  clock?: Clock;
  /** Milliseconds left in the invocation; a wait that would overrun it fails fast instead. */
  remainingMs?: () => number;
  /** Told before each wait to retry (the command line prints it, so a slow site is not silence). */
  onRetry?: (retry: RetryNotice) => void;
}

/** A retry about to happen: what failed (status 0: the network, with its error), and how long the client waits. */
export interface RetryNotice {
  method: HttpMethod;
  path: ConfluencePath;
  status: number;
  error?: unknown;
  /** The attempt that failed (1 = the first), and the most the policy allows. */
  attempt: number;
  maxAttempts: number;
  waitMs: number;
}

/** Reads and drops a body nobody needs: a transport may hold its connection until the body is read (undici does). */
export async function discardBody(response: HttpResponse): Promise<void> {
  await response.text().catch(() => '');
}

/** One page of a paginated listing; `next` is the site-relative path of the next page, or null at the end. */
/**
 * A `searchContentByCQL` page whose bytes have arrived (see {@link ConfluenceClient.searchContentReceived}).
 * `nextHint` is only a hint, read before the body is parsed: the page's real `next` is the one `parse()` returns.
 */
export interface ReceivedSearchPage {
  readonly nextHint: ConfluencePath | null;
  /** Decodes, parses and validates the body. @throws ConfluenceError(`upstream`) on an unexpected shape */
  parse(): Page<s.SearchContent>;
}

/** How many bytes from the end of a v1 search body are searched for `_links.next` (the links object is last). */
const NEXT_TAIL_BYTES = 4096;
const NEXT_IN_TAIL = /"next":"((?:[^"\\]|\\.)*)"/g;

/**
 * The last `"next":"…"` in the tail of a v1 search body, unescaped, or null. Inside any JSON string value quotes
 * are escaped, so the pattern matches only a real `next` member (and a wrong hint costs one request, never a result).
 */
function nextFromTail(tail: string): string | null {
  let last: string | null = null;
  for (const m of tail.matchAll(NEXT_IN_TAIL)) last = m[1] ?? null;
  if (last === null) return null;
  try {
    return JSON.parse(`"${last}"`) as string;
  } catch {
    return null;
  }
}

function safeNextLinkPath(link: string): ConfluencePath | null {
  try {
    return nextLinkPath(link);
  } catch {
    return null;
  }
}

export interface Page<T> {
  results: T[];
  next: ConfluencePath | null;
  /** The page size the server actually used (it may cap what was asked). */
  limit: number | undefined;
}

/** Counters for benchmarks and tests. */
export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
}

const SAFETY_MARGIN_MS = 1_500;

/**
 * The v1 search expansions the exposure audit needs, and no more: own restrictions, ancestor ids, who created it
 * (`history`) and who last changed it when (`version`, smaller than `history.lastUpdated`). Never ancestors'
 * restrictions (CONFCLOUD-77618).
 */
export const AUDIT_EXPAND = [
  'restrictions.read.restrictions.user',
  'restrictions.read.restrictions.group',
  'restrictions.update.restrictions.user',
  'restrictions.update.restrictions.group',
  'ancestors',
  'history',
  'version',
] as const;

/**
 * A typed Confluence Cloud REST client for exactly the operations this app uses, with retries (429 honours
 * `Retry-After`; 5xx and network errors back off exponentially with jitter), a shared retry budget, response
 * validation, and one mapping from failures to {@link ConfluenceError} kinds.
 */
export class ConfluenceClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0 };
  private readonly policy: RetryPolicy;
  private readonly budget: RetryBudget;
  private readonly clock: Clock;

  constructor(
    private readonly transport: ConfluenceTransport,
    private readonly options: ClientOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.budget = options.budget ?? new RetryBudget(20);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Sends a request, retrying what is worth retrying.
   * @param adapt called before a retry after a 5xx with the failed path; may return a cheaper path (e.g. a
   *   smaller page). Used by the audit to halve its page size.
   * @throws ConfluenceError once the attempts, the budget or the invocation's time run out, or at once for
   *   non-retryable statuses.
   */
  async send(method: HttpMethod, path: ConfluencePath, body?: unknown, adapt?: (path: ConfluencePath) => ConfluencePath): Promise<HttpResponse> {
    let current = path;
    for (let attempt = 1; ; attempt++) {
      this.stats.requests += 1;
      let response: HttpResponse | undefined;
      let status = 0;
      let text = '';
      let thrown: unknown;
      try {
        response = await this.transport.request(method, current, body);
        status = response.status;
      } catch (e) {
        thrown = e;
        text = e instanceof Error ? e.message : String(e);
      }
      if (response && response.ok) return response;
      if (response) text = await response.text().catch(() => '');

      const retryAfterMs = response ? parseRetryAfter(response.headers.get('retry-after'), this.clock.now()) : undefined;
      if (status === 429) this.stats.rateLimited += 1;
      if (status >= 500) this.stats.serverErrors += 1;
      const failure = () =>
        new ConfluenceError(kindForStatus(status, text), status, `${method} ${current} → ${status || 'network error'} ${text.slice(0, 300)}`, retryAfterMs);

      if (!isRetryable(status) || attempt >= this.policy.maxAttempts) throw failure();
      let wait = retryAfterMs ?? backoffDelay(this.policy, attempt, this.clock.random());
      if (status === 429 && retryAfterMs === undefined) wait = Math.max(wait, this.policy.baseDelayMs);
      if (retryAfterMs !== undefined && retryAfterMs > this.policy.maxRetryAfterMs) throw failure();
      const remaining = this.options.remainingMs?.();
      if (remaining !== undefined && wait + SAFETY_MARGIN_MS > remaining) throw failure();
      if (!this.budget.take()) throw failure();
      this.stats.retries += 1;
      this.options.onRetry?.({ method, path: current, status, ...(thrown !== undefined ? { error: thrown } : {}), attempt, maxAttempts: this.policy.maxAttempts, waitMs: wait });
      await this.clock.sleep(wait);
      if (status >= 500 && adapt) current = adapt(current);
    }
  }

  /** Sends and parses the JSON body with `schema`. @throws ConfluenceError(`upstream`) on an unexpected shape. */
  async json<T extends z.ZodType>(schema: T, method: HttpMethod, path: ConfluencePath, body?: unknown, adapt?: (p: ConfluencePath) => ConfluencePath): Promise<{ data: z.infer<T>; response: HttpResponse }> {
    const response = await this.send(method, path, body, adapt);
    const raw: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ConfluenceError('upstream', response.status, `${method} ${path}: unexpected response shape: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return { data: parsed.data, response };
  }

  // ----------------------------------------------------------------------------------------------------------
  // Users

  /** `getCurrentUser` (v1 GET /wiki/rest/api/user/current?expand=operations): the caller, with site operations. */
  async currentUser(): Promise<s.User> {
    return (await this.json(s.user, 'GET', withQuery(confluencePath`/wiki/rest/api/user/current`, { expand: 'operations' }))).data;
  }

  /** `getUser` (v1 GET /wiki/rest/api/user?accountId=). */
  async user(accountId: string): Promise<s.User> {
    return (await this.json(s.user, 'GET', withQuery(confluencePath`/wiki/rest/api/user`, { accountId }))).data;
  }

  /** `createBulkUserLookup` (v2 POST /users-bulk), ≤ 250 ids per call; splits larger lists. */
  async usersBulk(accountIds: readonly string[]): Promise<s.User[]> {
    const out: s.User[] = [];
    for (let i = 0; i < accountIds.length; i += 250) {
      const { data } = await this.json(s.multiEntity(s.user), 'POST', confluencePath`/wiki/api/v2/users-bulk`, { accountIds: accountIds.slice(i, i + 250) });
      out.push(...data.results);
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------------------
  // Spaces

  /** `getSpaceById` (v2 GET /spaces/{id}). */
  async space(id: string): Promise<s.Space> {
    return (await this.json(s.space, 'GET', confluencePath`/wiki/api/v2/spaces/${id}`)).data;
  }

  /** `getSpaces` (v2 GET /spaces?keys=): the space with this key, or null if the caller cannot see it. */
  async spaceByKey(key: string): Promise<s.Space | null> {
    const { data } = await this.json(s.multiEntity(s.space), 'GET', withQuery(confluencePath`/wiki/api/v2/spaces`, { keys: key, limit: 1 }));
    return data.results[0] ?? null;
  }

  /** `getSpaces` (v2), one page. */
  async spaces(next: ConfluencePath | null, query: { type?: string; status?: string; limit?: number } = {}): Promise<Page<s.Space>> {
    return this.page(s.space, next ?? withQuery(confluencePath`/wiki/api/v2/spaces`, { ...query, limit: query.limit ?? 250 }));
  }

  /** `getSpaceOperations` (v2 GET /spaces/{id}/operations): what the caller may do in the space. */
  async spaceOperations(id: string): Promise<{ operation: string; targetType: string }[]> {
    return (await this.json(s.permittedOperations, 'GET', confluencePath`/wiki/api/v2/spaces/${id}/operations`)).data.operations;
  }

  /** `getSpacePermissionsAssignments` (v2 GET /spaces/{id}/permissions), one page. */
  async spacePermissions(id: string, next: ConfluencePath | null): Promise<Page<s.SpacePermission>> {
    return this.page(s.spacePermission, next ?? withQuery(confluencePath`/wiki/api/v2/spaces/${id}/permissions`, { limit: 250 }));
  }

  /** `getSpaceRoleMode` (v2 GET /space-role-mode): `PERMISSIONS` (classic) or `ROLES`. */
  async spaceRoleMode(): Promise<string> {
    return (await this.json(s.spaceRoleMode, 'GET', confluencePath`/wiki/api/v2/space-role-mode`)).data.mode;
  }

  /** `getSpaceRoleAssignments` (v2 GET /spaces/{id}/role-assignments), one page. */
  async roleAssignments(id: string, next: ConfluencePath | null): Promise<Page<s.RoleAssignment>> {
    return this.page(s.roleAssignment, next ?? withQuery(confluencePath`/wiki/api/v2/spaces/${id}/role-assignments`, { limit: 250 }));
  }

  /** `getAvailableSpaceRoles` (v2 GET /space-roles), one page. */
  async spaceRoles(next: ConfluencePath | null): Promise<Page<z.infer<typeof s.spaceRole>>> {
    return this.page(s.spaceRole, next ?? withQuery(confluencePath`/wiki/api/v2/space-roles`, { limit: 250 }));
  }

  /** `getGroupByGroupId` is per group; `getGroups` (v1 GET /wiki/rest/api/group) lists them all, one page. */
  async groups(next: ConfluencePath | null): Promise<Page<{ id: string; name: string }>> {
    const path = next ?? withQuery(confluencePath`/wiki/rest/api/group`, { limit: 200 });
    const { data, response } = await this.json(s.groupPage, 'GET', path);
    const link = data._links?.next ?? nextFromLinkHeader(response.headers.get('link'));
    return { results: data.results, next: link ? nextLinkPath(link) : null, limit: undefined };
  }

  /** `getGroupMembershipsForUser` (v1 GET /wiki/rest/api/user/memberof?accountId=), one page. */
  async userGroups(accountId: string, next: ConfluencePath | null): Promise<Page<{ id: string; name: string }>> {
    const path = next ?? withQuery(confluencePath`/wiki/rest/api/user/memberof`, { accountId, limit: 200 });
    const { data, response } = await this.json(s.groupPage, 'GET', path);
    const link = data._links?.next ?? nextFromLinkHeader(response.headers.get('link'));
    return { results: data.results, next: link ? nextLinkPath(link) : null, limit: undefined };
  }

  /** `getGroupMembersByGroupId` (v1 GET /wiki/rest/api/group/{groupId}/membersByGroupId), one page of ≤ 200. */
  async groupMembers(groupId: string, next: ConfluencePath | null): Promise<Page<s.User>> {
    const path = next ?? withQuery(confluencePath`/wiki/rest/api/group/${groupId}/membersByGroupId`, { limit: 200 });
    const { data, response } = await this.json(s.userPage, 'GET', path);
    const link = data._links?.next ?? nextFromLinkHeader(response.headers.get('link'));
    return { results: data.results, next: link ? nextLinkPath(link) : null, limit: undefined };
  }

  // ----------------------------------------------------------------------------------------------------------
  // Content

  /**
   * `searchContentByCQL` (v1 GET /wiki/rest/api/content/search), one page, with the audit's expansions.
   * @param next the previous page's `next` path, or null for the first page
   * @param limit the page size to ask for (the server may use less); halved on each 5xx retry
   */
  async searchContent(cql: string, next: ConfluencePath | null, limit: number, expand: readonly string[] = AUDIT_EXPAND): Promise<Page<s.SearchContent>> {
    return (await this.searchContentReceived(cql, next, limit, expand)).parse();
  }

  /**
   * `searchContentByCQL` in two steps, so a scan can ask for page k + 1 while it decodes and classifies page k:
   * resolves once the body's bytes have arrived, with a hint of the next page's path read from the last bytes
   * (v1 puts `_links` last) or the `Link` header, before the body is decoded; `parse()` then decodes, parses and
   * validates it. Same retries and 5xx halving as {@link searchContent}.
   * @throws ConfluenceError as {@link send}; `parse()` throws ConfluenceError(`upstream`) on an unexpected shape
   */
  async searchContentReceived(cql: string, next: ConfluencePath | null, limit: number, expand: readonly string[] = AUDIT_EXPAND): Promise<ReceivedSearchPage> {
    const path = next ?? withQuery(confluencePath`/wiki/rest/api/content/search`, { cql, limit, expand });
    const response = await this.send('GET', path, undefined, halveLimit);
    const header = nextFromLinkHeader(response.headers.get('link'));
    let decode: () => string;
    let tail: string;
    if (response.arrayBuffer) {
      const bytes = Buffer.from(await response.arrayBuffer());
      tail = bytes.subarray(Math.max(0, bytes.length - NEXT_TAIL_BYTES)).toString('utf8');
      decode = () => bytes.toString('utf8');
    } else {
      const text = await response.text();
      tail = text.slice(-NEXT_TAIL_BYTES);
      decode = () => text;
    }
    const hinted = nextFromTail(tail) ?? header;
    return {
      nextHint: hinted !== null ? safeNextLinkPath(hinted) : null,
      parse: () => {
        let raw: unknown;
        try {
          raw = JSON.parse(decode());
        } catch {
          raw = undefined;
        }
        const parsed = s.contentArray.safeParse(raw);
        if (!parsed.success) {
          throw new ConfluenceError('upstream', response.status, `GET /wiki/rest/api/content/search: unexpected response shape: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        const link = parsed.data._links?.next ?? header;
        return { results: parsed.data.results, next: link ? nextLinkPath(link) : null, limit: parsed.data.limit };
      },
    };
  }

  /** `getRestrictionsForOperation` (v1 GET …/restriction/byOperation/read): a content item's own view restriction. */
  async readRestriction(contentId: string): Promise<{ users: string[]; groups: { id?: string | undefined; name: string }[] }> {
    const path = withQuery(confluencePath`/wiki/rest/api/content/${contentId}/restriction/byOperation/read`, { expand: 'restrictions.user,restrictions.group' });
    const { data } = await this.json(s.restrictionByOperation, 'GET', path);
    return {
      users: (data.restrictions?.user?.results ?? []).map((u) => u.accountId),
      groups: data.restrictions?.group?.results ?? [],
    };
  }

  /**
   * `addRestrictions` (v1 POST /wiki/rest/api/content/{id}/restriction): adds view restrictions for these people
   * and groups, keeping existing ones. Sent as the person doing it, so Confluence checks their right to restrict.
   */
  async addReadRestriction(contentId: string, principals: { accountIds: string[]; groupIds: string[] }): Promise<void> {
    const body = [
      {
        operation: 'read',
        restrictions: {
          user: principals.accountIds.map((accountId) => ({ type: 'known', accountId })),
          group: principals.groupIds.map((id) => ({ type: 'group', id })),
        },
      },
    ];
    await discardBody(await this.send('POST', confluencePath`/wiki/rest/api/content/${contentId}/restriction`, body));
  }

  // ----------------------------------------------------------------------------------------------------------
  // GraphQL

  /**
   * Reads a person's job title through the Atlassian GraphQL gateway (`user(accountId){… on AtlassianAccountUser
   * {extendedProfile{jobTitle}}}`). Returns `{ status: 'unknown' }` whenever the answer cannot be trusted: no
   * gateway, refused, errors, or the field hidden (null). Never throws for those.
   */
  async jobTitle(accountId: string): Promise<{ status: 'known'; jobTitle: string } | { status: 'empty' } | { status: 'unknown'; reason: string }> {
    if (!this.transport.graphql) return { status: 'unknown', reason: 'no GraphQL gateway' };
    this.stats.requests += 1;
    let response: HttpResponse;
    try {
      response = await this.transport.graphql(JOB_TITLE_QUERY, { id: accountId });
    } catch (e) {
      return { status: 'unknown', reason: e instanceof Error ? e.message : 'request failed' };
    }
    if (!response.ok) {
      await discardBody(response);
      return { status: 'unknown', reason: `HTTP ${response.status}` };
    }
    const body = (await response.json().catch(() => null)) as { data?: { user?: { extendedProfile?: { jobTitle?: string | null } | null } | null }; errors?: unknown[] } | null;
    if (!body || (Array.isArray(body.errors) && body.errors.length > 0)) return { status: 'unknown', reason: 'GraphQL errors' };
    const profile = body.data?.user?.extendedProfile;
    if (!profile || profile.jobTitle === null || profile.jobTitle === undefined) return { status: 'unknown', reason: 'job title hidden or unavailable' };
    return profile.jobTitle.trim() === '' ? { status: 'empty' } : { status: 'known', jobTitle: profile.jobTitle };
  }

  /**
   * Job titles of several people (≤ 50 per query, more are batched), read through the GraphQL gateway. Anyone
   * whose title cannot be trusted — query refused, errors, hidden (null) or missing — is `unknown`; never throws.
   */
  async jobTitles(accountIds: readonly string[]): Promise<Map<string, 'known' | 'empty' | 'unknown'>> {
    const out = new Map<string, 'known' | 'empty' | 'unknown'>(accountIds.map((id) => [id, 'unknown']));
    if (!this.transport.graphql) return out;
    for (let i = 0; i < accountIds.length; i += 50) {
      const batch = accountIds.slice(i, i + 50);
      this.stats.requests += 1;
      try {
        const response = await this.transport.graphql(JOB_TITLES_QUERY, { ids: batch });
        if (!response.ok) {
          await discardBody(response);
          continue;
        }
        const body = (await response.json().catch(() => null)) as { data?: { users?: { accountId?: string; extendedProfile?: { jobTitle?: string | null } | null }[] | null }; errors?: unknown[] } | null;
        if (!body || (Array.isArray(body.errors) && body.errors.length > 0)) continue;
        for (const u of body.data?.users ?? []) {
          const title = u.extendedProfile?.jobTitle;
          if (typeof u.accountId === 'string' && typeof title === 'string') out.set(u.accountId, title.trim() === '' ? 'empty' : 'known');
        }
      } catch {
        // unknown for this batch
      }
    }
    return out;
  }

  // ----------------------------------------------------------------------------------------------------------

  private async page<T extends z.ZodType>(item: T, path: ConfluencePath): Promise<Page<z.infer<T>>> {
    const { data, response } = await this.json(s.multiEntity(item), 'GET', path);
    const link = nextFromLinkHeader(response.headers.get('link')) ?? data._links?.next ?? null;
    return { results: data.results, next: link ? nextLinkPath(link) : null, limit: undefined };
  }
}

/** The GraphQL query for several people's job titles (Atlassian GraphQL gateway, `users(accountIds)`). */
export const JOB_TITLES_QUERY = 'query secureConfluenceJobTitles($ids: [ID!]!) { users(accountIds: $ids) { accountId ... on AtlassianAccountUser { extendedProfile { jobTitle } } } }';

/** The GraphQL query for a person's job title (Atlassian GraphQL gateway, `AtlassianAccountUser.extendedProfile`). */
export const JOB_TITLE_QUERY = 'query secureConfluenceJobTitle($id: ID!) { user(accountId: $id) { accountId ... on AtlassianAccountUser { extendedProfile { jobTitle } } } }';

/** Rewrites `limit=N` in a path to `limit=⌈N/2⌉` (minimum 1): a smaller page after a server error. */
export function halveLimit(path: ConfluencePath): ConfluencePath {
  const limit = Number(new URLSearchParams(path.split('?', 2)[1] ?? '').get('limit') ?? '25');
  return withLimit(path, Math.max(1, Math.ceil(limit / 2)));
}
