import type { ConfluenceClient } from '../adapters/confluence/client';
import { ConfluenceError } from '../adapters/confluence/errors';
import type { Space } from '../adapters/confluence/schemas';
import type { SpaceRef } from '../shared/api';
import { AppFailure } from './failure';

/** Where the module is, from the Forge context: a space id, a key, or both. */
export interface SpaceLocation {
  id: string | null;
  key: string | null;
}

const SPACE_TYPES = new Set(['global', 'personal', 'collaboration', 'knowledge_base', 'onboarding']);

/**
 * The space of the invocation, read as the viewing person: this is the permission check. Its id and key come
 * from the Forge context only; a space the person cannot see is `not-found` (Confluence answers 404 rather than
 * revealing it exists).
 * @param client a client acting as the user
 * @throws AppFailure(`invalid-input`) when the module has no space in its context;
 *   AppFailure(`not-found`) when the person cannot see it
 */
export async function resolveSpace(client: ConfluenceClient, where: SpaceLocation | null): Promise<Space> {
  if (!where) throw new AppFailure('invalid-input', 'This view must be opened from a Confluence space.');
  let space: Space | null;
  try {
    space = where.id !== null ? await client.space(where.id) : await client.spaceByKey(where.key ?? '');
  } catch (e) {
    if (e instanceof ConfluenceError && (e.kind === 'not-found' || e.kind === 'not-permitted')) space = null;
    else throw e;
  }
  if (!space || (where.key !== null && where.id !== null && space.key !== where.key)) {
    throw new AppFailure('not-found', 'This space no longer exists, or you cannot see it.');
  }
  return space;
}

/** The space as the UI shows it, with an absolute link on the site. */
export function spaceRef(space: Space, siteUrl: string | null): SpaceRef {
  const base = `${siteUrl ?? ''}/wiki`;
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: (SPACE_TYPES.has(space.type ?? '') ? space.type : 'other') as SpaceRef['type'],
    url: `${base}${space._links?.webui ?? `/spaces/${encodeURIComponent(space.key)}`}`,
  };
}

/** True when the person may administer the space (`getSpaceOperations` lists `administer` on `space`). */
export async function canAdministerSpace(client: ConfluenceClient, spaceId: string): Promise<boolean> {
  const operations = await client.spaceOperations(spaceId);
  return operations.some((o) => o.operation === 'administer' && o.targetType === 'space');
}
