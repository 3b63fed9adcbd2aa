import type { PersonFinding, ProfileRule } from '../../src/shared/api';
import {
  isBehind,
  jobTitleUnknownText,
  mentionText,
  notCheckedTexts,
  otherDisplayName,
  RULE_TEXT,
  ruleTexts,
  suggestionCell,
  summaryText,
} from '../../static/space-settings/src/people';

function person(overrides: Partial<PersonFinding> = {}): PersonFinding {
  return {
    accountId: 'acc-1',
    publicName: 'alex',
    displayName: 'Alex Black',
    rules: ['mention-name'],
    suggestion: 'AlexBlackDDS',
    lastSeen: '2026-03-02T10:00:00.000Z',
    guest: false,
    ...overrides,
  };
}

describe('ruleTexts', () => {
  it('words every rule, in rule order, each once', () => {
    expect(ruleTexts(['job-title', 'mention-name', 'photo', 'job-title'])).toEqual([RULE_TEXT['mention-name'], RULE_TEXT.photo, RULE_TEXT['job-title']]);
    expect(ruleTexts(['photo'])).toEqual(['No profile photo']);
    expect(ruleTexts(['job-title'])).toEqual(['No job title']);
    expect(RULE_TEXT['mention-name']).toContain('@mention name');
  });

  it('skips a rule it does not know (a newer backend) and copes with none', () => {
    expect(ruleTexts(['photo', 'pronouns' as ProfileRule])).toEqual(['No profile photo']);
    expect(ruleTexts([])).toEqual([]);
  });
});

describe('summaryText', () => {
  it('says how many of those checked need to update their profile', () => {
    expect(summaryText({ people: [person(), person({ accountId: 'acc-2' }), person({ accountId: 'acc-3' })], checked: 12 })).toBe(
      '3 of 12 contributors checked need to update their profile.',
    );
    expect(summaryText({ people: [person()], checked: 1 })).toBe('1 of 1 contributor checked needs to update their profile.');
    expect(summaryText({ people: [], checked: 1234 })).toBe('0 of 1,234 contributors checked need to update their profile.');
  });

  it('never says fewer were checked than are listed', () => {
    expect(summaryText({ people: [person(), person({ accountId: 'acc-2' })], checked: 0 })).toBe('2 of 2 contributors checked need to update their profile.');
  });
});

describe('jobTitleUnknownText', () => {
  it('is null when every job title was read', () => {
    expect(jobTitleUnknownText(0)).toBeNull();
    expect(jobTitleUnknownText(-1)).toBeNull();
    expect(jobTitleUnknownText(Number.NaN)).toBeNull();
  });

  it('says how many could not be read, and that they do not count as breaking the rule', () => {
    expect(jobTitleUnknownText(1)).toBe('The job title of 1 contributor could not be read, so it is not counted as breaking the job title rule.');
    expect(jobTitleUnknownText(2500)).toBe('The job titles of 2,500 contributors could not be read, so they are not counted as breaking the job title rule.');
  });
});

describe('names', () => {
  it('writes the @mention name with its @, or null when there is none', () => {
    expect(mentionText('alex')).toBe('@alex');
    expect(mentionText('  Alex Black ')).toBe('@Alex Black');
    expect(mentionText('')).toBeNull();
    expect(mentionText('   ')).toBeNull();
  });

  it('shows the display name only when it differs from the @mention name', () => {
    expect(otherDisplayName(person())).toBe('Alex Black');
    expect(otherDisplayName(person({ publicName: 'Alex Black', displayName: 'Alex Black' }))).toBeNull();
    expect(otherDisplayName(person({ displayName: null }))).toBeNull();
    expect(otherDisplayName(person({ displayName: '  ' }))).toBeNull();
  });
});

describe('suggestionCell', () => {
  it('shows the suggestion with its @', () => {
    expect(suggestionCell(person())).toEqual({ text: '@AlexBlackDDS', suggested: true });
  });

  it('says None when the @mention name breaks the rule but nothing can be suggested', () => {
    expect(suggestionCell(person({ suggestion: null }))).toEqual({ text: 'None', suggested: false });
    expect(suggestionCell(person({ suggestion: ' ' }))).toEqual({ text: 'None', suggested: false });
  });

  it('says Not needed when the @mention name is fine', () => {
    expect(suggestionCell(person({ rules: ['photo'], suggestion: null }))).toEqual({ text: 'Not needed', suggested: false });
  });
});

describe('isBehind', () => {
  const latest = '2026-03-02T10:00:00.000Z';

  it('is false when there is no completed review, or the list is from the latest one', () => {
    expect(isBehind(null, null)).toBe(false);
    expect(isBehind('2026-03-01T10:00:00.000Z', null)).toBe(false);
    expect(isBehind(latest, latest)).toBe(false);
    expect(isBehind('2026-03-02T10:00:00Z', latest)).toBe(false);
    expect(isBehind('2026-03-03T10:00:00.000Z', latest)).toBe(false);
  });

  it('is true while the contributors of the latest review are still being checked', () => {
    expect(isBehind(null, latest)).toBe(true);
    expect(isBehind('2026-03-01T10:00:00.000Z', latest)).toBe(true);
  });

  it('compares unreadable dates as text', () => {
    expect(isBehind('soon', 'soon')).toBe(false);
    expect(isBehind('soon', latest)).toBe(true);
  });
});

describe('what the contributors check left out', () => {
  it('says how many guests were not checked and when @mention names are not checked', () => {
    expect(notCheckedTexts({ guestsNotChecked: 0, mentionNameChecked: true })).toEqual([]);
    expect(notCheckedTexts({ guestsNotChecked: 1, mentionNameChecked: true })).toEqual([
      '1 guest who contributed was not checked: the organisation settings do not check guests’ profiles.'.replace('’', "'"),
    ]);
    expect(notCheckedTexts({ guestsNotChecked: 2, mentionNameChecked: false })).toEqual([
      "2 guests who contributed were not checked: the organisation settings do not check guests' profiles.",
      '@mention names are not checked until a Confluence admin adds the organisation codes in the app’s settings (or while that check is off).',
    ]);
  });

  it('says "Not checked" rather than "Not needed" for a suggestion while @mention names are not checked', () => {
    expect(suggestionCell({ rules: ['photo'], suggestion: null }, false)).toEqual({ text: 'Not checked', suggested: false });
    expect(suggestionCell({ rules: ['photo'], suggestion: null }, true)).toEqual({ text: 'Not needed', suggested: false });
  });
});
