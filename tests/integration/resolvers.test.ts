import { DEMO_CONTENT, DEMO_PERSONAS, DEMO_SPACES } from '../../tools/emulator';
import { globalSettingsHandler, pageBannerHandler, spacePageHandler, spaceSettingsHandler } from '../../src';
import type { FindingsPage, PeopleView, ProfileNudge, ReviewView, SaveSettingsResult, SecureUseView, SettingsView } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { startHarness, type Harness } from '../helpers/forge-harness';

const DIG = { id: DEMO_SPACES.DIG, key: 'DIG' };
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});
beforeEach(() => {
  h.store.clear();
  h.emulator.requests.clear();
});
afterEach(() => {
  expect(h.emulator.contractViolations).toEqual([]);
});

const spacePage = (accountId: string, space = DIG) =>
  h.invoke<Result<SecureUseView>>(spacePageHandler, { moduleKey: 'secure-use-space-page', functionKey: 'getSecureUse', accountId, extension: { type: 'confluence:spacePage', space } });
const review = (accountId: string, space = DIG) =>
  h.invoke<Result<ReviewView>>(spaceSettingsHandler, { moduleKey: 'secure-use-space-settings', functionKey: 'getReview', accountId, extension: { type: 'confluence:spaceSettings', space } });
const banner = (accountId: string, functionKey = 'getProfileNudge', payload?: unknown) =>
  h.invoke<Result<ProfileNudge>>(pageBannerHandler, {
    moduleKey: 'secure-use-profile-banner',
    functionKey,
    accountId,
    payload,
    extension: { type: 'confluence:pageBanner', space: DIG, content: { id: DEMO_CONTENT.digHome, type: 'page' } },
  });
const settings = <T>(accountId: string, functionKey: string, payload?: unknown) =>
  h.invoke<Result<T>>(globalSettingsHandler, { moduleKey: 'secure-use-global-settings', functionKey, accountId, payload, extension: { type: 'confluence:globalSettings' } });

function titleOf(id: string): string {
  const node = h.emulator.state.content.get(id);
  if (!node) throw new Error(`no demo content ${id}`);
  return node.title;
}

describe('space page resolver', () => {
  it('shows a member the space, who can see it, its open pages and the guidance', async () => {
    const result = await spacePage(DEMO_PERSONAS.alex);
    if (!result.ok) throw new Error(result.error.message);
    const view = result.data;
    expect(view.space).toMatchObject({ id: DIG.id, key: 'DIG', name: h.emulator.state.spaces.get(DIG.id)?.name });
    expect(view.access.level).toBe('everyone');
    expect(view.access.groups).toEqual([]); // group names are for space admins
    expect(view.exposure.complete).toBe(true);
    expect(view.exposure.openPages).toBeGreaterThan(5);
    expect(view.recommendations.map((r) => r.id)).toContain('space-everyone');
    expect(view.guidance.map((s) => s.id)).toEqual(['account', 'data', 'information', 'profile', 'help']);
    expect(JSON.stringify(view.guidance)).not.toContain('{{itContact}}');
    expect(view.viewer.canAdministerSpace).toBe(false);
    const json = JSON.stringify(view);
    for (const hidden of [DEMO_CONTENT.digSecurityIncidents, DEMO_CONTENT.digIncidentPhishing, DEMO_CONTENT.digPentest]) {
      expect(json).not.toContain(titleOf(hidden));
    }
  });

  it('never titles a page restricted to a group, even one configured as everyone, in the summary it shares', async () => {
    await configure({ broadGroups: ['confluence-users', 'dds-security'] });
    const admin = await spacePage(DEMO_PERSONAS.priya); // fills the shared cache first
    expect(admin.ok).toBe(true);
    const member = await spacePage(DEMO_PERSONAS.alex);
    if (!member.ok) throw new Error(member.error.message);
    const json = JSON.stringify(member.data);
    for (const hidden of [DEMO_CONTENT.digPentest, DEMO_CONTENT.digSecurityIncidents]) expect(json).not.toContain(titleOf(hidden));
    expect(member.data.exposure.examples.every((e) => e.exposure === 'open')).toBe(true);
  });

  it('refuses to save a group that does not exist as "everyone"', async () => {
    const read = await settings<SettingsView>(DEMO_PERSONAS.priya, 'getSettings');
    if (!read.ok) throw new Error(read.error.message);
    const saved = await settings<SaveSettingsResult>(DEMO_PERSONAS.priya, 'saveSettings', { settings: { ...read.data.settings, orgCodes: ['DDS'], broadGroups: ['confluence-users', 'dds-securty'] } });
    expect(saved).toEqual({ ok: true, data: { saved: false, problems: [{ field: 'broadGroups.1', message: 'There is no group called “dds-securty” on this site' }] } });
  });

  it('reuses the cached summary on the next view instead of scanning again', async () => {
    await spacePage(DEMO_PERSONAS.alex);
    const searches = () => h.emulator.requests.count({ path: '/wiki/rest/api/content/search' });
    const first = searches();
    expect(first).toBeGreaterThan(0);
    const again = await spacePage(DEMO_PERSONAS.tom);
    expect(again.ok && again.data.viewer.canAdministerSpace).toBe(true);
    expect(searches()).toBe(first);
  });

  it('answers not-found, without details, to someone who cannot see the space', async () => {
    const result = await spacePage(DEMO_PERSONAS.sam);
    expect(result).toEqual({ ok: false, error: { kind: 'not-found', message: 'This space no longer exists, or you cannot see it.' } });
  });

  it('refuses a context without an invoking person instead of crashing', async () => {
    const raw = await h.runtime.run({ accountId: null, moduleKey: 'secure-use-space-page' }, () =>
      (spacePageHandler as unknown as (r: unknown, b: unknown) => Promise<unknown>)({ call: { functionKey: 'getSecureUse', payload: { spaceKey: 'HR' } }, context: { extension: { space: DIG } } }, {}),
    );
    expect(raw).toEqual({ ok: false, error: { kind: 'not-permitted', message: 'Sign in to Confluence to use this app.' } });
  });
});

describe('space settings review resolver', () => {
  it('shows a space admin who can see the space and that it has not been reviewed yet', async () => {
    const result = await review(DEMO_PERSONAS.tom);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.space.key).toBe('DIG');
    expect(result.data.access.groups.length).toBeGreaterThan(0);
    expect(result.data).toMatchObject({ scan: null, latest: null, history: [] });
  });

  it('lists broad-group findings only to an admin who is in every group configured as everyone', async () => {
    await configure({ broadGroups: ['confluence-users', 'dds-security'] });
    // Scans run as the app, which sees a group-restricted page only if the restriction names it too.
    h.emulator.state.setRestriction(DEMO_CONTENT.digPentest, 'read', { users: [DEMO_PERSONAS.app], groups: ['dds-security'] });
    const call = <T>(functionKey: string, payload?: unknown) =>
      h.invoke<Result<T>>(spaceSettingsHandler, { moduleKey: 'secure-use-space-settings', functionKey, accountId: DEMO_PERSONAS.tom, payload, extension: { type: 'confluence:spaceSettings', space: DIG } });
    expect((await call<{ started: boolean }>('startScan', {})).ok).toBe(true);
    await h.runtime.events.drain({ maxDeliveries: 200, ignoreDelays: true });
    const page = await call<FindingsPage>('getFindings', { limit: 500 });
    if (!page.ok) throw new Error(page.error.message);
    // Tom administers DIG but is not in dds-security, so he cannot open the pentest report: no title for him.
    expect(h.emulator.state.groupsByName.get('dds-security')?.members.has(DEMO_PERSONAS.tom)).toBe(false);
    const ids = page.data.items.map((i) => i.id);
    expect(ids).not.toContain(DEMO_CONTENT.digPentest);
    expect(page.data.items.every((i) => i.exposure === 'open')).toBe(true);
    expect(page.data.hiddenBroadGroup).toBeGreaterThan(0);
    const csv = await call<{ content: string }>('exportFindings', { format: 'csv' });
    expect(csv.ok && csv.data.content).not.toContain(titleOf(DEMO_CONTENT.digPentest));
    h.emulator.reset();
  });

  it('lists contributors whose profiles break the conventions, exportable as CSV', async () => {
    await configure();
    const call = <T>(functionKey: string, payload?: unknown) =>
      h.invoke<Result<T>>(spaceSettingsHandler, { moduleKey: 'secure-use-space-settings', functionKey, accountId: DEMO_PERSONAS.tom, payload, extension: { type: 'confluence:spaceSettings', space: DIG } });
    const before = await call<PeopleView>('getPeople');
    expect(before).toEqual({ ok: true, data: { people: [], checked: 0, jobTitleUnknown: 0, guestsNotChecked: 0, mentionNameChecked: true, scannedAt: null } });
    await call('startScan', {});
    await h.runtime.events.drain({ maxDeliveries: 200, ignoreDelays: true });
    const result = await call<PeopleView>('getPeople');
    if (!result.ok) throw new Error(result.error.message);
    const byId = new Map(result.data.people.map((p) => [p.accountId, p]));
    // Contributors straight from the model: authors and last editors of current DIG content.
    const contributors = new Set<string>();
    for (const n of h.emulator.state.content.values()) {
      if (n.space.id === DIG.id && n.status === 'current') contributors.add(n.authorId).add(n.lastModifiedBy);
    }
    expect(contributors.has(DEMO_PERSONAS.alex)).toBe(true);
    expect(byId.get(DEMO_PERSONAS.alex)).toMatchObject({ publicName: 'alex.black', rules: ['mention-name', 'photo', 'job-title'], suggestion: 'AlexBlackDDS', guest: false });
    expect(byId.get(DEMO_PERSONAS.alex)?.lastSeen).toMatch(/^\d{4}-/);
    expect(byId.has(DEMO_PERSONAS.priya)).toBe(false);
    expect([...byId.keys()].every((id) => contributors.has(id))).toBe(true);
    // Checked: active staff contributors (guests are skipped by default and counted apart; deactivated people are left out).
    const users = [...contributors].map((id) => h.emulator.state.users.get(id)).filter((u) => u !== undefined);
    const active = users.filter((u) => u.status === 'active' && u.accountType === 'atlassian');
    const guests = active.filter((u) => u.isGuest);
    expect(result.data.checked).toBe(active.length - guests.length);
    expect(result.data.guestsNotChecked).toBe(guests.length);
    expect(result.data.mentionNameChecked).toBe(true);
    expect(result.data.people.every((p) => !p.guest && users.find((u) => u.accountId === p.accountId)?.status === 'active')).toBe(true);
    const csv = await call<{ content: string }>('exportPeople', { format: 'csv' });
    expect(csv.ok && csv.data.content.split('\r\n')[0]).toBe('public name,display name,account id,what to fix,suggested @mention name,last seen contributing,guest');
    expect(csv.ok && csv.data.content).toContain('alex.black,Alex Black,5f1a0000000000000000a003,mention name; profile photo; job title,AlexBlackDDS');
  });

  it('refuses a member who is not a space admin', async () => {
    const result = await review(DEMO_PERSONAS.alex);
    expect(result).toEqual({ ok: false, error: { kind: 'not-permitted', message: 'Only space admins can review this space.' } });
  });
});

/** Saves organisation settings as the site admin, through the real resolver. */
async function configure(overrides: Record<string, unknown> = {}): Promise<void> {
  const read = await settings<SettingsView>(DEMO_PERSONAS.priya, 'getSettings');
  if (!read.ok) throw new Error(read.error.message);
  const saved = await settings<SaveSettingsResult>(DEMO_PERSONAS.priya, 'saveSettings', { settings: { ...read.data.settings, orgCodes: ['DDS', 'HMRC'], ...overrides } });
  if (!saved.ok || !saved.data.saved) throw new Error(`settings not saved: ${JSON.stringify(saved)}`);
}

describe('page banner resolver', () => {
  beforeEach(async () => {
    await configure();
    h.emulator.requests.clear();
  });

  it('does not judge @mention names before the organisation has named its codes', async () => {
    h.store.clear();
    const result = await banner(DEMO_PERSONAS.alex);
    expect(result.ok && result.data.show && result.data.findings.map((f) => f.rule)).toEqual(['photo', 'job-title']);
  });

  it('nudges a person whose profile breaks the conventions, with a conforming suggestion', async () => {
    const result = await banner(DEMO_PERSONAS.alex);
    if (!result.ok || !result.data.show) throw new Error(`expected a nudge, got ${JSON.stringify(result)}`);
    expect(result.data.accountId).toBe(DEMO_PERSONAS.alex);
    const mention = result.data.findings.find((f) => f.rule === 'mention-name');
    expect(mention?.suggestion).toBe('AlexBlackDDS');
    expect(mention?.current).toBe('alex.black'); // the name as it is now, so Alex can see what is wrong with it
    expect(mention?.note).toBe('Use your own organisation’s code: one of DDS, HMRC.');
    expect(result.data.findings.map((f) => f.rule)).toEqual(['mention-name', 'photo', 'job-title']);
    expect(result.data.snoozeDays).toBe(14);
  });

  it('never calls a job title it cannot read a finding: refused GraphQL', async () => {
    h.emulator.faults.set({ graphqlRefused: true });
    try {
      const result = await banner(DEMO_PERSONAS.alex);
      expect(result.ok && result.data.show && result.data.findings.map((f) => f.rule)).toEqual(['mention-name', 'photo']);
    } finally {
      h.emulator.faults.set({ graphqlRefused: null });
    }
  });

  it('shows nothing to a conforming person, a guest, or someone whose job title is hidden but otherwise conforms', async () => {
    expect(await banner(DEMO_PERSONAS.priya)).toEqual({ ok: true, data: { show: false } });
    expect(await banner(DEMO_PERSONAS.sam)).toEqual({ ok: true, data: { show: false } });
    expect(await banner(DEMO_PERSONAS.zoe)).toEqual({ ok: true, data: { show: false } }); // job title hidden: unknown
  });

  it('checks a guest when asked to, without telling them to take the host organisation’s code', async () => {
    await configure({ checkGuests: true });
    const result = await banner(DEMO_PERSONAS.sam);
    if (!result.ok || !result.data.show) throw new Error(`expected a nudge for the guest, got ${JSON.stringify(result)}`);
    const mention = result.data.findings.find((f) => f.rule === 'mention-name');
    expect(mention).toBeDefined();
    expect(mention?.suggestion).toBeUndefined();
    expect(mention?.note).toMatch(/your own organisation’s code/);
    expect(mention?.current).toBe(h.emulator.state.users.get(DEMO_PERSONAS.sam)?.publicName);
  });

  it('makes no Confluence request on a cache hit', async () => {
    await banner(DEMO_PERSONAS.alex);
    h.emulator.requests.clear();
    const again = await banner(DEMO_PERSONAS.alex);
    expect(again.ok && again.data.show).toBe(true);
    expect(h.emulator.requests.length).toBe(0);
  });

  it('stays hidden after dismiss and after snooze, and rejects a bad snooze without losing state', async () => {
    await banner(DEMO_PERSONAS.alex);
    expect(await banner(DEMO_PERSONAS.alex, 'dismiss')).toEqual({ ok: true, data: { dismissed: true } });
    expect(await banner(DEMO_PERSONAS.alex)).toEqual({ ok: true, data: { show: false } });

    h.store.clear();
    await configure();
    const bad = await banner(DEMO_PERSONAS.alex, 'snooze', { days: 'soon' });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    const snoozed = await banner(DEMO_PERSONAS.alex, 'snooze', { days: 7 });
    expect(snoozed.ok).toBe(true);
    expect(await banner(DEMO_PERSONAS.alex)).toEqual({ ok: true, data: { show: false } });
  });
});

describe('global settings resolver', () => {
  it('lets a site admin read and save settings, reporting every bad field', async () => {
    const read = await settings<SettingsView>(DEMO_PERSONAS.priya, 'getSettings');
    if (!read.ok) throw new Error(read.error.message);
    expect(read.data.savedAt).toBeNull();
    const bad = await settings<SaveSettingsResult>(DEMO_PERSONAS.priya, 'saveSettings', { settings: { ...read.data.settings, orgCodes: ['dds'] } });
    expect(bad).toEqual({ ok: true, data: { saved: false, problems: [{ field: 'orgCodes.0', message: 'Enter an organisation code of 2 to 10 capital letters, like MOJ or HMRC' }] } });
    const none = await settings<SaveSettingsResult>(DEMO_PERSONAS.priya, 'saveSettings', { settings: { ...read.data.settings, orgCodes: [] } });
    expect(none).toMatchObject({ ok: true, data: { saved: false, problems: [{ field: 'orgCodes' }] } });
    const good = await settings<SaveSettingsResult>(DEMO_PERSONAS.priya, 'saveSettings', { settings: { ...read.data.settings, orgCodes: ['DDS', 'HMRC'], itContact: 'the DDS service desk' } });
    expect(good.ok && good.data.saved).toBe(true);
    const page = await spacePage(DEMO_PERSONAS.alex);
    expect(page.ok && JSON.stringify(page.data.guidance)).toContain('the DDS service desk');
  });

  it('refuses anyone who is not a Confluence admin, whatever the payload says', async () => {
    expect(await settings(DEMO_PERSONAS.alex, 'getSettings')).toMatchObject({ ok: false, error: { kind: 'not-permitted' } });
    expect(await settings(DEMO_PERSONAS.tom, 'saveSettings', { settings: {}, accountId: DEMO_PERSONAS.priya })).toMatchObject({ ok: false, error: { kind: 'not-permitted' } });
  });
});
