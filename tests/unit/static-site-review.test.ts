import type { SiteReviewRow } from '../../src/shared/api';
import { accessSummary, anyActive, reviewStatus, siteScanFlag, siteTotals } from '../../static/global-settings/src/site-review';

function row(overrides: Partial<SiteReviewRow> = {}): SiteReviewRow {
  return {
    space: { id: '1', key: 'POL', name: 'Policy', type: 'global', url: 'https://example.atlassian.net/wiki/spaces/POL' },
    access: { level: 'limited', anonymous: false, allLicensedUsers: false, guestCount: 0 },
    latest: { jobId: 'j', finishedAt: '2026-11-29T10:42:00Z', open: 3, broadGroup: 1, restricted: 10, scanned: 14 },
    scan: { status: 'done', updatedAt: '2026-11-29T10:42:00Z' },
    ...overrides,
  };
}

describe('site review', () => {
  it('says who can see a space in a few words, tagging what needs attention', () => {
    expect(accessSummary({ level: 'public', anonymous: true, allLicensedUsers: true, guestCount: 0 })).toEqual({
      text: 'Anyone on the internet',
      tags: [{ text: 'Public', appearance: 'removed' }],
    });
    expect(accessSummary({ level: 'everyone', anonymous: false, allLicensedUsers: true, guestCount: 2 })).toEqual({
      text: 'Everyone on this site, and 2 guests',
      tags: [
        { text: 'Everyone', appearance: 'moved' },
        { text: 'Guests', appearance: 'moved' },
      ],
    });
    expect(accessSummary({ level: 'limited', anonymous: false, allLicensedUsers: false, guestCount: 1 }).text).toBe(
      'Only named groups and people, and 1 guest',
    );
    expect(accessSummary({ level: 'limited', anonymous: false, allLicensedUsers: false, guestCount: 0 })).toEqual({
      text: 'Only named groups and people',
      tags: [],
    });
    expect(accessSummary(null).tags).toEqual([]);
  });

  it('names the state of each review', () => {
    expect(reviewStatus(row({ scan: { status: 'queued', updatedAt: '' } })).text).toBe('Waiting to start');
    expect(reviewStatus(row({ scan: { status: 'running', updatedAt: '' } })).text).toBe('Reviewing now');
    expect(reviewStatus(row({ scan: { status: 'failed', updatedAt: '' } }))).toEqual({ text: 'Did not finish', appearance: 'removed' });
    expect(reviewStatus(row()).text).toBe('Finished');
    expect(reviewStatus(row({ scan: null, latest: null })).text).toBe('Never reviewed');
  });

  it('knows when a review is under way', () => {
    expect(anyActive([row(), row({ scan: { status: 'queued', updatedAt: '' } })])).toBe(true);
    expect(anyActive([row(), row({ scan: null })])).toBe(false);
  });

  it('words the flag after starting every review', () => {
    expect(siteScanFlag({ started: 12, alreadyRunning: 3, skipped: 40 })).toEqual({
      appearance: 'success',
      title: 'Started 12 reviews',
      description:
        '3 reviews were already running and 40 spaces were skipped. The app starts a limited number of reviews at once. Select “Review every space now” again later to start the rest.',
    });
    expect(siteScanFlag({ started: 1, alreadyRunning: 0, skipped: 1 }).description).toMatch(/^1 space was skipped\. The app starts/);
    expect(siteScanFlag({ started: 0, alreadyRunning: 1, skipped: 0 })).toEqual({
      appearance: 'info',
      title: 'No new reviews started',
      description: '1 review was already running.',
    });
    expect(siteScanFlag({ started: 2, alreadyRunning: 0, skipped: 0 })).toEqual({ appearance: 'success', title: 'Started 2 reviews' });
  });

  it('adds up the table', () => {
    const rows = [
      row(),
      row({ access: { level: 'public', anonymous: true, allLicensedUsers: false, guestCount: 0 } }),
      row({ access: { level: 'everyone', anonymous: false, allLicensedUsers: true, guestCount: 0 } }),
      row({ access: null, latest: null, scan: null }),
    ];
    expect(siteTotals(rows)).toEqual({ spaces: 4, reviewed: 3, exposed: 2, open: 12 });
  });
});
