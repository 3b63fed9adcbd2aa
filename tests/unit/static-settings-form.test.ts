import { DEFAULT_SETTINGS, validateSettings } from '../../src/domain/settings';
import type { OrgSettings } from '../../src/shared/api';
import { dayUnit, FIELD_ORDER, fieldOf, parseDays, parseForm, parseGroups, parseOrgCodes, placeProblems, toFormValues } from '../../static/global-settings/src/form';

describe('settings form', () => {
  it('round-trips saved settings through the fields unchanged', () => {
    const settings: OrgSettings = { ...DEFAULT_SETTINGS, orgCodes: ['DDS', 'MOJ'], broadGroups: ['confluence-users', 'All Staff'] };
    expect(parseForm(toFormValues(settings))).toEqual({ settings, problems: [] });
    const scheduled: OrgSettings = { ...DEFAULT_SETTINGS, rescanDays: 0, includePersonalSpaces: true };
    expect(parseForm(toFormValues(scheduled))).toEqual({ settings: scheduled, problems: [] });
  });

  it('shows the rescan interval and the personal spaces choice in the fields', () => {
    const values = toFormValues({ ...DEFAULT_SETTINGS, rescanDays: 30, includePersonalSpaces: true });
    expect(values.rescanDays).toBe('30');
    expect(values.includePersonalSpaces).toBe(true);
  });

  it('asks for a whole number of days between reviews, and sends 0 (no scheduled reviews) as a number', () => {
    const values = toFormValues(DEFAULT_SETTINGS);
    expect(parseForm({ ...values, rescanDays: ' 0 ' })).toEqual({ settings: { ...DEFAULT_SETTINGS, rescanDays: 0 }, problems: [] });
    expect(parseForm({ ...values, rescanDays: 'weekly' }).problems).toEqual([
      { field: 'rescanDays', message: 'Enter the days between automatic reviews as a whole number, like 7' },
    ]);
    expect(parseForm({ ...values, rescanDays: '' }).problems).toEqual([{ field: 'rescanDays', message: 'Enter the days between automatic reviews, like 7' }]);
    // A negative or huge whole number is a number: the resolver's range check names the range.
    for (const [field, text, message] of [
      ['rescanDays', '-1', 'Enter the days between automatic reviews as a whole number from 0 to 90'],
      ['snoozeDays', '-3', 'Enter the days to wait after “Remind me later” as a whole number from 1 to 90'],
      ['snoozeDays', '99999999999', 'Enter the days to wait after “Remind me later” as a whole number from 1 to 90'],
    ] as const) {
      const parsed = parseForm({ ...toFormValues({ ...DEFAULT_SETTINGS, orgCodes: ['DDS'] }), [field]: text });
      expect(parsed.problems).toEqual([]);
      const checked = validateSettings(parsed.settings);
      if (checked.ok) throw new Error(`expected ${text} to be out of range`);
      expect(placeProblems(checked.problems, parsed.settings)).toEqual([{ field, message }]);
    }
    // Both day fields wrong: both reported, in page order.
    expect(parseForm({ ...values, snoozeDays: 'x', rescanDays: '1.5' }).problems.map((p) => p.field)).toEqual(['snoozeDays', 'rescanDays']);
  });

  it('leaves the range to the resolver, which says what is wrong next to the field', () => {
    const parsed = parseForm({ ...toFormValues({ ...DEFAULT_SETTINGS, orgCodes: ['DDS'] }), rescanDays: '120' });
    expect(parsed.problems).toEqual([]);
    const checked = validateSettings(parsed.settings);
    if (checked.ok) throw new Error('expected problems');
    expect(placeProblems(checked.problems, parsed.settings)).toEqual([{ field: 'rescanDays', message: 'Enter the days between automatic reviews as a whole number from 0 to 90' }]);
  });

  it('lists the new fields last, so the error summary follows the page', () => {
    expect(FIELD_ORDER.slice(-2)).toEqual(['rescanDays', 'includePersonalSpaces']);
    expect(fieldOf('includePersonalSpaces')).toBe('includePersonalSpaces');
    expect(parseDays('14', 'snoozeDays', 14)).toEqual({ days: 14, problem: null });
  });

  it('says "day" after 1 and "days" after anything else', () => {
    expect(['1', ' 1 ', '0', '14', '', 'x'].map(dayUnit)).toEqual(['day', 'day', 'days', 'days', 'days', 'days']);
  });

  it('reads organisation codes separated by commas or spaces, in capitals, each once', () => {
    expect(parseOrgCodes(' moj, HMRC  dds,,moj ')).toEqual(['MOJ', 'HMRC', 'DDS']);
    expect(parseOrgCodes('   ')).toEqual([]);
  });

  it('reads one group a line, keeping spaces inside names', () => {
    expect(parseGroups('confluence-users\r\n  All Staff \n\nconfluence-users')).toEqual(['confluence-users', 'All Staff']);
  });

  it('asks for a whole number of days before sending anything', () => {
    const values = { ...toFormValues(DEFAULT_SETTINGS), snoozeDays: '2 weeks' };
    expect(parseForm(values).problems).toEqual([{ field: 'snoozeDays', message: 'Enter the days to wait after “Remind me later” as a whole number, like 14' }]);
    expect(parseForm({ ...values, snoozeDays: '' }).problems[0]?.message).toBe('Enter the days to wait after “Remind me later”, like 14');
  });

  it('maps problem paths to fields', () => {
    expect(fieldOf('orgCodes.1')).toBe('orgCodes');
    expect(fieldOf('rules.photo')).toBe('rules');
    expect(fieldOf('snoozeDays')).toBe('snoozeDays');
    expect(fieldOf('(settings)')).toBeNull();
  });

  it("places the resolver's real problems next to their fields, in page order, naming the bad list item", () => {
    const sent: OrgSettings = { ...DEFAULT_SETTINGS, orgCodes: ['DDS', 'MOJ1'], snoozeDays: 200, itContact: '', broadGroups: ['g'.repeat(300)] };
    const checked = validateSettings(sent);
    if (checked.ok) throw new Error('expected problems');
    const placed = placeProblems([...checked.problems].reverse(), sent);
    expect(placed.map((p) => p.field)).toEqual(['orgCodes', 'snoozeDays', 'itContact', 'broadGroups']);
    expect(placed[0]?.message).toBe('“MOJ1”: Enter an organisation code of 2 to 10 capital letters, like MOJ or HMRC');
    expect(placed[3]?.message).toBe(`“${'g'.repeat(39)}…”: Enter a group name, with no spaces at the start or end`);
  });

  it('keeps problems about the whole form, last, and drops repeats', () => {
    const placed = placeProblems(
      [
        { field: '(settings)', message: 'Something else' },
        { field: 'snoozeDays', message: 'At most 90 days' },
        { field: 'snoozeDays', message: 'At most 90 days' },
      ],
      DEFAULT_SETTINGS,
    );
    expect(placed).toEqual([
      { field: 'snoozeDays', message: 'At most 90 days' },
      { field: null, message: 'Something else' },
    ]);
  });
});
