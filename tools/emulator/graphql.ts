/**
 * A tiny slice of the Atlassian GraphQL gateway (AGG, what Forge's `requestGraph` calls): `user(accountId)` and
 * `users(accountIds)` returning the `User` interface, with `AtlassianAccountUser.extendedProfile.jobTitle`.
 * Executed with the real `graphql` package, so malformed queries fail exactly as graphql-js reports them.
 *
 * A job title the user hides comes back `null` (as do department and other hidden fields). Whether a Forge app may
 * read job titles on real sites is unverified (FORGE-NOTES): faults can make the endpoint refuse.
 */
import { buildSchema, graphql, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Principal, SiteState, UserRec } from './model';

const SDL = /* GraphQL */ `
  scalar URL

  enum AccountStatus {
    active
    inactive
    closed
  }

  interface User {
    id: ID!
    accountId: ID!
    canonicalAccountId: ID!
    accountStatus: AccountStatus!
    name: String!
    picture: URL!
  }

  type AtlassianAccountUserExtendedProfile {
    jobTitle: String
    department: String
    organization: String
    location: String
  }

  type AtlassianAccountUser implements User {
    id: ID!
    accountId: ID!
    canonicalAccountId: ID!
    accountStatus: AccountStatus!
    name: String!
    picture: URL!
    email: String
    nickname: String
    zoneinfo: String
    locale: String
    extendedProfile: AtlassianAccountUserExtendedProfile
  }

  type AppUser implements User {
    id: ID!
    accountId: ID!
    canonicalAccountId: ID!
    accountStatus: AccountStatus!
    name: String!
    picture: URL!
    appType: String
  }

  type CustomerUser implements User {
    id: ID!
    accountId: ID!
    canonicalAccountId: ID!
    accountStatus: AccountStatus!
    name: String!
    picture: URL!
    email: String
    zoneinfo: String
    locale: String
  }

  type Query {
    user(accountId: ID!): User
    users(accountIds: [ID!]!): [User!]
  }
`;

let schema: GraphQLSchema | null = null;

/** The emulated gateway schema (built once per process). */
export function gatewaySchema(): GraphQLSchema {
  schema ??= buildSchema(SDL);
  return schema;
}

function userObject(u: UserRec, viewer: Principal): Record<string, unknown> {
  const self = viewer.kind !== 'anonymous' && viewer.user.accountId === u.accountId;
  const name = u.visibility.fullName === 'public' || self ? u.displayName : u.publicName;
  const picture =
    u.picture === 'custom'
      ? `https://avatar-management--avatars.example.atl-paas.net/${u.accountId}/128`
      : `https://avatar-management--avatars.example.atl-paas.net/initials/${encodeURIComponent(initials(u.publicName))}-0.png`;
  const base = {
    id: `ari:cloud:identity::user/${u.accountId}`,
    accountId: u.accountId,
    canonicalAccountId: u.accountId,
    accountStatus: u.status,
    name,
    picture,
  };
  if (u.accountType === 'app') return { __typename: 'AppUser', ...base, appType: 'forge' };
  const visible = (field: 'email' | 'jobTitle' | 'timeZone'): boolean => u.visibility[field] === 'public' || self;
  if (u.accountType === 'customer') {
    return { __typename: 'CustomerUser', ...base, email: visible('email') ? (u.email ?? null) : null, zoneinfo: u.timeZone, locale: 'en-GB' };
  }
  return {
    __typename: 'AtlassianAccountUser',
    ...base,
    email: visible('email') ? (u.email ?? null) : null,
    nickname: u.publicName,
    zoneinfo: visible('timeZone') ? u.timeZone : null,
    locale: 'en-GB',
    extendedProfile: {
      // Emulator assumption (unverified): the gateway applies profile visibility to app requests even for the
      // person's own profile, so a hidden job title is null for everyone; a visible but unset one is "".
      jobTitle: u.visibility.jobTitle === 'public' ? (u.jobTitle ?? '') : null,
      department: visible('jobTitle') ? (u.department ?? null) : null,
      organization: null,
      location: null,
    },
  };
}

function initials(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');
}

/** A GraphQL request body (`POST /graphql`). */
export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/**
 * Executes a gateway query as `viewer`. Unknown accountIds resolve to `null`.
 * @returns the GraphQL result (`data` and/or `errors`), as the gateway sends it with HTTP 200.
 */
export async function executeGateway(state: SiteState, viewer: Principal, req: GraphqlRequest): Promise<ExecutionResult> {
  if (typeof req.query !== 'string') return { errors: [new GraphQLError('Request body must contain a "query" string')] };
  const rootValue = {
    user: ({ accountId }: { accountId: string }) => {
      const u = state.getUser(accountId);
      return u ? userObject(u, viewer) : null;
    },
    users: ({ accountIds }: { accountIds: string[] }) =>
      accountIds.slice(0, 90).flatMap((id) => {
        const u = state.getUser(id);
        return u ? [userObject(u, viewer)] : [];
      }),
  };
  return graphql({
    schema: gatewaySchema(),
    source: req.query,
    rootValue,
    variableValues: req.variables && typeof req.variables === 'object' ? (req.variables as Record<string, unknown>) : undefined,
    operationName: typeof req.operationName === 'string' ? req.operationName : undefined,
  });
}
