import type { MouseEvent, ReactNode } from 'react';
import { navigate, openInNewTab } from './host';

/**
 * Links that work inside Forge's sandboxed iframe. Each renders a real `<a href>` (so it reads as a link, shows
 * its address and can be copied) but the click goes through the bridge's router.
 */

/** A link to a Confluence page or location, opened in this tab (Ctrl/Cmd-click opens a new tab). */
export function ConfluenceLink({ href, children }: { href: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (event.ctrlKey || event.metaKey || event.shiftKey) openInNewTab(href);
    else navigate(href);
  };
  return (
    <a href={href} onClick={onClick}>
      {children}
    </a>
  );
}

/** A link to a page outside Confluence (such as a source of the guidance), always opened in a new tab. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    openInNewTab(href);
  };
  return (
    <a href={href} target="_blank" rel="noreferrer" onClick={onClick}>
      {children} (opens in new tab)
    </a>
  );
}
