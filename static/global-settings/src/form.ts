import type { OrgSettings, SettingsProblem } from '../../../src/shared/api';

/**
 * The settings form's pure logic: turning `OrgSettings` into what the fields show, parsing the fields back, and
 * placing each problem the resolver reports next to the field it belongs to. No React here, so it is unit
 * tested (`tests/unit/static-settings-form.test.ts`).
 */

/** What the fields hold: text fields are strings, as typed. */
export interface FormValues {
  orgCodes: string;
  mentionName: boolean;
  photo: boolean;
  jobTitle: boolean;
  checkGuests: boolean;
  bannerEnabled: boolean;
  snoozeDays: string;
  itContact: string;
  broadGroups: string;
  rescanDays: string;
  includePersonalSpaces: boolean;
}

/** The fields a problem can be shown against (each is also the id of the control, prefixed `field-`). */
export type FieldId =
  'orgCodes' | 'rules' | 'checkGuests' | 'bannerEnabled' | 'snoozeDays' | 'itContact' | 'broadGroups' | 'rescanDays' | 'includePersonalSpaces';

/** Field order, top to bottom, so the error summary lists problems in the order of the page. */
export const FIELD_ORDER: readonly FieldId[] = [
  'orgCodes',
  'rules',
  'checkGuests',
  'bannerEnabled',
  'snoozeDays',
  'itContact',
  'broadGroups',
  'rescanDays',
  'includePersonalSpaces',
];

/** The element id of a field's control (the target of the error summary's links). */
export const controlId = (field: FieldId): string => `field-${field}`;

export function toFormValues(settings: OrgSettings): FormValues {
  return {
    orgCodes: settings.orgCodes.join(', '),
    mentionName: settings.rules.mentionName,
    photo: settings.rules.photo,
    jobTitle: settings.rules.jobTitle,
    checkGuests: settings.checkGuests,
    bannerEnabled: settings.bannerEnabled,
    snoozeDays: String(settings.snoozeDays),
    itContact: settings.itContact,
    broadGroups: settings.broadGroups.join('\n'),
    rescanDays: String(settings.rescanDays),
    includePersonalSpaces: settings.includePersonalSpaces,
  };
}

/** Organisation codes as typed: split at commas and spaces, in capitals, each once, in the order given. */
export function parseOrgCodes(text: string): string[] {
  const codes = text
    .split(/[\s,;]+/u)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  return [...new Set(codes)];
}

/** Group names, one a line (a name may contain spaces), each once. */
export function parseGroups(text: string): string[] {
  const groups = text
    .split(/\r?\n/u)
    .map((g) => g.trim())
    .filter((g) => g !== '');
  return [...new Set(groups)];
}

/** What each days field holds, as its error messages name it (so the error summary says which field is wrong). */
const DAYS_WHAT: Partial<Record<FieldId, string>> = {
  snoozeDays: 'the days to wait after “Remind me later”',
  rescanDays: 'the days between automatic reviews',
};

/**
 * A whole number of days as typed, or a problem to show. Only the form can check this: the payload carries a
 * number, so "2 weeks" has to be caught before sending. The range is the resolver's to check.
 */
export function parseDays(text: string, field: FieldId, example: number): { days: number; problem: SettingsProblem | null } {
  const trimmed = text.trim();
  // Any whole number goes to the resolver, whose range check says what the range is (-3 and 99999 included).
  if (/^[-−]?\d{1,15}$/u.test(trimmed)) return { days: Number(trimmed.replace('−', '-')), problem: null };
  return {
    days: 0,
    problem: {
      field,
      message: trimmed === '' ? `Enter ${DAYS_WHAT[field] ?? 'a number of days'}, like ${example}` : `Enter ${DAYS_WHAT[field] ?? 'the number of days'} as a whole number, like ${example}`,
    },
  };
}

/**
 * Builds the settings to save. The resolver validates everything; the only checks made here are the ones the
 * payload cannot carry: numbers of days must be whole numbers before they can be sent as numbers.
 */
export function parseForm(values: FormValues): { settings: OrgSettings; problems: SettingsProblem[] } {
  const snooze = parseDays(values.snoozeDays, 'snoozeDays', 14);
  const rescan = parseDays(values.rescanDays, 'rescanDays', 7);
  const problems = [snooze.problem, rescan.problem].filter((p): p is SettingsProblem => p !== null);
  return {
    settings: {
      orgCodes: parseOrgCodes(values.orgCodes),
      rules: { mentionName: values.mentionName, photo: values.photo, jobTitle: values.jobTitle },
      checkGuests: values.checkGuests,
      bannerEnabled: values.bannerEnabled,
      snoozeDays: snooze.days,
      itContact: values.itContact.trim(),
      broadGroups: parseGroups(values.broadGroups),
      rescanDays: rescan.days,
      includePersonalSpaces: values.includePersonalSpaces,
    },
    problems,
  };
}

/** Which field a problem's path (`orgCodes.1`, `rules.photo`, `snoozeDays`) belongs to; null for the form as a whole. */
export function fieldOf(path: string): FieldId | null {
  const head = path.split('.')[0] ?? '';
  return (FIELD_ORDER as readonly string[]).includes(head) ? (head as FieldId) : null;
}

/** A problem ready to show: where, and the words (naming the item when the path points at one of a list). */
export interface PlacedProblem {
  field: FieldId | null;
  message: string;
}

/**
 * Places problems against fields, in page order, without repeats. A path into a list (`orgCodes.1`) names the
 * value the person typed: "“MOJ1”: An organisation code is 2 to 10 capital letters".
 */
export function placeProblems(problems: readonly SettingsProblem[], sent: OrgSettings): PlacedProblem[] {
  const placed: PlacedProblem[] = [];
  const seen = new Set<string>();
  for (const problem of problems) {
    const field = fieldOf(problem.field);
    const [, index] = problem.field.split('.');
    let message = problem.message;
    if (index !== undefined && /^\d+$/u.test(index) && (field === 'orgCodes' || field === 'broadGroups')) {
      const value = sent[field][Number(index)];
      if (value !== undefined) message = `“${shorten(value)}”: ${message}`;
    }
    const key = `${field ?? ''}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    placed.push({ field, message });
  }
  const rank = (f: FieldId | null) => (f === null ? FIELD_ORDER.length : FIELD_ORDER.indexOf(f));
  return placed.sort((a, b) => rank(a.field) - rank(b.field));
}

/** A typed value short enough to quote in a message. */
function shorten(value: string): string {
  const chars = [...value];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : value;
}

/** The unit after a number of days as typed: "day" for 1, else "days". */
export function dayUnit(text: string): string {
  return text.trim() === '1' ? 'day' : 'days';
}
