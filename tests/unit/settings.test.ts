import { DEFAULT_SETTINGS, readSettings, validateSettings } from '../../src/domain/settings';
import { MemoryStore } from '../../src/domain/ports';
import { loadSettings, saveSettings } from '../../src/services/settings';

const good = { ...DEFAULT_SETTINGS, orgCodes: ['MOJ', 'HMRC'], itContact: 'itservicedesk@justice.example.gov.uk' };

describe('settings validation', () => {
  it('accepts good settings and trims text', () => {
    const result = validateSettings({ ...good, itContact: '  desk@example.gov.uk ' });
    expect(result).toEqual({ ok: true, settings: { ...good, itContact: 'desk@example.gov.uk' } });
  });

  it('names every bad field with a message a site admin can act on', () => {
    const result = validateSettings({ ...good, orgCodes: ['MOJ', 'moj', 'MOJ'], snoozeDays: 0, itContact: '', broadGroups: ['  '] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { field: 'orgCodes.1', message: 'Enter an organisation code of 2 to 10 capital letters, like MOJ or HMRC' },
        { field: 'snoozeDays', message: 'Enter the days to wait after “Remind me later” as a whole number from 1 to 90' },
        { field: 'itContact', message: 'Enter how people reach your IT or security team' },
      ]),
    );
    expect(result.problems.map((p) => p.field)).toContain('broadGroups.0');
  });

  it('asks for an organisation code while the @mention name check is on, and not when it is off', () => {
    expect(validateSettings({ ...good, orgCodes: [] })).toEqual({ ok: false, problems: [{ field: 'orgCodes', message: 'Enter at least one organisation code, or turn off the @mention name check' }] });
    expect(validateSettings({ ...good, orgCodes: [], rules: { ...good.rules, mentionName: false } }).ok).toBe(true);
  });

  it('rejects a payload that is not settings at all without throwing', () => {
    const result = validateSettings('drop table');
    expect(result.ok).toBe(false);
  });
});

describe('reading stored settings', () => {
  it('falls back field by field, so one bad field cannot disable the rest', () => {
    const read = readSettings({ orgCodes: ['GDS'], snoozeDays: 'soon', rules: null, bannerEnabled: false });
    expect(read).toEqual({ ...DEFAULT_SETTINGS, orgCodes: ['GDS'], bannerEnabled: false });
  });

  it('uses defaults for garbage', () => {
    expect(readSettings(42)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('saves valid settings with a timestamp and loads them back; saves nothing when invalid', async () => {
    const store = new MemoryStore();
    expect(await loadSettings(store)).toEqual({ settings: DEFAULT_SETTINGS, savedAt: null });
    const bad = await saveSettings(store, { ...good, snoozeDays: 400 });
    expect(bad.ok).toBe(false);
    expect(await loadSettings(store)).toEqual({ settings: DEFAULT_SETTINGS, savedAt: null });
    const saved = await saveSettings(store, good, () => new Date('2026-11-29T10:00:00Z'));
    expect(saved).toEqual({ ok: true, view: { settings: good, savedAt: '2026-11-29T10:00:00.000Z' } });
    expect(await loadSettings(store)).toEqual({ settings: good, savedAt: '2026-11-29T10:00:00.000Z' });
  });
});
