import type { PreviewModule } from './manifest';

/**
 * The host page's own URLs: one page, `/`, whose query string says who is viewing what. Kept in one place so the
 * server's renderer, its navigation mapping (`router.navigate` → a host URL) and the tests agree.
 *
 * - `user`: accountId of the viewing person
 * - `space`: space key
 * - `view`: a module key (space page, space settings, global settings), `page` (a page view with the page banner)
 *   or `profile` (a mock profile page)
 * - `page`: content id for `view=page`
 * - `profile`: accountId for `view=profile`
 */
export interface HostLocation {
  user?: string | null;
  space?: string | null;
  view?: string | null;
  page?: string | null;
  profile?: string | null;
}

/** The view name of a page view (the page banner shows above the page). */
export const PAGE_VIEW = 'page';
/** The view name of the mock profile page. */
export const PROFILE_VIEW = 'profile';

/** Builds a host URL (path and query) for a location. Empty fields are left out. */
export function hostHref(location: HostLocation): string {
  const q = new URLSearchParams();
  for (const k of ['user', 'space', 'view', 'page', 'profile'] as const) {
    const v = location[k];
    if (typeof v === 'string' && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s === '' ? '/' : `/?${s}`;
}

/** Reads a host location from a request's query string. */
export function parseHostLocation(query: URLSearchParams): HostLocation {
  const get = (k: string): string | null => {
    const v = query.get(k);
    return v !== null && v.trim() !== '' && v.length <= 300 ? v.trim() : null;
  };
  return { user: get('user'), space: get('space'), view: get('view'), page: get('page'), profile: get('profile') };
}

/** The view that shows a module: its key, or {@link PAGE_VIEW} for the page banner (it shows on page views). */
export function viewOfModule(module: PreviewModule): string {
  return module.type === 'confluence:pageBanner' ? PAGE_VIEW : module.key;
}
