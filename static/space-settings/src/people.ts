import type { PeopleView, PersonFinding, ProfileRule } from '../../../src/shared/api';
import { count, formatNumber } from '../../common/format';

/**
 * The pure parts of the "contributors whose profiles need attention" section: what each rule asks for, the
 * summary lines, and whether the list is still from an earlier review. No React here (unit tested in
 * `tests/unit/static-people.test.ts`).
 */

/** Rows shown before "Show all". */
export const SHORT_LIST = 50;

/**
 * What needs changing, per rule, in words a space admin can pass on. (The backend's CSV uses terser column words;
 * the browser bundles cannot import `src/services`, so the wording lives here.)
 */
export const RULE_TEXT: Record<ProfileRule, string> = {
  'mention-name': '@mention name does not follow the FirstLastORGANISATION convention',
  photo: 'No profile photo',
  'job-title': 'No job title',
};

/** The order rules are listed in, whatever order they arrive in. */
const RULE_ORDER: readonly ProfileRule[] = ['mention-name', 'photo', 'job-title'];

/** The words for each rule broken, in rule order, each once; a rule this version does not know is skipped. */
export function ruleTexts(rules: readonly ProfileRule[]): string[] {
  return RULE_ORDER.filter((r) => rules.includes(r)).map((r) => RULE_TEXT[r]);
}

/** "3 of 12 contributors checked need to update their profile.", "1 of 1 contributor checked needs to …". */
export function summaryText(view: Pick<PeopleView, 'people' | 'checked'>): string {
  const n = view.people.length;
  // The backend lists only people it checked; never say fewer were checked than need attention.
  const checked = Math.max(view.checked, n);
  return `${formatNumber(n)} of ${count(checked, 'contributor')} checked ${n === 1 ? 'needs' : 'need'} to update their profile.`;
}

/** What was left out of the check, one sentence each: guests not checked, the @mention name check switched off. */
export function notCheckedTexts(view: Pick<PeopleView, 'guestsNotChecked' | 'mentionNameChecked'>): string[] {
  const out: string[] = [];
  const guests = view.guestsNotChecked ?? 0;
  if (guests > 0) {
    out.push(`${count(guests, 'guest')} who contributed ${guests === 1 ? 'was' : 'were'} not checked: the organisation settings do not check guests' profiles.`);
  }
  if (view.mentionNameChecked === false) {
    out.push('@mention names are not checked until a Confluence admin adds the organisation codes in the app’s settings (or while that check is off).');
  }
  return out;
}

/** The sentence about job titles that could not be read, or null when every one was read. */
export function jobTitleUnknownText(jobTitleUnknown: number): string | null {
  if (!(jobTitleUnknown > 0)) return null;
  const one = jobTitleUnknown === 1;
  return `The job ${one ? 'title' : 'titles'} of ${count(jobTitleUnknown, 'contributor')} could not be read, so ${one ? 'it is' : 'they are'} not counted as breaking the job title rule.`;
}

/** "@AlexBlack", or null for a person with no @mention name at all. */
export function mentionText(publicName: string): string | null {
  const name = publicName.trim();
  return name === '' ? null : `@${name}`;
}

/** The display name to show beneath the @mention name: only when there is one and it says something different. */
export function otherDisplayName(person: Pick<PersonFinding, 'publicName' | 'displayName'>): string | null {
  const display = person.displayName?.trim() ?? '';
  if (display === '' || display === person.publicName.trim()) return null;
  return display;
}

/** What the suggested @mention name cell says: the suggestion, or why there is none. */
export function suggestionCell(person: Pick<PersonFinding, 'rules' | 'suggestion'>, mentionNameChecked = true): { text: string; suggested: boolean } {
  const suggestion = person.suggestion?.trim() ?? '';
  if (suggestion !== '') return { text: `@${suggestion}`, suggested: true };
  if (!mentionNameChecked) return { text: 'Not checked', suggested: false };
  return { text: person.rules.includes('mention-name') ? 'None' : 'Not needed', suggested: false };
}

/**
 * Whether the contributors list is from an older review than the one that last finished: the contributors are
 * checked just after a review is published, so for a moment the list lags behind it.
 *
 * @param scannedAt when the review the list comes from finished (`PeopleView.scannedAt`)
 * @param latestFinishedAt when the last completed review finished, or null if there is none
 */
export function isBehind(scannedAt: string | null, latestFinishedAt: string | null): boolean {
  if (latestFinishedAt === null) return false;
  if (scannedAt === null) return true;
  const listed = Date.parse(scannedAt);
  const latest = Date.parse(latestFinishedAt);
  if (Number.isNaN(listed) || Number.isNaN(latest)) return scannedAt !== latestFinishedAt;
  return listed < latest;
}
