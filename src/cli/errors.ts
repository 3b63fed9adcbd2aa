import { ConfluenceError } from '../adapters/confluence/errors';

/**
 * Failures of the command line, worded for the person who ran it. Everything that ends a run early becomes a
 * {@link CliError}: one line saying what went wrong and, where it helps, one line saying what to do. Stacks are
 * printed only with `--debug`.
 */

/** A failure the person running the command can act on. Exit code 2. */
export class CliError extends Error {
  /**
   * @param message one line: what went wrong
   * @param hint one optional line: what to do about it
   * @param cause the underlying error, shown with `--debug`
   */
  constructor(
    message: string,
    readonly hint?: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
  }
}

/** A bad command line: the message is followed by the usage line. Exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown, key: string): string {
  const v = field(value, key);
  return typeof v === 'string' ? v : '';
}

/** Node's codes for a certificate chain it cannot verify (what TLS-inspecting proxies cause). */
const UNTRUSTED_CERTIFICATE = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/**
 * Why a request never got an answer, from what the transport threw: undici's `request` rejects with the system
 * error (`code` such as `ECONNREFUSED` or `ENOTFOUND`, or an `AggregateError` when every address of a host failed),
 * `fetch` wraps the same as `TypeError('fetch failed', {cause})`; a timeout is a `TimeoutError`.
 * @returns a short reason such as `connect ECONNREFUSED 127.0.0.1:9` or `timed out`
 */
export function networkReason(error: unknown): string {
  let current: unknown = error;
  let best = '';
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (text(current, 'name') === 'TimeoutError') return 'the request timed out';
    const errors = field(current, 'errors');
    const message = text(current, 'message');
    const code = text(current, 'code');
    if (UNTRUSTED_CERTIFICATE.has(code)) {
      return `the site's TLS certificate is not trusted (${code}); behind TLS inspection, set NODE_EXTRA_CA_CERTS to your organisation's CA file`;
    }
    if (code.startsWith('ERR_SSL_')) return `the TLS handshake failed (${code}): is this an https:// port?`;
    if (message !== '' && message !== 'fetch failed') best = message;
    else if (code !== '' && best === '') best = code;
    current = field(current, 'cause') ?? (Array.isArray(errors) ? (errors[0] as unknown) : undefined);
  }
  return best || (error instanceof Error ? error.message : String(error));
}

/** Where requests go and how the caller authenticated, for wording failures. */
export interface FailureContext {
  /** The site URL as given (or the emulator's URL for a site file). */
  siteLabel: string;
  /** `token` for an email and API token, `file` for a site file served by the emulator. */
  auth: { kind: 'token'; email: string; tokenEnv: string } | { kind: 'file'; source: string; principal: string };
  /** The last error the transport threw, if any: the reason behind a network failure. */
  lastNetworkError?: unknown;
  /** What was being done, e.g. `scanning DIG`, for the message. */
  doing?: string;
}

const TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The message for Confluence answering 401 to our credentials. */
export function rejectedCredentials(context: FailureContext): CliError {
  if (context.auth.kind === 'token') {
    return new CliError(
      `Confluence rejected the email or API token (HTTP 401) at ${context.siteLabel}.`,
      `Check --email ${context.auth.email} and the token in $${context.auth.tokenEnv} (tokens: ${TOKEN_PAGE}).`,
    );
  }
  return new CliError(
    `The emulated site rejected the principal ${context.auth.principal} (HTTP 401).`,
    `Check --as against the users in ${context.auth.source}.`,
  );
}

/** The message for a request that never reached the site. */
export function unreachable(context: FailureContext, error: unknown): CliError {
  return new CliError(
    `Cannot reach ${context.siteLabel}: ${networkReason(error)}`,
    'Check the site address and your network connection, then try again.',
    error,
  );
}

/**
 * Maps anything a run can throw to a {@link CliError}. `ConfluenceError`s are worded by status (the kinds come from
 * the one status mapping in `adapters/confluence/errors.ts`); a network failure names the site and the reason;
 * anything else is an unexpected error, reported in one line (details with `--debug`).
 */
export function describeFailure(error: unknown, context: FailureContext): CliError {
  if (error instanceof CliError) return error;
  const doing = context.doing ? ` while ${context.doing}` : '';
  if (error instanceof ConfluenceError) {
    if (error.status === 0) return unreachable(context, context.lastNetworkError ?? error);
    if (error.kind === 'missing-scope') {
      return new CliError(
        `Confluence refused the request${doing}: the API token lacks a scope this audit needs (HTTP ${error.status}).`,
        'Use an API token without scopes, or one with the read scopes listed in docs/cli.md.',
        error,
      );
    }
    if (error.status === 401) return rejectedCredentials(context);
    if (error.status === 403) {
      return new CliError(`Confluence refused access${doing} (HTTP 403).`, 'The account may lack Confluence access or permission to view this space.', error);
    }
    if (error.status === 404)
      return new CliError(`Confluence answered "not found"${doing} (HTTP 404).`, 'The space may have been deleted, or the account cannot see it.', error);
    if (error.kind === 'rate-limited' || error.status === 429) return new CliError(`Confluence kept asking us to slow down${doing} (HTTP 429).`, 'Try again later.', error);
    if (error.kind === 'upstream' && error.status >= 200 && error.status < 300) {
      const detail = error.message.split(': ').slice(1).join(': ');
      return new CliError(`Confluence sent an answer the audit cannot read${doing}${detail ? `: ${detail}` : ''}.`, 'Check that --site is a Confluence Cloud site; run again with --debug for details.', error);
    }
    if (error.status >= 500) return new CliError(`Confluence failed${doing} (HTTP ${error.status}) and kept failing after retries.`, 'Try again later.', error);
    return new CliError(`Confluence answered HTTP ${error.status}${doing}.`, 'Run again with --debug for details.', error);
  }
  if ((error instanceof TypeError && error.message === 'fetch failed') || /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(text(error, 'code'))) return unreachable(context, error);
  const message = error instanceof Error ? error.message : String(error);
  return new CliError(`Unexpected error${doing}: ${message.split('\n')[0] ?? ''}`, 'Run again with --debug for details.', error);
}

/** Formats a {@link CliError} (and, for `debug`, its causes and stacks) as the lines printed to stderr. */
export function formatError(error: CliError, debug: boolean): string {
  const lines = [`error: ${error.message}`];
  if (error.hint) lines.push(error.hint);
  if (debug) {
    let cause: unknown = error;
    for (let depth = 0; depth < 5 && cause !== undefined && cause !== null; depth++) {
      lines.push(cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : JSON.stringify(cause));
      cause = field(cause, 'cause');
    }
  }
  return `${lines.join('\n')}\n`;
}
