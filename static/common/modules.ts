/**
 * Module keys from `manifest.yml` that the apps link to (checked by `tests/unit/static-modules.test.ts`).
 */

/** The space settings review (`confluence:spaceSettings`). */
export const SPACE_SETTINGS_MODULE_KEY = 'secure-use-space-settings';

/** Where to find the review by hand, for when the link cannot be followed. */
export const SPACE_SETTINGS_PATH = 'Space settings, then Integrations, then Secure use review';
