import type { ConfluenceClient } from '../adapters/confluence/client';
import { AppFailure } from './failure';

/**
 * Checks, as the person, that they administer Confluence: `getCurrentUser?expand=operations` lists
 * `administer` on `application` for Confluence admins. The module's `isSiteAdmin` display condition only
 * hides UI; this is the authorisation.
 * @throws AppFailure(`not-permitted`) for anyone else
 */
export async function requireSiteAdmin(client: ConfluenceClient): Promise<void> {
  const me = await client.currentUser();
  const admin = (me.operations ?? []).some((o) => o.operation === 'administer' && o.targetType === 'application');
  if (!admin) throw new AppFailure('not-permitted', 'Only Confluence admins can change these settings.');
}
