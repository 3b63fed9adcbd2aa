import Resolver from '@forge/resolver';
import { z, ZodError } from 'zod';
import { ConfluenceClient, type ClientOptions } from '../adapters/confluence/client';
import { ConfluenceError } from '../adapters/confluence/errors';
import { asAppTransport, asUserTransport } from '../adapters/forge/transport';
import { log } from '../adapters/log';
import { AppFailure } from '../services/failure';
import { fail, type ErrorKind, type Result } from '../shared/result';

/**
 * What every resolver shares: reading the Forge context (never the payload) for who and where, building
 * Confluence clients as the user or the app, and turning every failure into the {@link Result} envelope so no
 * resolver ever throws to the bridge.
 */

/** The parts of a Forge resolver context this app reads (`req.context`). */
export interface InvocationContext {
  /** The invoking person, from the platform principal (set by @forge/resolver, not by the frontend). */
  accountId: string;
  moduleKey: string | null;
  siteUrl: string | null;
  extension: {
    type: string | null;
    space: { id: string | null; key: string | null } | null;
    content: { id: string; type: string } | null;
  };
}

const idLike = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/**
 * Lenient on shape (Forge's documented context for space modules is `extension.space.{id,key}`; older
 * modules used `extension.spaceKey`/`spaceId`), strict on types.
 */
const contextSchema = z.object({
  accountId: z.string().min(1),
  moduleKey: z.string().optional(),
  siteUrl: z.string().optional(),
  extension: z
    .object({
      type: z.string().optional(),
      space: z.object({ id: idLike.optional(), key: z.string().min(1).optional() }).optional(),
      spaceKey: z.string().min(1).optional(),
      spaceId: idLike.optional(),
      content: z.object({ id: idLike, type: z.string().min(1) }).optional(),
    })
    .default({}),
});

/**
 * Reads the invocation context.
 * @throws AppFailure(`not-permitted`) when there is no invoking person (anonymous or malformed context)
 */
export function readContext(raw: unknown): InvocationContext {
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) throw new AppFailure('not-permitted', 'Sign in to Confluence to use this app.');
  const { accountId, moduleKey, siteUrl, extension } = parsed.data;
  const spaceId = extension.space?.id ?? extension.spaceId ?? null;
  const spaceKey = extension.space?.key ?? extension.spaceKey ?? null;
  return {
    accountId,
    moduleKey: moduleKey ?? null,
    siteUrl: siteUrl ?? null,
    extension: {
      type: extension.type ?? null,
      space: spaceId !== null || spaceKey !== null ? { id: spaceId, key: spaceKey } : null,
      content: extension.content ?? null,
    },
  };
}

/** Wording for failures that come from Confluence, by kind. Shown to people; no ids or paths. */
const CONFLUENCE_WORDING: Record<ErrorKind, string> = {
  'invalid-input': 'Confluence did not accept the request.',
  'not-permitted': 'You do not have permission to do this in Confluence.',
  'not-found': 'This space or page no longer exists, or you cannot see it.',
  'missing-scope': 'The app is missing a permission it needs. Ask your Confluence admin to update the app.',
  'rate-limited': 'Confluence is busy right now. Try again in a minute.',
  upstream: 'Confluence did not respond properly. Try again shortly.',
  busy: 'This is already in progress.',
  internal: 'Something went wrong in the app.',
};

/**
 * Maps any thrown value to the failure envelope. Unknown errors are logged and become `internal`, so people
 * never see a raw message or a stack.
 */
export function toFailure<T>(error: unknown, where: string): Result<T> {
  if (error instanceof AppFailure) return fail(error.kind, error.message);
  if (error instanceof ConfluenceError) {
    log.warn('Confluence call failed', { where, kind: error.kind, status: error.status, detail: error.message });
    return fail(error.kind, CONFLUENCE_WORDING[error.kind]);
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return fail('invalid-input', issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'The request was not valid.');
  }
  log.error('Resolver failed', { where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return fail('internal', CONFLUENCE_WORDING.internal);
}

/** The request a resolver function receives from @forge/resolver. */
export interface ResolverRequest {
  payload: unknown;
  context: unknown;
}

/** A resolver function body: gets the parsed context and the raw payload, returns data or throws. */
export type ResolverFunction<T> = (ctx: InvocationContext, payload: unknown) => Promise<Result<T>>;

/**
 * Builds one module's resolver handler from its functions. Each function is wrapped so that a malformed
 * payload, a missing context or a failing Confluence call becomes a failure envelope, never a throw.
 */
export function defineResolver(functions: Record<string, ResolverFunction<unknown>>): ReturnType<Resolver['getDefinitions']> {
  const resolver = new Resolver();
  for (const [key, fn] of Object.entries(functions)) {
    resolver.define(key, async (req: ResolverRequest) => {
      try {
        return await fn(readContext(req.context), req.payload);
      } catch (error) {
        return toFailure(error, key);
      }
    });
  }
  return resolver.getDefinitions();
}

/** A Confluence client acting as the invoking person. */
export function userClient(options?: ClientOptions): ConfluenceClient {
  return new ConfluenceClient(asUserTransport(), options);
}

/** A Confluence client acting as the app. */
export function appClient(options?: ClientOptions): ConfluenceClient {
  return new ConfluenceClient(asAppTransport(), options);
}

/** Parses a payload with `schema`. @throws ZodError (mapped to `invalid-input` by {@link defineResolver}) */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  return schema.parse(payload ?? {});
}
