import { GUIDANCE, GUIDANCE_CHECKED_ON, IT_CONTACT_TOKEN, findGuidanceItem } from '../../src/domain/guidance';
import type { GuidanceItem, GuidanceSection } from '../../src/shared/api';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Ids other code refers to (recommendations, profile findings, the UI). */
const REQUIRED_IDS = [
  'strong-password',
  'https-modern-browser',
  'sso-two-step',
  'report-compromise',
  'revoke-oauth',
  'no-sensitive-data',
  'restrict-pages',
  'space-permissions',
  'what-admins-see',
  'backups-and-deletion',
  'foi-and-legal',
  'permanent-record',
  'exports',
  'mention-name',
  'profile-photo',
  'job-title',
  'it-contact',
  'atlassian-support',
];

const allItems: GuidanceItem[] = GUIDANCE.flatMap((section) => section.items);

/** Today's date in UTC, as yyyy-mm-dd (sorts like the date). */
function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True when the string is a real calendar date in yyyy-mm-dd form. */
function isRealIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Official sources we accept: Atlassian documentation and trust pages, UK government and regulators. */
function isAllowedSource(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  const host = url.hostname;
  if (['support.atlassian.com', 'confluence.atlassian.com', 'developer.atlassian.com'].includes(host)) return true;
  if (host === 'www.atlassian.com') return url.pathname.startsWith('/trust/');
  if (host === 'ico.org.uk' || host === 'www.ico.org.uk') return true;
  // GOV.UK and government bodies under it: legislation.gov.uk, nationalarchives.gov.uk, ncsc.gov.uk, departments.
  return host === 'gov.uk' || host.endsWith('.gov.uk');
}

/** All the words a person reads in a section. */
function sectionText(section: GuidanceSection): string {
  return [
    section.title,
    section.summary,
    ...section.items.flatMap((item) => [item.advice, item.why, ...(item.steps ?? [])]),
  ].join('\n');
}

describe('GUIDANCE structure', () => {
  it('has the five sections in display order', () => {
    expect(GUIDANCE.map((section) => section.id)).toEqual(['account', 'data', 'information', 'profile', 'help']);
  });

  it('gives every section a title, a summary and at least one item', () => {
    for (const section of GUIDANCE) {
      expect(section.title.trim()).not.toBe('');
      expect(section.summary.trim()).not.toBe('');
      expect(section.items.length).toBeGreaterThan(0);
    }
  });

  it('uses unique kebab-case item ids', () => {
    const ids = allItems.map((item) => item.id);
    for (const id of ids) expect(id).toMatch(KEBAB_CASE);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('contains every id that other code refers to', () => {
    const ids = new Set(allItems.map((item) => item.id));
    const missing = REQUIRED_IDS.filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
  });

  it('puts the required ids in the expected sections', () => {
    const sectionOf = (id: string) => GUIDANCE.find((section) => section.items.some((item) => item.id === id))?.id;
    expect(sectionOf('sso-two-step')).toBe('account');
    expect(sectionOf('restrict-pages')).toBe('data');
    expect(sectionOf('exports')).toBe('information');
    expect(sectionOf('mention-name')).toBe('profile');
    expect(sectionOf('it-contact')).toBe('help');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(GUIDANCE)).toBe(true);
    const first = GUIDANCE[0];
    expect(first && Object.isFrozen(first.items)).toBe(true);
  });
});

describe('every guidance item', () => {
  it.each(allItems.map((item) => [item.id, item] as const))('%s has advice, a short why and steps', (_id, item) => {
    expect(item.advice.trim()).not.toBe('');
    expect(item.why.trim()).not.toBe('');
    // "One or two sentences of why."
    const sentences = item.why.split(/[.!?](?:\s+|$)/).filter((part) => part.trim() !== '');
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(2);
    if (item.steps !== undefined) {
      expect(item.steps.length).toBeGreaterThan(0);
      for (const step of item.steps) expect(step.trim()).not.toBe('');
    }
  });

  it.each(allItems.map((item) => [item.id, item] as const))('%s cites official, dated sources', (_id, item) => {
    expect(item.sources.length).toBeGreaterThanOrEqual(1);
    for (const source of item.sources) {
      expect(source.title.trim()).not.toBe('');
      expect(isAllowedSource(source.url)).toBe(true);
      expect(isRealIsoDate(source.checked)).toBe(true);
      expect(source.checked <= todayIso()).toBe(true);
    }
  });
});

describe('GUIDANCE_CHECKED_ON', () => {
  it('is a real ISO date that is not in the future', () => {
    expect(isRealIsoDate(GUIDANCE_CHECKED_ON)).toBe(true);
    expect(GUIDANCE_CHECKED_ON <= todayIso()).toBe(true);
  });

  it('matches the date on every source', () => {
    const dates = new Set(allItems.flatMap((item) => item.sources.map((source) => source.checked)));
    expect([...dates]).toEqual([GUIDANCE_CHECKED_ON]);
  });
});

describe('source allow-list', () => {
  it('accepts official pages and rejects others', () => {
    expect(isAllowedSource('https://support.atlassian.com/confluence-cloud/docs/archive-pages/')).toBe(true);
    expect(isAllowedSource('https://www.atlassian.com/trust/privacy/transparency-report')).toBe(true);
    expect(isAllowedSource('https://www.ncsc.gov.uk/incident-management')).toBe(true);
    expect(isAllowedSource('https://ico.org.uk/for-organisations/')).toBe(true);
    expect(isAllowedSource('http://support.atlassian.com/confluence-cloud/')).toBe(false);
    expect(isAllowedSource('https://community.atlassian.com/forums/')).toBe(false);
    expect(isAllowedSource('https://www.atlassian.com/software/confluence')).toBe(false);
    expect(isAllowedSource('https://evilgov.uk.example.com/')).toBe(false);
    expect(isAllowedSource('not a url')).toBe(false);
  });
});

describe('it-contact', () => {
  it('puts the {{itContact}} placeholder in its advice', () => {
    expect(IT_CONTACT_TOKEN).toBe('{{itContact}}');
    expect(findGuidanceItem('it-contact')?.advice).toContain('{{itContact}}');
  });

  it('says the site admin sets the contact', () => {
    expect(findGuidanceItem('it-contact')?.why).toMatch(/site admin/i);
  });
});

describe('profile section', () => {
  const profile = GUIDANCE.find((section) => section.id === 'profile');

  it('states the FirstLastORGANISATION @mention convention with an example', () => {
    expect(profile).toBeDefined();
    const text = profile ? sectionText(profile) : '';
    expect(text).toContain('FirstLastORGANISATION');
    expect(text).toMatch(/for example AlexBlackMOJ/);
    expect(findGuidanceItem('mention-name')?.advice).toContain('FirstLastORGANISATION');
  });

  it('gives an example that follows the convention', () => {
    expect('AlexBlackMOJ').toMatch(/^(?:[A-Z][a-z]+){2}[A-Z]{2,}$/);
  });
});

describe('findGuidanceItem', () => {
  it('finds an item by id', () => {
    const item = findGuidanceItem('restrict-pages');
    expect(item?.id).toBe('restrict-pages');
    expect(item?.advice).toMatch(/restrict/i);
  });

  it('returns the same object as GUIDANCE holds', () => {
    const data = GUIDANCE.find((section) => section.id === 'data');
    expect(findGuidanceItem('space-permissions')).toBe(data?.items.find((item) => item.id === 'space-permissions'));
  });

  it('returns undefined for an unknown id', () => {
    expect(findGuidanceItem('no-such-item')).toBeUndefined();
    expect(findGuidanceItem('')).toBeUndefined();
  });
});
