import axe from 'axe-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { ReviewView, ScanStatusView, SecureUseView } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { accessHeadline } from '../../static/common/access';
import { describeError, fromAppError } from '../../static/common/errors';
import { DEMO_PERSONAS, type ContentNode, type SpaceRec } from '../../tools/emulator';
import type { PreviewModule } from '../../tools/preview/manifest';
import { ROOT_DIR, startPreview, type PreviewHandle } from '../../tools/preview/server';

/**
 * The local preview in a real browser (Debian Chromium, headless): every module of the app, built by
 * `npm run build`, in the host page, with data that came through the real @forge/bridge → resolver → @forge/api →
 * emulator. Assertions are on what a person sees; expected values come from the emulator's model or from the
 * resolvers' own results, never from strings typed here. Screenshots go to test-artifacts/screenshots/, the
 * accessibility report (axe-core) to test-artifacts/axe-report.json.
 */

const { priya, tom, alex, sam } = DEMO_PERSONAS;
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT_DIR, 'test-artifacts');
const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
// Generous: the space page scans the whole space through the emulator, and CI machines are shared.
const WAIT_MS = 30_000;

jest.setTimeout(120_000);

let preview: PreviewHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleProblems: string[] = [];
const axeFindings: { module: string; as: string; id: string; impact: string | null; help: string; nodes: number }[] = [];

function module(type: PreviewModule['type']): PreviewModule {
  const found = preview.manifest.modules.find((m) => m.type === type);
  if (!found) throw new Error(`manifest.yml has no ${type} module`);
  return found;
}

function space(key: string): SpaceRec {
  const found = preview.emulator.state.getSpaceByKey(key);
  if (!found) throw new Error(`the demo site has no space ${key}`);
  return found;
}

/** Open content of a space (no view restriction on it or any ancestor), most recently changed first, from the model. */
function openContent(s: SpaceRec): ContentNode[] {
  const state = preview.emulator.state;
  state.ensureChains();
  return state
    .contentOfSpace(s)
    .filter((n) => n.status === 'current' && n.chain === null)
    .sort((a, b) => b.lastModifiedMs - a.lastModifiedMs);
}

/** Calls a module's resolver in-process, as Forge would for this person and space (the expected data). */
async function resolve<T>(m: PreviewModule, functionKey: string, accountId: string, s: SpaceRec | null): Promise<Result<T>> {
  const extension = s ? { type: m.type, space: { id: s.id, key: s.key } } : { type: m.type };
  return (await preview.runtime.invokeResolver(m.handler, { moduleKey: m.key, functionKey, accountId, extension })) as Result<T>;
}

/** An error for a resolver that failed, naming the emulator requests that were refused (the usual cause). */
function resolverFailed(what: string, message: string): Error {
  const refused = preview.emulator.requests
    .matching({ status: (status) => status >= 400 })
    .slice(-3)
    .map((r) => `${r.method} ${r.path} → ${r.status} (${r.principal})`);
  return new Error(`${what}: ${message}${refused.length > 0 ? `\nLast refused emulator requests:\n  ${refused.join('\n  ')}` : ''}`);
}

async function open(query: Record<string, string>): Promise<void> {
  await page.goto(`${preview.url}?${new URLSearchParams(query).toString()}`, { waitUntil: 'load', timeout: WAIT_MS });
}

/** The frame of a module on the current host page. */
/**
 * Waits until `expression` is truthy inside an app frame. Playwright's `waitForFunction` polls by `eval` inside the
 * page, which the frames' Content-Security-Policy (no 'unsafe-eval', as in Forge) rightly blocks; `evaluate` goes
 * through the DevTools protocol instead. Bounded by `timeoutMs`.
 */
async function untilInFrame(frame: Frame, expression: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (await frame.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting in the frame for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until `expression` is truthy in the host page. The host page's CSP blocks `eval` too, so Playwright's
 * `waitForFunction` works only when its first check (sent over DevTools) passes; its later polls throw an EvalError.
 * This polls through `evaluate`, bounded by `timeoutMs`.
 */
async function untilInPage(expression: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting in the host page for: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function frameOf(m: PreviewModule): Promise<Frame> {
  const element = await page.waitForSelector(`iframe[data-module="${m.key}"]`, { state: 'attached', timeout: WAIT_MS });
  const frame = await element.contentFrame();
  if (!frame) throw new Error(`no frame for ${m.key}`);
  await frame.waitForLoadState('load', { timeout: WAIT_MS });
  return frame;
}

async function waitForText(frame: Frame, text: string): Promise<void> {
  await frame.getByText(text, { exact: false }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

async function frameText(frame: Frame): Promise<string> {
  return frame.locator('body').innerText({ timeout: WAIT_MS });
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, timeout: WAIT_MS });
}

/** Runs axe-core (all rules) in a module frame and records every violation; returns them all, whatever their impact. */
async function audit(frame: Frame, moduleKey: string, as: string): Promise<string[]> {
  await frame.evaluate(axe.source);
  const violations = await frame.evaluate<{ id: string; impact: string | null; help: string; nodes: number }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`,
  );
  for (const v of violations) axeFindings.push({ module: moduleKey, as, ...v });
  // Every violation counts, whatever its impact (moderate best-practice rules such as landmark-one-main included).
  return violations.map((v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help}`);
}

/** The height the host gave a frame after the app reported its size. */
async function frameHeight(m: PreviewModule): Promise<number> {
  const box = await page.locator(`iframe[data-module="${m.key}"]`).boundingBox({ timeout: WAIT_MS });
  return box?.height ?? -1;
}

/**
 * Waits until the frame of `m` has received the answer to `invoke(functionKey)` and then settled: no bridge call
 * pending and the frame idle, so React has rendered what the answer brought (client/frame-bridge.js reports it; the
 * host records the replies it sent in `data-bridge-log` and how many the frame had when it settled in
 * `data-settled`). Bounded by WAIT_MS; no fixed sleep.
 */
async function settledAfter(m: PreviewModule, functionKey: string): Promise<void> {
  const selector = JSON.stringify(`iframe[data-module="${m.key}"]`);
  const label = JSON.stringify(`invoke:${functionKey}`);
  await untilInPage(
    `((f) => {
      if (!f) return false;
      const log = (f.getAttribute('data-bridge-log') || '').split(' ');
      const answer = log.lastIndexOf(${label});
      return answer >= 0 && Number(f.getAttribute('data-settled') || '0') > answer;
    })(document.querySelector(${selector}))`,
  );
}

/** Waits (bounded) until the space's review scan has finished, as the resolver reports it to this person. */
async function scanFinished(m: PreviewModule, accountId: string, s: SpaceRec): Promise<ScanStatusView> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const status = await resolve<ScanStatusView>(m, 'getScanStatus', accountId, s);
    if (!status.ok) throw resolverFailed('the scan status resolver failed', status.error.message);
    const scan = status.data.scan;
    if (scan?.status === 'failed') throw new Error(`the review scan of ${s.key} failed: ${scan.error ?? 'no reason given'}`);
    if (scan?.status === 'done') return status.data;
    if (Date.now() > deadline) throw new Error(`the review scan of ${s.key} did not finish within ${WAIT_MS} ms (last status: ${JSON.stringify(scan)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    preview = await startPreview({ port: 0, memory: true, quiet: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(/build/i.test(message) ? `${message}\n(run npm run build first; npm test does it)` : message);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    timeout: WAIT_MS,
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.setDefaultTimeout(WAIT_MS);
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleProblems.push(`${msg.location().url}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => consoleProblems.push(`uncaught: ${error.message}`));
});

afterAll(async () => {
  // Always written, so a report left by an earlier run never passes for this one.
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'axe-report.json'), `${JSON.stringify({ axe: axeFindings, console: consoleProblems }, null, 2)}\n`);
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await preview?.stop();
});

describe('local preview in Chromium', () => {
  it('shows the space page as Tom: the DIG space, its exposure wording and a real open page', async () => {
    const m = module('confluence:spacePage');
    const dig = space('DIG');
    const expected = await resolve<SecureUseView>(m, 'getSecureUse', tom, dig);
    if (!expected.ok) throw resolverFailed('the space page resolver failed for Tom', expected.error.message);
    // The model says DIG is open to all licensed users and not to anonymous visitors: the backend must agree.
    const anonymous = dig.permissions.some((p) => p.principal.type === 'anonymous');
    const allLicensed = dig.permissions.some((p) => p.principal.type === 'all-licensed');
    expect(expected.data.access.level).toBe(anonymous ? 'public' : allLicensed ? 'everyone' : 'limited');
    const newestOpen = openContent(dig)[0];
    expect(newestOpen).toBeDefined();

    await open({ user: tom, space: dig.key, view: m.key });
    const frame = await frameOf(m);
    await waitForText(frame, accessHeadline(expected.data.access).text);
    const text = await frameText(frame);
    expect(text).toContain(dig.name);
    expect(text).toContain(newestOpen!.title);
    expect(await frameHeight(m)).toBeGreaterThan(200);
    await screenshot('space-page-tom');
    expect(await audit(frame, m.key, 'tom')).toEqual([]);

    // Tom administers DIG: the app offers the review, and router.navigate({target:'module'}) opens it in the host.
    expect(expected.data.viewer.canAdministerSpace).toBe(true);
    const review = module('confluence:spaceSettings');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('view') === review.key && u.searchParams.get('space') === dig.key, { timeout: WAIT_MS }),
      frame.getByRole('button', { name: 'Review this space' }).click(),
    ]);
    await frameOf(review);
  });

  it('shows the space settings review to Tom, listing open content rows', async () => {
    const m = module('confluence:spaceSettings');
    const dig = space('DIG');
    const expected = await resolve<ReviewView>(m, 'getReview', tom, dig);
    if (!expected.ok) throw resolverFailed('the review resolver failed for Tom', expected.error.message);
    expect(expected.data.space.key).toBe(dig.key);
    const newestOpen = openContent(dig)[0]!;
    // The first visit starts a background scan; the preview's queue runs it (runtime.events.startAuto) and the page,
    // polling, fills the table in once it is done.

    await open({ user: tom, space: dig.key, view: m.key });
    const frame = await frameOf(m);
    const status = await scanFinished(m, tom, dig);
    expect(status.latest).not.toBeNull();
    expect(status.scan!.open).toBeGreaterThan(0);
    const rows = frame.locator('table tbody tr');
    await rows.first().waitFor({ timeout: WAIT_MS });
    await waitForText(frame, newestOpen.title);
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.filter({ hasText: newestOpen.title }).count()).toBeGreaterThan(0);
    await screenshot('space-settings-tom');
    expect(await audit(frame, m.key, 'tom')).toEqual([]);
  });

  it('shows Tom, in the space settings review, the contributors to DIG whose profiles need attention', async () => {
    type People = { people: { publicName: string; displayName: string | null }[]; checked: number; jobTitleUnknown: number; scannedAt: string | null };
    const m = module('confluence:spaceSettings');
    const dig = space('DIG');

    await open({ user: tom, space: dig.key, view: m.key });
    const frame = await frameOf(m);
    const status = await scanFinished(m, tom, dig);
    expect(status.latest).not.toBeNull();
    // The contributors are checked just after the scan is published: wait (bounded) for that check's list.
    const deadline = Date.now() + WAIT_MS;
    let expected: People;
    for (;;) {
      const people = await resolve<People>(m, 'getPeople', tom, dig);
      if (!people.ok) throw resolverFailed('the people resolver failed for Tom', people.error.message);
      expected = people.data;
      if (expected.scannedAt !== null && Date.parse(expected.scannedAt) >= Date.parse(status.latest!.finishedAt)) break;
      if (Date.now() > deadline) throw new Error(`the contributors of DIG were not checked within ${WAIT_MS} ms (last: ${JSON.stringify(expected)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(expected.checked).toBeGreaterThan(0);

    const section = frame.locator('section[aria-labelledby="people-heading"]');
    await expectLocator(section.getByRole('heading', { level: 2 })).toHaveText('Contributors whose profiles need attention');
    /** A number as the app writes it ("1,234") back to a number. */
    const num = (text: string | undefined) => Number((text ?? '').replace(/,/g, ''));
    if (expected.people.length === 0) {
      await waitForText(frame, 'Every contributor checked follows the conventions');
    } else {
      const first = expected.people[0]!;
      const rows = section.locator('table tbody tr');
      const firstRow = rows.filter({ hasText: `@${first.publicName}` }).first();
      await firstRow.waitFor({ timeout: WAIT_MS });
      expect(await rows.count()).toBe(Math.min(expected.people.length, 50));
      if (first.displayName !== null && first.displayName !== first.publicName) expect(await firstRow.innerText()).toContain(first.displayName);
    }
    // The summary line carries the resolver's numbers: N of M contributors checked.
    await expectLocator(section).toContainText('to update their profile');
    const text = await section.innerText();
    const summary = /([\d,]+) of ([\d,]+) contributors? checked needs? to update their profile/.exec(text);
    expect(summary).not.toBeNull();
    expect(num(summary![1])).toBe(expected.people.length);
    expect(num(summary![2])).toBe(expected.checked);
    const unknown = /job titles? of ([\d,]+) contributors? could not be read/.exec(text);
    if (expected.jobTitleUnknown > 0) expect(num(unknown?.[1])).toBe(expected.jobTitleUnknown);
    else expect(unknown).toBeNull();
    // Downloadable with the rest of the review.
    expect(await section.getByRole('button', { name: 'Download CSV' }).count()).toBe(1);
    expect(await section.getByRole('button', { name: 'Download JSON' }).count()).toBe(1);

    await section.scrollIntoViewIfNeeded();
    await screenshot('space-settings-tom-people');
    expect(await audit(frame, m.key, 'tom-people')).toEqual([]);
  });

  it('refuses the space settings review to Alex with the not-permitted wording', async () => {
    const m = module('confluence:spaceSettings');
    const dig = space('DIG');
    const expected = await resolve<ReviewView>(m, 'getReview', alex, dig);
    expect(expected.ok).toBe(false);
    if (expected.ok) return;
    expect(expected.error.kind).toBe('not-permitted');

    await open({ user: alex, space: dig.key, view: m.key });
    const frame = await frameOf(m);
    await waitForText(frame, describeError(fromAppError(expected.error)));
    expect(await frameText(frame)).not.toContain(openContent(dig)[0]!.title);
    await screenshot('space-settings-alex-refused');
    expect(await audit(frame, m.key, 'alex')).toEqual([]);
  });

  it('shows the profile banner to Alex (non-conforming) with a suggested @mention name', async () => {
    const m = module('confluence:pageBanner');
    const dig = space('DIG');
    const nudge = await resolve<{ show: boolean; findings?: { suggestion?: string }[] }>(m, 'getProfileNudge', alex, dig);
    if (!nudge.ok) throw resolverFailed('the banner resolver failed for Alex', nudge.error.message);
    if (!nudge.data.show) throw new Error('the banner resolver does not nudge Alex');
    const suggestion = nudge.data.findings?.find((f) => f.suggestion)?.suggestion;
    expect(suggestion).toBeDefined();
    // The suggestion carries one of the organisation codes the preview saved for the demo site (e.g. AlexBlackDDS).
    expect(preview.seededSettings).toBe(true);
    const saved = preview.store.peek('settings:org') as { settings: { orgCodes: string[] } };
    expect(saved.settings.orgCodes.some((code) => suggestion!.endsWith(code))).toBe(true);
    const homepage = preview.emulator.state.getContent(dig.homepageId!)!;

    await open({ user: alex, space: dig.key, view: 'page', page: homepage.id });
    await expectLocator(page.locator('#page-title')).toHaveText(homepage.title);
    const frame = await frameOf(m);
    await waitForText(frame, suggestion!);
    await untilInPage(`Number(document.querySelector('iframe[data-module="${m.key}"]').getAttribute('data-height')) > 40`);
    expect(await frameHeight(m)).toBeGreaterThan(40);
    await screenshot('page-banner-alex');
    expect(await audit(frame, m.key, 'alex')).toEqual([]);
  });

  it('renders nothing in the banner for Priya (conforming): the frame collapses to 0 px', async () => {
    const m = module('confluence:pageBanner');
    const nudge = await resolve<{ show: boolean }>(m, 'getProfileNudge', priya, space('DIG'));
    expect(nudge).toEqual({ ok: true, data: { show: false } });

    const answered = page.waitForResponse((r) => r.url().includes('/__bridge/') && (r.request().postData() ?? '').includes('getProfileNudge'), {
      timeout: WAIT_MS,
    });
    await open({ user: priya, space: 'DIG', view: 'page' });
    await answered;
    await settledAfter(m, 'getProfileNudge'); // the app has (not) rendered what the answer said
    const frame = await frameOf(m);
    expect((await frameText(frame)).trim()).toBe('');
    expect(await frameHeight(m)).toBe(0);
    await screenshot('page-banner-priya-nothing');
  });

  it('shows the global settings form to Priya', async () => {
    const m = module('confluence:globalSettings');
    const expected = await resolve<{ settings: { orgCodes: string[]; itContact: string } }>(m, 'getSettings', priya, null);
    if (!expected.ok) throw resolverFailed('the settings resolver failed for Priya', expected.error.message);

    await open({ user: priya, view: m.key });
    const frame = await frameOf(m);
    await frame.locator('form').first().waitFor({ timeout: WAIT_MS });
    const values = await Promise.all((await frame.locator('input, textarea').all()).map((field) => field.inputValue()));
    const shown = `${values.join('\n')}\n${await frameText(frame)}`;
    for (const code of expected.data.settings.orgCodes) expect(shown).toContain(code);
    expect(shown).toContain(expected.data.settings.itContact);
    await screenshot('global-settings-priya');
    expect(await audit(frame, m.key, 'priya')).toEqual([]);
  });

  it('refuses global settings to Alex with the not-permitted wording', async () => {
    const m = module('confluence:globalSettings');
    const expected = await resolve<unknown>(m, 'getSettings', alex, null);
    expect(expected.ok).toBe(false);
    if (expected.ok) return;
    expect(expected.error.kind).toBe('not-permitted');

    await open({ user: alex, view: m.key });
    const frame = await frameOf(m);
    await waitForText(frame, describeError(fromAppError(expected.error)));
    expect(await frame.locator('form').count()).toBe(0);
    await screenshot('global-settings-alex-refused');
    expect(await audit(frame, m.key, 'alex')).toEqual([]);
  });

  it('switches the viewing person and the space through the host switchers', async () => {
    const m = module('confluence:spacePage');
    /** What the frame's own bridge says it is for (the server-side frame record). */
    const frameContext = async (): Promise<{ accountId: string; extension: { space?: { key: string } } }> =>
      (await frameOf(m)).evaluate(`window.__bridge.callBridge('getContext')`);

    /** Presses the switchers' "Switch" button and waits for the page it asks for. */
    const submitSwitch = async (arrived: (u: URL) => boolean): Promise<void> => {
      await Promise.all([page.waitForURL(arrived, { timeout: WAIT_MS }), page.getByRole('button', { name: 'Switch', exact: true }).click()]);
    };
    /** Waits (bounded by WAIT_MS) until focus in the host page is on the element with this id. */
    const focusReturnsTo = (id: string): Promise<void> => untilInPage(`document.activeElement !== null && document.activeElement.id === ${JSON.stringify(id)}`);

    await open({ user: priya, space: 'DIG', view: m.key });
    // WCAG 3.2.2 (On Input): choosing in a list, by keyboard or otherwise, does not navigate; only "Switch" does.
    const before = page.url();
    await page.evaluate('window.__stillHere = true');
    await page.focus('#viewer');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#viewer')).not.toBe(priya);
    await page.selectOption('#viewer', sam);
    const otherSpace = preview.site.viewableSpaces(priya).find((s) => s.key !== 'DIG');
    expect(otherSpace).toBeDefined();
    await page.selectOption('#space', otherSpace!.key);
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.evaluate('window.__stillHere === true')).toBe(true);
    expect(page.url()).toBe(before);
    await page.selectOption('#space', 'DIG');
    await submitSwitch((u) => u.searchParams.get('user') === sam);
    // Focus is back on the list that was used, so a keyboard user keeps their place.
    await focusReturnsTo('viewer');
    // Sam is a guest: the space switcher offers exactly the spaces the model lets Sam view (only SUP).
    const offered = await Promise.all((await page.locator('#space option').all()).map((option) => option.getAttribute('value')));
    expect(offered).toEqual(preview.site.viewableSpaces(sam).map((s) => s.key));
    expect(offered).toEqual(['SUP']);
    expect(await frameContext()).toMatchObject({ accountId: sam, extension: { space: { key: 'SUP' } } });

    await page.selectOption('#viewer', tom);
    await submitSwitch((u) => u.searchParams.get('user') === tom);
    await focusReturnsTo('viewer');
    const pol = space('POL');
    await page.selectOption('#space', pol.key);
    await submitSwitch((u) => u.searchParams.get('space') === pol.key);
    await focusReturnsTo('space');
    await expectLocator(page.locator('#viewer')).toHaveValue(tom);
    expect(await frameContext()).toMatchObject({ accountId: tom, extension: { space: { key: pol.key } } });
    await waitForText(await frameOf(m), pol.name);
    await screenshot('space-page-tom-pol');
  });

  it('follows the banner to a mock profile page, and shows a flag when Alex dismisses it', async () => {
    const m = module('confluence:pageBanner');
    const me = preview.emulator.state.getUser(alex)!;
    await open({ user: alex, space: 'DIG', view: 'page' });
    let frame = await frameOf(m);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('view') === 'profile', { timeout: WAIT_MS }),
      frame.getByRole('button', { name: 'Update my profile' }).click(),
    ]);
    await expectLocator(page.locator('main')).toContainText('In Confluence this is the person’s profile');
    await expectLocator(page.locator('main')).toContainText(`@${me.publicName}`);
    await expectLocator(page.locator('main')).toContainText(me.picture === 'default' ? 'Default avatar' : 'Uploaded photo');
    await screenshot('profile-alex');

    await open({ user: alex, space: 'DIG', view: 'page' });
    frame = await frameOf(m);
    await frame.getByRole('button', { name: 'Dismiss' }).click();
    const flag = page.getByRole('status');
    await expectLocator(flag).toContainText('dismissed', { ignoreCase: true });
    await untilInPage(`document.querySelector('iframe[data-module="${m.key}"]').getAttribute('data-height') === '0'`);
    await screenshot('page-banner-alex-dismissed-flag');
    // The dismissal went through the resolver into the store: the next page view shows no banner.
    const answered = page.waitForResponse((r) => r.url().includes('/__bridge/') && (r.request().postData() ?? '').includes('getProfileNudge'), {
      timeout: WAIT_MS,
    });
    await open({ user: alex, space: 'DIG', view: 'page' });
    await answered;
    await settledAfter(m, 'getProfileNudge');
    expect((await frameText(await frameOf(m))).trim()).toBe('');
    expect(await frameHeight(m)).toBe(0);
  });

  it('applies the dark theme to the frames when the host switches it', async () => {
    const m = module('confluence:globalSettings');
    await open({ user: priya, view: m.key });
    const frame = await frameOf(m);
    await untilInFrame(frame, `document.documentElement.getAttribute('data-color-mode') === 'light'`);
    // A toggle button: its name stays "Dark theme", aria-pressed says whether it is on.
    const toggle = page.getByRole('button', { name: 'Dark theme', exact: true });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await untilInFrame(frame, `document.documentElement.getAttribute('data-color-mode') === 'dark'`);
    expect(await page.getByRole('button', { name: 'Dark theme', exact: true, pressed: true }).count()).toBe(1);
    expect(await frame.evaluate(`document.documentElement.getAttribute('data-theme')`)).toContain('dark:dark');
    // The design tokens follow: the app's surface is dark now.
    await untilInFrame(frame, `((v) => v !== '' && v !== '#ffffff')(getComputedStyle(document.body).getPropertyValue('--ds-surface').trim().toLowerCase())`);
    expect(await frame.evaluate(`window.__bridge.callBridge('getContext').then((c) => c.theme.colorMode)`)).toBe('dark');
    await frame.locator('form').first().waitFor({ timeout: WAIT_MS });
    await screenshot('global-settings-priya-dark');
    await toggle.click();
    await untilInFrame(frame, `document.documentElement.getAttribute('data-color-mode') === 'light'`);
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  });

  it('fits a 400 px window: the sidebar folds above the content and the app frame gets the width', async () => {
    const m = module('confluence:spacePage');
    const dig = space('DIG');
    const expected = await resolve<SecureUseView>(m, 'getSecureUse', tom, dig);
    if (!expected.ok) throw resolverFailed('the space page resolver failed for Tom', expected.error.message);
    await page.setViewportSize({ width: 400, height: 800 });
    try {
      await open({ user: tom, space: dig.key, view: m.key });
      const frame = await frameOf(m);
      await waitForText(frame, accessHeadline(expected.data.access).text);
      await settledAfter(m, 'getSecureUse');

      const box = await page.locator(`iframe[data-module="${m.key}"]`).boundingBox();
      expect(box).not.toBeNull();
      expect(box!.width).toBeGreaterThanOrEqual(350);
      expect(box!.height).toBeLessThan(10_000);
      // The host page itself does not scroll sideways.
      expect(await page.evaluate(`document.documentElement.scrollWidth <= window.innerWidth`)).toBe(true);
      // The app's page heading sits on one or two lines.
      const lines = await frame.evaluate<number>(`(() => {
        const h1 = document.querySelector('h1');
        if (!h1) return -1;
        const range = document.createRange();
        range.selectNodeContents(h1);
        return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      })()`);
      expect(lines).toBeGreaterThanOrEqual(1);
      expect(lines).toBeLessThanOrEqual(2);

      // The sidebar is a disclosure above the content: folded, then opened by its button.
      const navToggle = page.getByRole('button', { name: /^Sidebar/ });
      expect(await navToggle.getAttribute('aria-expanded')).toBe('false');
      const spaceApp = page.locator('#sidebar-body a[aria-current="page"]');
      expect(await spaceApp.isVisible()).toBe(false);
      await screenshot('space-page-tom-400px');
      await navToggle.click();
      expect(await navToggle.getAttribute('aria-expanded')).toBe('true');
      await spaceApp.waitFor({ state: 'visible', timeout: WAIT_MS });
      const nav = await page.locator('#sidebar').boundingBox();
      expect(nav!.y + nav!.height).toBeLessThanOrEqual((await page.locator(`iframe[data-module="${m.key}"]`).boundingBox())!.y);
      await screenshot('space-page-tom-400px-sidebar-open');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('ran every app without console errors or Content-Security-Policy violations', () => {
    expect(consoleProblems).toEqual([]);
  });
});

/** Playwright's web-first assertion, bounded by WAIT_MS (playwright-core ships no `expect`, so a small poll). */
function expectLocator(locator: ReturnType<Page['locator']>) {
  const poll = async (check: () => Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    toHaveText: (text: string) => poll(async () => (await locator.innerText()).trim() === text, `${String(locator)} has text "${text}"`),
    toHaveValue: (value: string) => poll(async () => (await locator.inputValue()) === value, `${String(locator)} has value "${value}"`),
    toContainText: (text: string, options: { ignoreCase?: boolean } = {}) =>
      poll(
        async () => {
          const t = await locator.innerText();
          return options.ignoreCase ? t.toLowerCase().includes(text.toLowerCase()) : t.includes(text);
        },
        `${String(locator)} contains "${text}"`,
      ),
  };
}
