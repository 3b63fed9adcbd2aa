import { router, showFlag } from './bridge';

/** A URL or a Confluence location such as `{ target: 'userProfile', accountId }` (the bridge does not export its type). */
export type Location = Parameters<typeof router.navigate>[0];

/**
 * Everything that reaches the Confluence page around the iframe, other than resolver calls. Forge iframes are
 * sandboxed: a plain link cannot leave them, so every link goes through the bridge's router. None of these
 * throw; a host that refuses simply leaves the person where they are.
 */

/** Opens a Confluence page or location in this tab. */
export function navigate(location: Location): void {
  try {
    router.navigate(location).catch(() => undefined);
  } catch {
    // The bridge rejected the location synchronously; nothing useful to show.
  }
}

/**
 * Like {@link navigate}, but says whether the host accepted the location, so the caller can offer another way
 * (not every location is supported everywhere: a module target may not be).
 */
export async function tryNavigate(location: Location): Promise<boolean> {
  try {
    await router.navigate(location);
    return true;
  } catch {
    return false;
  }
}

/** Opens a page (usually outside Confluence, such as a source of the guidance) in a new tab. */
export function openInNewTab(url: string): void {
  try {
    router.open(url).catch(() => undefined);
  } catch {
    // As above.
  }
}

let flagCount = 0;

/** Shows a short confirmation or warning in Confluence's flag area (bottom left of the page). */
export function flag(options: { title: string; description?: string; appearance: 'success' | 'info' | 'warning' | 'error' }): void {
  flagCount += 1;
  try {
    showFlag({
      id: `secure-confluence-${Date.now()}-${flagCount}`,
      title: options.title,
      ...(options.description === undefined ? {} : { description: options.description }),
      type: options.appearance,
      isAutoDismiss: options.appearance === 'success' || options.appearance === 'info',
    });
  } catch {
    // No flag area (or no bridge): the change itself already happened.
  }
}
