import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PERSONAS, SiteFileError } from '../../tools/emulator';
import { BRIDGE_SCRIPT_TAG } from '../../tools/preview/apps';
import { startPreview, ROOT_DIR, type PreviewHandle } from '../../tools/preview/server';

/**
 * The preview server over plain HTTP (no browser): what it serves, how the bridge endpoint decides who a call is
 * for, and how the CLI starts, refuses bad input and stops. Needs the static builds (`npm test` builds first).
 */

const { priya, alex } = DEMO_PERSONAS;
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
    const defaults = await savedCodes(file, true);
    expect(await savedCodes(file, false, ['DDS', 'HMRC'])).toEqual(['DDS', 'HMRC']);
    expect(await savedCodes(file, false)).toEqual(['DDS', 'HMRC']);
    expect(await savedCodes(file, true)).toEqual(defaults);
  });
});

describe('preview start-up errors', () => {
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
  const tsx = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');

  function run(args: string[]): { child: ReturnType<typeof spawn>; out: () => string; exit: Promise<number | null> } {
    const child = spawn(tsx, [path.join(ROOT_DIR, 'tools', 'preview', 'main.ts'), ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, out: () => out, exit };
  }

  it('exits 1 with a clear message for a bad --data file', async () => {
    const { out, exit } = run(['--data', path.join(tmpdir(), 'no-such-site-file.json')]);
    expect(await exit).toBe(1);
    expect(out()).toMatch(/The site file is not valid:\n.*no-such-site-file\.json.*cannot read file/);
  }, 30_000);

  it('prints its URL, serves the host page and exits 0 on SIGINT', async () => {
    const { child, out, exit } = run(['--port', '0']);
    try {
      const deadline = Date.now() + 20_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        url = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out())?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 100));
      }
      expect(url).toBeDefined();
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Local preview');
      child.kill('SIGINT');
      expect(await exit).toBe(0);
      expect(out()).not.toMatch(/error|warn|unhandled/i);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
