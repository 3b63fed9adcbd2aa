import { theme } from './bridge';

/**
 * Asks the host to apply Confluence's current theme (light or dark) to this iframe and to keep it in step.
 * The host sets `data-color-mode` / `data-theme` on `<html>` and supplies the design-token CSS, so colours
 * written with `token()` follow the person's theme. A host without theming support just leaves the light
 * fallbacks in place, so a failure is ignored.
 */
export function enableTheme(): void {
  try {
    theme.enable().catch(() => undefined);
  } catch {
    // The bridge threw synchronously: keep the fallbacks.
  }
}
