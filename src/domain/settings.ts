import { z } from 'zod';
import type { OrgSettings, SettingsProblem } from '../shared/api';

/**
 * Organisation settings: defaults, validation and a forgiving reader. A missing or corrupt stored value never
 * breaks anything that reads settings (the banner above all): each field falls back to its default on its own.
 */

/** Defaults used until a site admin saves settings, and for any stored field that fails validation. */
export const DEFAULT_SETTINGS: OrgSettings = {
  // No organisation is assumed: until a site admin adds its codes, the @mention name rule is not applied.
  orgCodes: [],
  rules: { mentionName: true, photo: true, jobTitle: true },
  checkGuests: false,
  bannerEnabled: true,
  snoozeDays: 14,
  itContact: 'your IT service desk',
  broadGroups: ['confluence-users'],
  rescanDays: 1,
  includePersonalSpaces: false,
};

const ORG_CODE = /^[A-Z]{2,10}$/;
/** Confluence group names: no leading/trailing space, 1–255 characters. */
const GROUP_NAME = /^\S(.{0,253}\S)?$/;

/** The fields of settings, each validated on its own (stored values are read field by field). */
const settingsFields = z.object({
  orgCodes: z
    .array(z.string().trim().regex(ORG_CODE, 'Enter an organisation code of 2 to 10 capital letters, like MOJ or HMRC'))
    .max(50, 'Enter 50 organisation codes or fewer')
    .refine((codes) => new Set(codes).size === codes.length, 'Enter each organisation code once'),
  rules: z.object({ mentionName: z.boolean(), photo: z.boolean(), jobTitle: z.boolean() }),
  checkGuests: z.boolean(),
  bannerEnabled: z.boolean(),
  snoozeDays: z.number().int('Enter the days to wait after “Remind me later” as a whole number from 1 to 90').min(1, 'Enter the days to wait after “Remind me later” as a whole number from 1 to 90').max(90, 'Enter the days to wait after “Remind me later” as a whole number from 1 to 90'),
  itContact: z.string().trim().min(1, 'Enter how people reach your IT or security team').max(200, 'IT contact must be 200 characters or fewer'),
  broadGroups: z
    .array(z.string().trim().regex(GROUP_NAME, 'Enter a group name, with no spaces at the start or end'))
    .max(20, 'Enter 20 groups or fewer'),
  rescanDays: z.number().int('Enter the days between automatic reviews as a whole number from 0 to 90').min(0, 'Enter the days between automatic reviews as a whole number from 0 to 90').max(90, 'Enter the days between automatic reviews as a whole number from 0 to 90'),
  includePersonalSpaces: z.boolean(),
});

/** The strict schema for a save: every field required, with messages a site admin can act on. */
export const settingsSchema = settingsFields.superRefine((s, ctx) => {
  if (s.rules.mentionName && s.orgCodes.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['orgCodes'], message: 'Enter at least one organisation code, or turn off the @mention name check' });
  }
});


/**
 * Validates settings a site admin submitted.
 * @returns the cleaned settings, or every problem found (never throws)
 */
export function validateSettings(input: unknown): { ok: true; settings: OrgSettings } | { ok: false; problems: SettingsProblem[] } {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(settings)', message: i.message })) };
}

/**
 * Reads stored settings leniently: each field that is missing or invalid takes its default, so one bad field
 * (from an older version, or a hand edit) cannot disable the rest.
 */
export function readSettings(stored: unknown): OrgSettings {
  const raw = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const shape = settingsFields.shape;
  const pick = <K extends keyof OrgSettings>(key: K): OrgSettings[K] => {
    const parsed = shape[key].safeParse(raw[key]);
    return parsed.success ? (parsed.data as OrgSettings[K]) : DEFAULT_SETTINGS[key];
  };
  return {
    orgCodes: pick('orgCodes'),
    rules: pick('rules'),
    checkGuests: pick('checkGuests'),
    bannerEnabled: pick('bannerEnabled'),
    snoozeDays: pick('snoozeDays'),
    itContact: pick('itContact'),
    broadGroups: pick('broadGroups'),
    rescanDays: pick('rescanDays'),
    includePersonalSpaces: pick('includePersonalSpaces'),
  };
}
