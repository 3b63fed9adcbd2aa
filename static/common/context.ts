import { useEffect, useState } from 'react';
import { getContext } from '@forge/bridge/out/view/getContext';

/**
 * The viewer's time zone from the Forge context (their Confluence profile setting), so times read as they
 * expect. Kept apart from `bridge.ts` because `getContext` brings in the bridge's i18n code, which the page
 * banner does not need. Dates are always written in British English, like the rest of the app's text.
 *
 * @returns an IANA time zone such as `Europe/London`, or undefined (then the browser's zone is used); never rejects
 */
export async function viewerTimeZone(): Promise<string | undefined> {
  try {
    const context = await getContext();
    return typeof context.timezone === 'string' && context.timezone.trim() !== '' ? context.timezone : undefined;
  } catch {
    return undefined;
  }
}

/** The viewer's time zone once the Forge context has been read (undefined until then, and on failure). */
export function useTimeZone(): string | undefined {
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void viewerTimeZone().then((tz) => {
      if (current) setTimeZone(tz);
    });
    return () => {
      current = false;
    };
  }, []);
  return timeZone;
}
