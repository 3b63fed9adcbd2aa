import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { keys } from '../../src/services/keys';
import type { ScanStatusView, StartScanResult } from '../../src/shared/api';
import { DEMO_PERSONAS, DEMO_SITE_PATH, SiteFileError } from '../../tools/emulator';
import { BRIDGE_SCRIPT_TAG } from '../../tools/preview/apps';
import { DEMO_ORG_SETTINGS } from '../../tools/preview/demo-settings';
import { defaultKvsFile, KVS_DIR, PreviewError, startPreview, ROOT_DIR, type PreviewHandle } from '../../tools/preview/server';
import { lockFileOf } from '../../tools/preview/store-lock';

/**
 * The preview server over plain HTTP (no browser): what it serves, how the bridge endpoint decides who a call is
 * for, and how the CLI starts, refuses bad input and stops. Needs the static builds (`npm test` builds first).
 */

const { priya, alex, tom } = DEMO_PERSONAS;
const FRAME_TOKEN = /data-frame="([^"]+)"[^>]*data-module="([^"]+)"/g;

function framesIn(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(FRAME_TOKEN)) out.set(m[2]!, m[1]!);
  return out;
}

async function bridge(preview: PreviewHandle, token: string, command: string, payload?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL(`/__bridge/${token}`, preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ command, payload, host: { colorMode: 'light' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function framesFor(preview: PreviewHandle, query: string): Promise<Map<string, string>> {
  const res = await fetch(new URL(`/?${query}`, preview.url));
  expect(res.status).toBe(200);
  return framesIn(await res.text());
}

/** A copy of the demo site under another name, as a user's own site file. */
function siteCopy(dir: string, name: string, fileName = 'my-site.json'): string {
  const site = JSON.parse(readFileSync(DEMO_SITE_PATH, 'utf8')) as { site: { name: string } };
  site.site.name = name;
  const file = path.join(dir, fileName);
  writeFileSync(file, JSON.stringify(site));
  return file;
}

/** The pid of a process that has exited (for a stale lock). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

describe('preview server', () => {
  let preview: PreviewHandle;

  beforeAll(async () => {
    preview = await startPreview({ port: 0, memory: true, quiet: true });
  });

  afterAll(async () => {
    await preview?.stop();
  });

  it('serves each module build byte for byte, with only the bridge script added to the HTML', async () => {
    for (const module of preview.manifest.modules) {
      const res = await fetch(new URL(`/apps/${module.resource}/`, preview.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const served = await res.text();
      const built = readFileSync(path.join(module.resourceDir, 'index.html'), 'utf8');
      expect(served.replace(BRIDGE_SCRIPT_TAG, '')).toBe(built);
      // The bridge script comes before every other script.
      expect(served.indexOf(BRIDGE_SCRIPT_TAG)).toBeLessThan(served.search(/<script(?![^>]*frame-bridge)/));

      const assets = readdirSync(path.join(module.resourceDir, 'assets'));
      for (const asset of assets) {
        const body = Buffer.from(await (await fetch(new URL(`/apps/${module.resource}/assets/${asset}`, preview.url))).arrayBuffer());
        expect(body.equals(readFileSync(path.join(module.resourceDir, 'assets', asset)))).toBe(true);
      }
    }
  });

  it('does not serve files outside a build folder', async () => {
    for (const probe of ['/apps/page-banner/..%2F..%2F..%2Fpackage.json', '/apps/page-banner/%2e%2e/%2e%2e/manifest.yml', '/apps/nope/index.html']) {
      const res = await fetch(new URL(probe, preview.url));
      expect(res.status).toBe(404);
    }
  });

  it('runs invoke as the person of the frame record, whatever the call says', async () => {
    const frames = await framesFor(preview, `user=${alex}&space=DIG&view=page`);
    const token = frames.get('secure-use-profile-banner');
    expect(token).toBeDefined();
    const { status, body } = await bridge(preview, token!, 'invoke', { functionKey: 'getProfileNudge', payload: { accountId: priya } });
    expect(status).toBe(200);
    expect(body['ok']).toBe(true);
    const result = body['value'] as { ok: boolean; data: { show: boolean; accountId?: string } };
    expect(result).toMatchObject({ ok: true, data: { show: true, accountId: alex } });
    // The call reached the emulator as Alex, through @forge/api.
    expect(preview.runtime.productRequests.some((r) => r.accountId === alex && r.provider === 'user')).toBe(true);
  });

  it('answers getContext from the frame record, with the theme once theming is enabled', async () => {
    const frames = await framesFor(preview, `user=${priya}&space=DIG&view=secure-use-space-page`);
    const token = frames.get('secure-use-space-page')!;
    const before = (await bridge(preview, token, 'getContext')).body['value'] as Record<string, unknown>;
    expect(before).toMatchObject({
      accountId: priya,
      moduleKey: 'secure-use-space-page',
      extension: { type: 'confluence:spacePage', space: { key: 'DIG', id: preview.emulator.state.getSpaceByKey('DIG')!.id } },
    });
    expect(before['theme']).toBeUndefined();
    expect((await bridge(preview, token, 'enableTheming')).body).toEqual({ ok: true, value: null });
    const after = (await bridge(preview, token, 'getContext')).body['value'] as Record<string, unknown>;
    expect(after['theme']).toMatchObject({ colorMode: 'light' });
  });

  it('refuses unknown commands by name, and unknown frames', async () => {
    const token = (await framesFor(preview, `user=${priya}&view=secure-use-global-settings`)).get('secure-use-global-settings')!;
    expect((await bridge(preview, token, 'openModal', {})).body).toEqual({
      ok: false,
      error: 'The local preview does not support the bridge command "openModal"',
    });
    expect((await bridge(preview, 'not-a-frame', 'getContext')).status).toBe(404);
  });

  it('maps navigation targets and Confluence URLs to host views, and other URLs to new tabs', async () => {
    const token = (await framesFor(preview, `user=${alex}&space=DIG&view=page`)).get('secure-use-profile-banner')!;
    const profile = (await bridge(preview, token, 'navigate', { target: 'userProfile', accountId: alex, type: 'same-tab' })).body['value'];
    expect(profile).toEqual({ href: `/?user=${alex}&space=DIG&view=profile&profile=${alex}`, external: false, newTab: false });
    const page = (
      await bridge(preview, token, 'navigate', { url: 'https://dds-demo.atlassian.net/wiki/spaces/DIG/pages/120002/Service+manual', type: 'same-tab' })
    ).body['value'];
    expect(page).toEqual({ href: `/?user=${alex}&space=DIG&view=page&page=120002`, external: false, newTab: false });
    const outside = (await bridge(preview, token, 'navigate', { url: 'https://www.ncsc.gov.uk/collection/passwords', type: 'same-tab' })).body['value'];
    expect(outside).toEqual({ href: 'https://www.ncsc.gov.uk/collection/passwords', external: true, newTab: true });
    const jira = await bridge(preview, token, 'navigate', { target: 'issue', issueKey: 'X-1' });
    expect(jira.body['ok']).toBe(false);
  });

  it('answers a malformed Confluence URL with a bridge error, not a crash', async () => {
    const token = (await framesFor(preview, `user=${alex}&space=DIG&view=page`)).get('secure-use-profile-banner')!;
    const base = preview.site.baseUrl;
    for (const command of ['navigate', 'getUrl']) {
      const { status, body } = await bridge(preview, token, command, { url: `${base}/wiki/spaces/%E0%A4%A/pages/1`, type: 'same-tab' });
      expect(status).toBe(200);
      expect(body).toEqual({
        ok: false,
        error: expect.stringMatching(/^navigate: ".*%E0%A4%A.*" is not a valid URL: its path has a malformed percent-encoding$/),
      });
    }
    // A relative one resolves against the site, so it is a Confluence URL too.
    expect((await bridge(preview, token, 'navigate', { url: '/wiki/spaces/%/pages/1' })).body['ok']).toBe(false);
    // The bridge still works afterwards.
    expect((await bridge(preview, token, 'getContext')).body['ok']).toBe(true);
  });

  it('only answers bridge calls from its own origin', async () => {
    const token = (await framesFor(preview, `user=${priya}&view=secure-use-global-settings`)).get('secure-use-global-settings')!;
    const res = await fetch(new URL(`/__bridge/${token}`, preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ command: 'getContext' }),
    });
    expect(res.status).toBe(403);
  });
});

describe('preview storage', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'preview-kvs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function savedCodes(kvsFile: string, fresh: boolean, save?: string[]): Promise<string[]> {
    const preview = await startPreview({ port: 0, kvsFile, fresh, quiet: true });
    try {
      const token = (await framesFor(preview, `user=${priya}&view=secure-use-global-settings`)).get('secure-use-global-settings')!;
      if (save) {
        const current = (
          (await bridge(preview, token, 'invoke', { functionKey: 'getSettings' })).body['value'] as { data: { settings: Record<string, unknown> } }
        ).data.settings;
        const saved = (await bridge(preview, token, 'invoke', { functionKey: 'saveSettings', payload: { settings: { ...current, orgCodes: save } } })).body[
          'value'
        ];
        expect(saved).toMatchObject({ ok: true, data: { saved: true } });
      }
      const got = (await bridge(preview, token, 'invoke', { functionKey: 'getSettings' })).body['value'] as { data: { settings: { orgCodes: string[] } } };
      return got.data.settings.orgCodes;
    } finally {
      await preview.stop();
    }
  }

  it('keeps settings across restarts in its file, and forgets them with fresh', async () => {
    const file = path.join(dir, 'kvs.json');
    // The demo site starts with its organisation's settings; what an admin saves replaces them and is kept.
    expect(await savedCodes(file, true)).toEqual(DEMO_ORG_SETTINGS.orgCodes);
    expect(await savedCodes(file, false, ['MOJ'])).toEqual(['MOJ']);
    expect(await savedCodes(file, false)).toEqual(['MOJ']);
    expect(await savedCodes(file, true)).toEqual(DEMO_ORG_SETTINGS.orgCodes);
    // Stopped previews leave no lock behind.
    expect(existsSync(lockFileOf(file))).toBe(false);
  });

  it('saves the demo organisation settings through the app for the demo site only', async () => {
    const demo = await startPreview({ port: 0, memory: true, quiet: true });
    try {
      expect(demo.demo).toBe(true);
      expect(demo.seededSettings).toBe(true);
      // Stored as the app's saveSettings stores them: the validated settings and when they were saved.
      expect(demo.store.peek(keys.settings)).toEqual({ settings: DEMO_ORG_SETTINGS, savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(DEMO_ORG_SETTINGS.orgCodes).toEqual(['DDS', 'HMRC']);
      expect(DEMO_ORG_SETTINGS.itContact).toMatch(/DDS IT service desk/);
    } finally {
      await demo.stop();
    }
    const own = await startPreview({ port: 0, memory: true, quiet: true, dataFile: siteCopy(dir, 'Own site') });
    try {
      expect(own.demo).toBe(false);
      expect(own.seededSettings).toBe(false);
      expect(own.store.peek(keys.settings)).toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it('uses one default store file per site file', () => {
    const demoFile = defaultKvsFile(DEMO_SITE_PATH);
    expect(path.dirname(demoFile)).toBe(KVS_DIR);
    expect(path.basename(demoFile)).toMatch(/^kvs-demo-site-[0-9a-f]{8}\.json$/);
    expect(defaultKvsFile(DEMO_SITE_PATH)).toBe(demoFile);
    expect(defaultKvsFile(path.relative(process.cwd(), DEMO_SITE_PATH))).toBe(demoFile);
    // Another site file, even with the same name in another folder, gets another store.
    const other = defaultKvsFile(path.join(dir, 'demo-site.json'));
    expect(other).not.toBe(demoFile);
    expect(path.basename(other)).toMatch(/^kvs-demo-site-[0-9a-f]{8}\.json$/);
  });

  it('refuses a store another live preview holds, and leaves its file alone even with fresh', async () => {
    const file = path.join(dir, 'held.json');
    writeFileSync(file, JSON.stringify({ data: { marker: { value: 1, createdAt: 0, updatedAt: 0 } }, secrets: {} }));
    // The Jest parent process is alive and is not this process: it stands for another preview.
    const other = process.ppid;
    writeFileSync(lockFileOf(file), JSON.stringify({ pid: other, hostname: hostname(), startedAt: new Date().toISOString() }));
    try {
      const attempt = startPreview({ port: 0, kvsFile: file, fresh: true, quiet: true });
      await expect(attempt).rejects.toThrow(PreviewError);
      await expect(startPreview({ port: 0, kvsFile: file, quiet: true })).rejects.toThrow(
        `Another preview (pid ${other}) is using ${file}. Stop it, or start with --memory (storage in memory only) or --kvs <file> (another store file).`,
      );
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ data: { marker: { value: 1 } } });
      expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: other });
      expect(globalThis.__forge_fetch__).toBeUndefined();
    } finally {
      rmSync(lockFileOf(file), { force: true });
    }
  });

  it('keeps undelivered queue events with its store across a restart, as the durable Forge queue does', async () => {
    const file = path.join(dir, 'queue.json');
    const queued = { spaceId: '999999', jobId: 'preview-queue-test' };
    const first = await startPreview({ port: 0, kvsFile: file, fresh: true, quiet: true });
    try {
      expect(first.runtime.events.publish({ queueName: 'space-scans', jobId: 'job-1', payload: [{ body: queued, delayInSeconds: 900 }] })).toBe(201);
    } finally {
      await first.stop();
    }
    expect(JSON.parse(readFileSync(`${file}.queue.json`, 'utf8'))).toEqual({ events: [{ queueName: 'space-scans', jobId: 'job-1', body: queued }] });

    const second = await startPreview({ port: 0, kvsFile: file, quiet: true });
    try {
      expect(existsSync(`${file}.queue.json`)).toBe(false);
      // Queued again and delivered at once (the consumer ignores this stale event: no such job).
      const deadline = Date.now() + 10_000;
      while (!second.runtime.events.deliveries.some((d) => d.event.jobId === 'job-1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(second.runtime.events.deliveries.find((d) => d.event.jobId === 'job-1')).toMatchObject({ event: { body: queued } });
    } finally {
      await second.stop();
    }
    expect(existsSync(`${file}.queue.json`)).toBe(false);
  });

  it('takes over the lock of a preview that is no longer running, and removes it on stop', async () => {
    const file = path.join(dir, 'stale.json');
    writeFileSync(lockFileOf(file), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }));
    const preview = await startPreview({ port: 0, kvsFile: file, quiet: true });
    try {
      expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname() });
    } finally {
      await preview.stop();
    }
    expect(existsSync(lockFileOf(file))).toBe(false);
  });
});

describe('preview scans', () => {
  it('runs the review scan of a demo space in the background within a few seconds', async () => {
    const preview = await startPreview({ port: 0, memory: true, quiet: true });
    try {
      const token = (await framesFor(preview, `user=${tom}&space=DIG&view=secure-use-space-settings`)).get('secure-use-space-settings')!;
      const invoke = async <T>(functionKey: string): Promise<T> => {
        const { body } = await bridge(preview, token, 'invoke', { functionKey, payload: {} });
        const result = body['value'] as { ok: boolean; data: T; error?: unknown };
        if (!result?.ok) throw new Error(`${functionKey} failed: ${JSON.stringify(body)}`);
        return result.data;
      };
      const started = Date.now();
      expect((await invoke<StartScanResult>('startScan')).started).toBe(true);
      // What the review page does: poll the status until the scan is done (bounded).
      let status: ScanStatusView | undefined;
      while (Date.now() - started < 20_000) {
        status = await invoke<ScanStatusView>('getScanStatus');
        if (status.scan?.status === 'done' || status.scan?.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (Date.now() - started) / 1000;
      expect(status?.scan).toMatchObject({ status: 'done', error: null });
      expect(status?.latest).not.toBeNull();
      expect(status!.scan!.scanned).toBeGreaterThan(0);
      // "Within a few seconds" on the demo site (generous for a loaded CI machine).
      expect(seconds).toBeLessThan(10);
    } finally {
      await preview.stop();
    }
  });
});

describe('preview start-up errors', () => {
  it('shows a site file by name and path, not as the demo site', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preview-site-'));
    try {
      const file = siteCopy(dir, 'Ministry of Examples');
      const preview = await startPreview({ port: 0, memory: true, quiet: true, dataFile: file });
      try {
        expect(preview.dataFile).toBe(file);
        const page = await (await fetch(preview.url)).text();
        const banner = /<p class="preview-banner"[^>]*>([\s\S]*?)<\/p>/.exec(page)?.[1]?.replace(/\s+/g, ' ') ?? '';
        expect(banner).toContain(`— site <strong>Ministry of Examples</strong> from <code>${file}</code>`);
        expect(banner).not.toMatch(/demo/i);
      } finally {
        await preview.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an invalid site file with the path of the problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'preview-site-'));
    try {
      const file = path.join(dir, 'bad-site.json');
      writeFileSync(file, JSON.stringify({ site: { name: 'x', baseUrl: 'not a url' }, app: { accountId: 'nope' } }));
      await expect(startPreview({ port: 0, memory: true, quiet: true, dataFile: file })).rejects.toThrow(SiteFileError);
      await expect(startPreview({ port: 0, memory: true, quiet: true, dataFile: file })).rejects.toThrow(/bad-site\.json: site\.baseUrl/);
      // Nothing was left installed by the failed start.
      expect(globalThis.__forge_fetch__).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start (tools/preview/main.ts)', () => {
  const main = path.join(ROOT_DIR, 'tools', 'preview', 'main.ts');
  let dir: string;
  const children: ReturnType<typeof spawn>[] = [];
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'preview-cli-'));
  });
  afterAll(() => {
    // A test that failed half-way must not leave a preview running (it would keep this worker alive).
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Runs main.ts in one Node process (`node --import tsx`, not the tsx binary, which would run it in a grandchild
   * that a kill of the child leaves behind). `initCwd` is where npm says `npm start` was typed.
   */
  function run(
    args: string[],
    initCwd = ROOT_DIR,
    env: NodeJS.ProcessEnv = {},
  ): { child: ReturnType<typeof spawn>; out: () => string; exit: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, PORT: '', INIT_CWD: initCwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, out: () => out, exit };
  }

  /**
   * Every file of every static build with its inode and mtime: a build replaces each file by a rename (a new inode)
   * and removes files the new build lacks, so any build in between changes this.
   */
  function buildStamp(): string {
    const stamp: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else {
          const st = statSync(full);
          stamp.push(`${path.relative(ROOT_DIR, full)} ${st.ino} ${st.mtimeMs}`);
        }
      }
    };
    const statics = path.join(ROOT_DIR, 'static');
    for (const app of readdirSync(statics)) {
      if (!statSync(path.join(statics, app)).isDirectory()) continue;
      const build = path.join(statics, app, 'build');
      if (existsSync(build)) walk(build);
      // No temporary build folder either (tools/build-static.ts builds into build.next-<pid> first).
      for (const entry of readdirSync(path.join(statics, app))) if (entry.startsWith('build.')) stamp.push(`${app}/${entry}`);
    }
    expect(stamp.length).toBeGreaterThan(0);
    return stamp.sort().join('\n');
  }

  async function urlOf(out: () => string, exit: Promise<number | null>, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void exit.then(() => (exited = true));
    for (;;) {
      const url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out())?.[1];
      if (url) return url;
      if (exited || Date.now() > deadline) throw new Error(`the preview printed no URL:\n${out()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('exits 1 with a clear message for a bad --data file, before building', async () => {
    const builds = buildStamp();
    const { out, exit } = run(['--data', path.join(tmpdir(), 'no-such-site-file.json')]);
    expect(await exit).toBe(1);
    expect(out()).toMatch(/The site file is not valid:\n.*no-such-site-file\.json.*cannot read file/);
    expect(out()).not.toContain('Building');
    expect(buildStamp()).toBe(builds);
  }, 30_000);

  it('reads a relative --data path from the directory npm start was run in, and names the absolute path', async () => {
    const missing = run(['--data', 'missing-site.json'], dir);
    expect(await missing.exit).toBe(1);
    expect(missing.out()).toContain(`The site file is not valid:\n${path.join(dir, 'missing-site.json')}: (root): cannot read file`);

    const file = siteCopy(dir, 'Relative Site', 'relative-site.json');
    const { child, out, exit } = run(['--data', 'relative-site.json', '--memory', '--port', '0', '--no-build'], dir);
    try {
      const url = await urlOf(out, exit);
      expect(out()).toContain(`Site:      Relative Site from ${file}`);
      expect(out()).toContain('Storage:   in memory');
      const page = await (await fetch(url)).text();
      expect(page).toContain(`from <code>${file}</code>`);
      expect(page).not.toContain('Demo data only');
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);

  it('prints its URL, serves the host page and exits 0 on SIGINT; a second preview on its store fails fast', async () => {
    const kvs = path.join(dir, 'shared-kvs.json');
    const first = run(['--port', '0', '--kvs', kvs, '--no-build']);
    try {
      const url = await urlOf(first.out, first.exit);
      expect(first.out()).toContain(`Storage:   ${kvs}`);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Local preview');
      expect(JSON.parse(readFileSync(lockFileOf(kvs), 'utf8'))).toMatchObject({ pid: first.child.pid });

      // The same store, named relative to where npm start was typed: refused before anything is touched, the
      // static builds the first one serves included (no rebuild: the lock is checked before the build).
      const builds = buildStamp();
      const second = run(['--port', '0', '--kvs', path.basename(kvs), '--fresh'], dir);
      expect(await second.exit).toBe(1);
      expect(second.out()).toContain(
        `Another preview (pid ${first.child.pid}) is using ${kvs}. Stop it, or start with --memory (storage in memory only) or --kvs <file> (another store file).`,
      );
      expect(second.out()).not.toContain('Building');
      expect(buildStamp()).toBe(builds);
      expect(existsSync(kvs)).toBe(true);
      expect((await fetch(url)).status).toBe(200);

      first.child.kill('SIGINT');
      expect(await first.exit).toBe(0);
      expect(first.out()).not.toMatch(/error|warn|unhandled/i);
      expect(existsSync(lockFileOf(kvs))).toBe(false);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
  }, 45_000);

  it('builds the apps before it starts, while a running preview keeps serving its builds', async () => {
    const running = run(['--port', '0', '--memory', '--no-build']);
    // Without jest's NODE_ENV=test, which Vite would honour over its production mode (as `npm start` runs it).
    const building = run(['--port', '0', '--memory'], ROOT_DIR, { NODE_ENV: undefined });
    try {
      const url = await urlOf(running.out, running.exit);
      const apps = readdirSync(path.join(ROOT_DIR, 'static')).filter((app) => existsSync(path.join(ROOT_DIR, 'static', app, 'index.html')));
      expect(apps.length).toBeGreaterThan(0);
      // Poll every app of the running preview until the building one is up: no answer may be "build missing".
      const second: { url: string | null; error: string | null; done: boolean } = { url: null, error: null, done: false };
      void urlOf(building.out, building.exit, 90_000)
        .then(
          (u) => (second.url = u),
          (e: unknown) => (second.error = e instanceof Error ? e.message : String(e)),
        )
        .finally(() => (second.done = true));
      const statuses = new Map<number, number>();
      while (!second.done) {
        for (const app of apps) {
          const res = await fetch(new URL(`/apps/${app}/`, url));
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }
      expect(second.error).toBeNull();
      expect(building.out()).toContain('Building the Custom UI apps');
      expect(building.out()).toMatch(/total JS .* gzip \(budget/);
      expect([...statuses.keys()]).toEqual([200]);
      expect((await fetch(new URL('/apps/space-page/', second.url ?? ''))).status).toBe(200);
      building.child.kill('SIGINT');
      running.child.kill('SIGINT');
      expect(await building.exit).toBe(0);
      expect(await running.exit).toBe(0);
    } finally {
      for (const { child } of [running, building]) if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);

  it('documents the storage options in --help, at once and without building', async () => {
    const builds = buildStamp();
    const started = Date.now();
    const { out, exit } = run(['--help']);
    expect(await exit).toBe(0);
    // Loading the modules only (a build of the four apps alone takes longer); generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(out()).toMatch(/--kvs <file>/);
    expect(out()).toMatch(/--memory/);
    expect(out()).toMatch(/--fresh/);
    expect(out()).toMatch(/--no-build/);
    expect(out()).not.toContain('Building');
    expect(buildStamp()).toBe(builds);
  }, 30_000);

  it('refuses --kvs with --memory, and unknown options, before building', async () => {
    const builds = buildStamp();
    const both = run(['--kvs', 'x.json', '--memory']);
    expect(await both.exit).toBe(2);
    expect(both.out()).toContain('Use --kvs or --memory, not both');
    const unknown = run(['--no-such-option']);
    expect(await unknown.exit).toBe(2);
    expect(unknown.out()).toContain("Unknown option '--no-such-option'");
    expect(both.out() + unknown.out()).not.toContain('Building');
    expect(buildStamp()).toBe(builds);
  }, 30_000);
});
