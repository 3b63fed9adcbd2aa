/**
 * Every storage key the app writes, in one place. KVS keys allow `[a-zA-Z0-9:._ -#]` and ≤ 500 characters;
 * accountIds (`712020:uuid` or 24 hex) and numeric space ids fit.
 */
export const keys = {
  /** Organisation settings (one value). */
  settings: 'settings:org',
  /** Exposure summary of a space, cached for a few minutes. */
  spaceSummary: (spaceId: string) => `space:${spaceId}:summary`,
  /** A person's banner state: dismissed or snoozed. */
  bannerState: (accountId: string) => `banner:${accountId}:state`,
  /** A person's cached profile verdict. */
  profileVerdict: (accountId: string) => `profile:${accountId}:verdict`,
} as const;
