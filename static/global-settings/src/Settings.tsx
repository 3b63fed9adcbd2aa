import { useEffect, useRef, useState, type CSSProperties, type FormEvent, type MouseEvent, type ReactNode, type RefObject } from 'react';
import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import { GLOBAL_SETTINGS, type SaveSettingsPayload, type SaveSettingsResult, type SettingsView } from '../../../src/shared/api';
import { AppShell, ErrorMessage } from '../../common/AppShell';
import { useTimeZone } from '../../common/context';
import type { UiError } from '../../common/errors';
import { formatDateTime } from '../../common/format';
import { flag } from '../../common/host';
import { callResolver } from '../../common/resolver';
import { nativeField, prose, smallText, stack, subtleText } from '../../common/styles';
import { useInvoke } from '../../common/use-invoke';
import { controlId, dayUnit, parseForm, placeProblems, toFormValues, type FieldId, type FormValues, type PlacedProblem } from './form';
import { SiteReview } from './SiteReview';

/** The `confluence:globalSettings` app: the organisation's settings and the site-wide review, for site admins. */
export function SettingsApp() {
  const invoked = useInvoke<SettingsView>(GLOBAL_SETTINGS.getSettings);
  return (
    <AppShell title="Secure Confluence settings" loadingText="Loading your organisation’s settings." invoked={invoked}>
      {(view) => <GlobalSettings view={view} onSaved={invoked.setData} />}
    </AppShell>
  );
}

/** The page: a heading and two tabs. The site review loads when its tab is first opened, and stays loaded. */
export function GlobalSettings({ view, onSaved }: { view: SettingsView; onSaved: (view: SettingsView) => void }) {
  const timeZone = useTimeZone();
  return (
    <div style={stack('space.300')}>
      <Heading as="h1" size="large">
        Secure Confluence settings
      </Heading>
      <Tabs id="settings-tabs">
        <TabList>
          <Tab>Organisation settings</Tab>
          <Tab>Site review</Tab>
        </TabList>
        <TabPanel>
          <div style={panelStyle}>
            <SettingsForm view={view} onSaved={onSaved} timeZone={timeZone} />
          </div>
        </TabPanel>
        <TabPanel>
          <div style={panelStyle}>
            <SiteReview timeZone={timeZone} />
          </div>
        </TabPanel>
      </Tabs>
    </div>
  );
}

export function SettingsForm({ view, onSaved, timeZone }: { view: SettingsView; onSaved: (view: SettingsView) => void; timeZone: string | undefined }) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(view.settings));
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  // Each failed save moves focus to the summary, even when the problems are the same as last time.
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    (problems.length > 0 ? summaryRef.current : failureRef.current)?.focus();
  }, [attempt, problems.length]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const parsed = parseForm(values);
    if (parsed.problems.length > 0) {
      setFailure(null);
      setProblems(placeProblems(parsed.problems, parsed.settings));
      setAttempt((n) => n + 1);
      return;
    }
    setSaving(true);
    const payload: SaveSettingsPayload = { settings: parsed.settings };
    void callResolver<SaveSettingsResult>(GLOBAL_SETTINGS.saveSettings, { ...payload }).then((outcome) => {
      setSaving(false);
      if (!outcome.ok) {
        setProblems([]);
        setFailure(outcome.error);
        setAttempt((n) => n + 1);
        return;
      }
      if (!outcome.data.saved) {
        setFailure(null);
        setProblems(placeProblems(outcome.data.problems, parsed.settings));
        setAttempt((n) => n + 1);
        return;
      }
      setProblems([]);
      setFailure(null);
      setValues(toFormValues(outcome.data.view.settings));
      onSaved(outcome.data.view);
      flag({ appearance: 'success', title: 'Settings saved', description: 'Changes can take up to 10 minutes to show everywhere.' });
    });
  };

  const errorsFor = (field: FieldId) => problems.filter((p) => p.field === field).map((p) => p.message);

  return (
    <div style={stack('space.400')}>
      <div style={stack('space.100')}>
        <p style={{ ...prose, ...subtleText }}>
          These settings apply to everyone on this Confluence site. They control the profile reminder people see on pages, and how the space reviews work.
        </p>
        {view.savedAt !== null && <p style={smallText}>Last saved {formatDateTime(view.savedAt, timeZone)}.</p>}
      </div>

      {view.savedAt === null && (
        <SectionMessage appearance="information" title="Using defaults" headingLevel="h2">
          <p>Nobody has saved settings for your organisation yet, so the app is using its defaults. Check them below, then save.</p>
          {view.settings.orgCodes.length === 0 && (
            <p>
              Until you add your organisation codes, the @mention name check is off: nobody is told about their @mention name. The photo and job title
              checks already apply.
            </p>
          )}
        </SectionMessage>
      )}

      {problems.length > 0 && <ErrorSummary problems={problems} focusRef={summaryRef} />}
      {failure !== null && (
        <div ref={failureRef} tabIndex={-1} style={{ outline: 'none' }}>
          <ErrorMessage error={failure} title="Your settings were not saved" />
        </div>
      )}

      <form onSubmit={submit} noValidate style={stack('space.400')}>
        <Group title="Profile conventions" description="The profile reminder asks people to fix their own profile when it breaks one of these conventions.">
          <Field
            id="orgCodes"
            label="Organisation codes"
            hint="The codes people put at the end of their @mention name, for example MOJ or HMRC. Separate codes with commas or spaces."
            errors={errorsFor('orgCodes')}
          >
            {(describedBy, invalid) => (
              <Textfield
                id={controlId('orgCodes')}
                value={values.orgCodes}
                onChange={(e) => set('orgCodes', e.currentTarget.value)}
                isInvalid={invalid}
                aria-describedby={describedBy}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>

          <Field id="rules" label="Which conventions to check" hint="Turn off any convention your organisation does not use." errors={errorsFor('rules')} group>
            {() => (
              <div style={stack('space.050')}>
                <Checkbox
                  isChecked={values.mentionName}
                  onChange={(e) => set('mentionName', e.currentTarget.checked)}
                  label="@mention name is first name, last name and organisation code, with no spaces (for example AlexBlackMOJ)"
                  name="mentionName"
                />
                <Checkbox isChecked={values.photo} onChange={(e) => set('photo', e.currentTarget.checked)} label="Has a profile photo" name="photo" />
                <Checkbox isChecked={values.jobTitle} onChange={(e) => set('jobTitle', e.currentTarget.checked)} label="Has a job title" name="jobTitle" />
              </div>
            )}
          </Field>

          <Field
            id="checkGuests"
            label="Guests"
            hint="Guests are people from outside your organisation who can see some spaces. Their profiles may follow their own organisation’s conventions."
            errors={errorsFor('checkGuests')}
            group
          >
            {() => (
              <Checkbox
                isChecked={values.checkGuests}
                onChange={(e) => set('checkGuests', e.currentTarget.checked)}
                label="Check guests’ profiles too"
                name="checkGuests"
              />
            )}
          </Field>
        </Group>

        <Group title="Profile reminder" description="A short message at the top of Confluence pages, shown only to the person whose profile needs changing.">
          <Field
            id="bannerEnabled"
            label="Show the profile reminder"
            hint="Turn this off to stop showing the reminder to everyone."
            errors={errorsFor('bannerEnabled')}
          >
            {(describedBy) => (
              <span style={toggleRowStyle}>
                <Toggle
                  id={controlId('bannerEnabled')}
                  isChecked={values.bannerEnabled}
                  onChange={(e) => set('bannerEnabled', e.currentTarget.checked)}
                  descriptionId={describedBy}
                />
                <span aria-hidden="true">{values.bannerEnabled ? 'On' : 'Off'}</span>
              </span>
            )}
          </Field>

          <Field id="snoozeDays" label="Days to wait after “Remind me later”" hint="From 1 to 90 days." errors={errorsFor('snoozeDays')}>
            {(describedBy, invalid) => (
              <Textfield
                id={controlId('snoozeDays')}
                value={values.snoozeDays}
                onChange={(e) => set('snoozeDays', e.currentTarget.value)}
                isInvalid={invalid}
                aria-describedby={describedBy}
                inputMode="numeric"
                width={80}
                autoComplete="off"
                elemAfterInput={<span style={suffixStyle}>{dayUnit(values.snoozeDays)}</span>}
              />
            )}
          </Field>
        </Group>

        <Group title="Getting help" description="Shown in the guidance on every space’s Secure use page.">
          <Field
            id="itContact"
            label="Who people should contact for help"
            hint="The guidance says “For help using Confluence securely, contact …” followed by this. For example: the IT service desk (itsupport@example.gov.uk)."
            errors={errorsFor('itContact')}
          >
            {(describedBy, invalid) => (
              <Textfield
                id={controlId('itContact')}
                value={values.itContact}
                onChange={(e) => set('itContact', e.currentTarget.value)}
                isInvalid={invalid}
                aria-describedby={describedBy}
                maxLength={200}
              />
            )}
          </Field>
        </Group>

        <Group title="Space reviews" description="How the space reviews decide whether a space is open to everyone, and when they run.">
          <Field
            id="broadGroups"
            label="Groups that include everyone"
            hint="Groups that every Confluence user on this site belongs to, such as confluence-users. A space or page open to one of these groups counts as open to everyone. Put each group on its own line. Leave empty if there are none."
            errors={errorsFor('broadGroups')}
          >
            {(describedBy, invalid) => (
              <textarea
                id={controlId('broadGroups')}
                value={values.broadGroups}
                onChange={(e) => set('broadGroups', e.currentTarget.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                rows={4}
                spellCheck={false}
                style={{ ...textareaStyle, ...(invalid ? invalidBorder : {}) }}
              />
            )}
          </Field>

          <Field
            id="rescanDays"
            label="Review every space again after"
            hint="Every space is reviewed again automatically after this many days. Enter a number from 0 to 90, or 0 to turn off automatic reviews."
            errors={errorsFor('rescanDays')}
          >
            {(describedBy, invalid) => (
              <Textfield
                id={controlId('rescanDays')}
                value={values.rescanDays}
                onChange={(e) => set('rescanDays', e.currentTarget.value)}
                isInvalid={invalid}
                aria-describedby={describedBy}
                inputMode="numeric"
                width={80}
                autoComplete="off"
                elemAfterInput={<span style={suffixStyle}>{dayUnit(values.rescanDays)}</span>}
              />
            )}
          </Field>

          <Field
            id="includePersonalSpaces"
            label="Personal spaces"
            hint="Personal spaces belong to one person. Include them if people in your organisation keep work in their personal space. This also applies to the automatic reviews."
            errors={errorsFor('includePersonalSpaces')}
            group
          >
            {() => (
              <Checkbox
                isChecked={values.includePersonalSpaces}
                onChange={(e) => set('includePersonalSpaces', e.currentTarget.checked)}
                label="Include personal spaces in site-wide reviews"
                name="includePersonalSpaces"
              />
            )}
          </Field>
        </Group>

        <div>
          <Button type="submit" appearance="primary" isLoading={saving}>
            Save settings
          </Button>
        </div>
      </form>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** GOV.UK-style error summary: what to fix, each item a link that moves focus to its field. */
function ErrorSummary({ problems, focusRef }: { problems: PlacedProblem[]; focusRef: RefObject<HTMLDivElement> }) {
  const go = (field: FieldId) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const el = document.getElementById(controlId(field));
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  };
  return (
    <div ref={focusRef} tabIndex={-1} style={{ outline: 'none' }}>
      <SectionMessage appearance="error" title="There is a problem" headingLevel="h2">
        <p>Your settings were not saved. Fix the following, then save again:</p>
        <ul style={summaryListStyle}>
          {problems.map((p) => (
            <li key={`${p.field ?? ''}-${p.message}`}>
              {p.field === null ? (
                p.message
              ) : (
                <a href={`#${controlId(p.field)}`} onClick={go(p.field)} style={summaryLinkStyle}>
                  {p.message}
                </a>
              )}
            </li>
          ))}
        </ul>
      </SectionMessage>
    </div>
  );
}

function Group({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = `group-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} style={groupStyle}>
      <div style={stack('space.050')}>
        <Heading as="h2" size="medium" id={id}>
          {title}
        </Heading>
        <p style={{ ...prose, ...subtleText }}>{description}</p>
      </div>
      {children}
    </section>
  );
}

function describedByFor(id: FieldId, errors: string[]): string {
  return [`${id}-hint`, ...(errors.length > 0 ? [`${id}-error`] : [])].join(' ');
}

/**
 * A labelled field: label, hint, then any errors (red, above the control, as GOV.UK does), then the control.
 * The control gets `aria-describedby` for the hint and errors, and knows whether it is invalid. A `group` (a set
 * of checkboxes) is a fieldset whose legend is the label; the fieldset itself carries the description.
 */
function Field({
  id,
  label,
  hint,
  errors,
  group,
  children,
}: {
  id: FieldId;
  label: string;
  hint: string;
  errors: string[];
  group?: boolean;
  children: (describedBy: string, invalid: boolean) => ReactNode;
}) {
  const invalid = errors.length > 0;
  const describedBy = describedByFor(id, errors);
  const body = (
    <>
      <p id={`${id}-hint`} style={hintStyle}>
        {hint}
      </p>
      <FieldErrors id={id} errors={errors} />
      <div style={group ? undefined : controlStyle}>{children(describedBy, invalid)}</div>
    </>
  );
  const style = { ...stack('space.075'), ...(invalid ? fieldErrorStyle : {}) };
  if (group) {
    return (
      <fieldset id={controlId(id)} tabIndex={-1} aria-describedby={describedBy} style={{ ...fieldsetStyle, ...style }}>
        <legend style={labelStyle}>{label}</legend>
        {body}
      </fieldset>
    );
  }
  return (
    <div style={style}>
      <label htmlFor={controlId(id)} style={labelStyle}>
        {label}
      </label>
      {body}
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={`${id}-error`} style={errorTextStyle}>
      {errors.map((message) => (
        <p key={message} style={{ margin: 0 }}>
          <span className="sc-visually-hidden">Error: </span>
          {message}
        </p>
      ))}
    </div>
  );
}

const controlStyle: CSSProperties = { maxWidth: '28rem' };
const panelStyle: CSSProperties = { paddingBlockStart: token('space.300', '24px'), width: '100%' };
const groupStyle: CSSProperties = { ...stack('space.250'), maxWidth: '42rem' };
const fieldsetStyle: CSSProperties = { ...stack('space.075'), border: 'none', margin: 0, padding: 0, minWidth: 0 };
const labelStyle: CSSProperties = { padding: 0, font: token('font.heading.xsmall'), color: token('color.text', '#292A2E') };
const hintStyle: CSSProperties = { margin: 0, color: token('color.text.subtle', '#505258') };
const errorTextStyle: CSSProperties = { color: token('color.text.danger', '#AE2E24'), fontWeight: token('font.weight.semibold', '600') };
const fieldErrorStyle: CSSProperties = {
  borderInlineStart: `${token('border.width.selected', '2px')} solid ${token('color.border.danger', '#E2483D')}`,
  paddingInlineStart: token('space.150', '12px'),
};
const toggleRowStyle: CSSProperties = { display: 'inline-flex', alignItems: 'center', gap: token('space.100', '8px') };
const suffixStyle: CSSProperties = { paddingInlineEnd: token('space.100', '8px'), color: token('color.text.subtle', '#505258') };
const textareaStyle: CSSProperties = { ...nativeField, width: '100%', maxWidth: '28rem', resize: 'vertical' };
const invalidBorder: CSSProperties = { borderColor: token('color.border.danger', '#E2483D') };
const summaryListStyle: CSSProperties = { margin: `${token('space.100', '8px')} 0 0`, paddingInlineStart: token('space.250', '20px') };
const summaryLinkStyle: CSSProperties = { color: token('color.link', '#1868DB') };
