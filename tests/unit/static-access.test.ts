import { accessFacts, accessHeadline, openContentSentence, openCountText } from '../../static/common/access';
import { count, formatDate, formatDateTime, formatTime, listOf } from '../../static/common/format';
import type { SpaceAccess } from '../../src/shared/api';

const limited: SpaceAccess = {
  mode: 'ROLES',
  level: 'limited',
  anonymous: false,
  allLicensedUsers: false,
  broadGroups: [],
  groupCount: 2,
  groups: [],
  userCount: 1,
  guestCount: 0,
  partial: false,
};

describe('who can see a space, in words', () => {
  it('says a public space is open to anyone on the internet', () => {
    expect(accessHeadline({ ...limited, level: 'public', anonymous: true })).toEqual({
      text: 'Anyone on the internet can see this space, without signing in.',
      tone: 'danger',
    });
  });

  it('says a space open to all licensed users is open to everyone on the site', () => {
    const h = accessHeadline({ ...limited, level: 'everyone', allLicensedUsers: true });
    expect(h.tone).toBe('warning');
    expect(h.text).toBe('Everyone who can use Confluence on this site can see this space.');
  });

  it('names the broad group when that is why a space is open to everyone', () => {
    const h = accessHeadline({ ...limited, level: 'everyone', broadGroups: ['confluence-users'] });
    expect(h.text).toContain('Everyone in the confluence-users group can see this space.');
  });

  it('says a limited space is limited', () => {
    expect(accessHeadline(limited).tone).toBe('neutral');
  });

  it('lists group names when the resolver sent them, and only counts them otherwise', () => {
    const named = accessFacts({
      ...limited,
      groups: [
        { name: 'a-team', canAdminister: true },
        { name: 'b-team', canAdminister: false },
      ],
    });
    expect(named.find((f) => f.term === 'Groups given access')?.value).toBe('2 groups: a-team and b-team');
    expect(accessFacts(limited).find((f) => f.term === 'Groups given access')?.value).toBe('2 groups');
    expect(accessFacts(limited).find((f) => f.term.startsWith('Guests'))?.value).toBe('None');
    expect(accessFacts({ ...limited, guestCount: 1 }).find((f) => f.term.startsWith('Guests'))?.value).toBe('1 guest');
    expect(accessFacts(limited).find((f) => f.term.startsWith('People given'))?.value).toBe('1 person');
  });
});

describe('open content, in words', () => {
  it('counts pages and blog posts with the right nouns', () => {
    expect(openCountText(37, 5)).toBe('37 pages and 5 blog posts');
    expect(openCountText(1, 0)).toBe('1 page');
    expect(openCountText(0, 1)).toBe('1 blog post');
    expect(openCountText(0, 0)).toBe('no pages or blog posts');
  });

  it('says counts are minimums when the scan has not finished', () => {
    expect(openContentSentence(37, 5, false)).toBe(
      'At least 37 pages and 5 blog posts are open to everyone who can see this space. We have not finished checking, so there may be more.',
    );
    expect(openContentSentence(1, 0, true)).toBe('1 page is open to everyone who can see this space.');
    expect(openContentSentence(0, 0, false)).toContain('we have not finished checking');
  });
});

describe('GOV.UK-style formatting', () => {
  it('writes dates and times as GOV.UK does, in the given time zone', () => {
    expect(formatDate('2026-11-29T10:42:00Z', 'Europe/London')).toBe('29 November 2026');
    expect(formatTime('2026-11-29T10:42:00Z', 'Europe/London')).toBe('10:42am');
    expect(formatTime('2026-07-01T11:00:00Z', 'Europe/London')).toBe('12pm');
    expect(formatDateTime('2026-11-29T23:30:00Z', 'Asia/Tokyo')).toBe('30 November 2026 at 8:30am');
    expect(formatDate(null)).toBe('unknown date');
    expect(formatDate('not a date')).toBe('unknown date');
  });

  it('falls back to the browser time zone for an unknown zone name', () => {
    expect(formatDate('2026-11-29T12:00:00Z', 'Mars/Olympus')).toMatch(/November 2026$/);
  });

  it('counts and lists in plain English', () => {
    expect(count(1, 'person', 'people')).toBe('1 person');
    expect(count(1200, 'page')).toBe('1,200 pages');
    expect(listOf(['a'])).toBe('a');
    expect(listOf(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
