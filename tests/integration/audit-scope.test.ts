import { ConfluenceClient } from '../../src/adapters/confluence/client';
import { readSpaceAccess } from '../../src/adapters/confluence/space-access';
import { httpTransport } from '../../src/adapters/http/http-transport';
import { MemoryStore } from '../../src/domain/ports';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { scanToCompletion } from '../../src/services/local-scan';
import * as backend from '../../src';
import { DEMO_CONTENT, DEMO_PERSONAS, DEMO_SITE_PATH, DEMO_SPACES, generateSite, loadSite, parseSite, startEmulator } from '../../tools/emulator';
import type { SiteScanResult } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { startHarness, type Harness } from '../helpers/forge-harness';

/** What the audit covers: who can see a space in both permission models, archived content, personal spaces. */

describe('space openness', () => {
  it('reads anonymous, everyone, limited and guest access on a classic site', async () => {
    const emulator = await startEmulator({ site: loadSite(DEMO_SITE_PATH), port: 0, validateResponses: true });
    try {
      const client = new ConfluenceClient(httpTransport({ baseUrl: emulator.url, authorization: 'Bearer emu-app' }));
      const broad = ['confluence-users'];
      const pub = await readSpaceAccess(client, DEMO_SPACES.PUB, broad);
      expect(pub).toMatchObject({ mode: 'PERMISSIONS', level: 'public', anonymous: true });
      const dig = await readSpaceAccess(client, DEMO_SPACES.DIG, broad);
      expect(dig).toMatchObject({ level: 'everyone', anonymous: false });
      const pol = await readSpaceAccess(client, DEMO_SPACES.POL, broad);
      expect(pol.level).toBe('limited');
      expect(pol.groups.map((g) => g.name)).toContain('dds-policy');
      const sup = await readSpaceAccess(client, DEMO_SPACES.SUP, broad);
      // Guests who can view SUP, straight from the model: members of the groups it grants view to, or granted directly.
      const state = emulator.state;
      const supRec = state.spaces.get(DEMO_SPACES.SUP)!;
      const viewers = new Set<string>();
      for (const { principal, operations } of supRec.permissions) {
        if (!operations.includes('read/space')) continue;
        if (principal.type === 'user') viewers.add(principal.accountId);
        if (principal.type === 'group') for (const m of state.groups.get(principal.groupId)?.members ?? []) viewers.add(m);
      }
      const expectedGuests = [...viewers].filter((id) => state.users.get(id)?.isGuest === true);
      expect(expectedGuests).toContain(DEMO_PERSONAS.sam);
      expect(sup.guestCount).toBe(expectedGuests.length);
      expect(emulator.contractViolations).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });

  it('reads access classes on a role-based site', async () => {
    const emulator = await startEmulator({ site: parseSite(generateSite({ pages: 20, roleMode: 'ROLES', seed: 2 }), '<roles>'), port: 0, validateResponses: true });
    try {
      const client = new ConfluenceClient(httpTransport({ baseUrl: emulator.url, authorization: 'Bearer emu-app' }));
      const space = [...emulator.state.spaces.values()][0]!;
      const access = await readSpaceAccess(client, space.id, []);
      expect(access.mode).toBe('ROLES');
      expect(access.level).toBe('everyone');
      expect(access.allLicensedUsers).toBe(true);
      expect(emulator.contractViolations).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });
});

describe('archived content', () => {
  it('is left out unless asked for', async () => {
    const emulator = await startEmulator({ site: loadSite(DEMO_SITE_PATH), port: 0 });
    try {
      const client = new ConfluenceClient(httpTransport({ baseUrl: emulator.url, authorization: `Bearer emu-user:${DEMO_PERSONAS.tom}` }));
      const scan = (includeArchived: boolean) =>
        scanToCompletion({ client, store: new MemoryStore(), space: { id: DEMO_SPACES.DIG, key: 'DIG' }, broadGroups: ['confluence-users'], includeArchived });
      const current = (await scan(false)).findings.map((f) => f.i);
      const withArchived = (await scan(true)).findings.map((f) => f.i);
      expect(current).not.toContain(DEMO_CONTENT.digArchived);
      expect(withArchived).toContain(DEMO_CONTENT.digArchived);
      expect(withArchived).not.toContain(DEMO_CONTENT.digDraft);
    } finally {
      await emulator.stop();
    }
  });
});

describe('personal spaces in site-wide scans', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });
  const startAll = () =>
    h.invoke<Result<SiteScanResult>>(backend.globalSettingsHandler, { moduleKey: 'secure-use-global-settings', functionKey: 'startSiteScan', accountId: DEMO_PERSONAS.priya, extension: { type: 'confluence:globalSettings' } });
  const queuedSpaces = () => h.runtime.events.pending().map((e) => e.body['spaceId']);

  it('skips personal spaces by default and includes them when the settings say so', async () => {
    h.store.clear();
    const first = await startAll();
    expect(first.ok && first.data.started).toBeGreaterThan(0);
    expect(queuedSpaces()).not.toContain(DEMO_SPACES['~alexblack']);
    expect(queuedSpaces()).toContain(DEMO_SPACES.DIG);
    await h.runtime.events.drain({ maxDeliveries: 1000, ignoreDelays: true });

    h.store.clear();
    const saved = await h.invoke<Result<{ saved: boolean }>>(backend.globalSettingsHandler, {
      moduleKey: 'secure-use-global-settings',
      functionKey: 'saveSettings',
      accountId: DEMO_PERSONAS.priya,
      payload: { settings: { ...DEFAULT_SETTINGS, orgCodes: ['DDS'], includePersonalSpaces: true } },
      extension: { type: 'confluence:globalSettings' },
    });
    expect(saved).toMatchObject({ ok: true, data: { saved: true } });
    await startAll();
    expect(queuedSpaces()).toContain(DEMO_SPACES['~alexblack']);
    await h.runtime.events.drain({ maxDeliveries: 1000, ignoreDelays: true });
  });
});
