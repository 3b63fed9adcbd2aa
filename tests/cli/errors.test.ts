import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { DEMO_CREDENTIALS, DEMO_PERSONAS, loadSite, startEmulator, type Emulator, type SiteJson } from '../../tools/emulator';
import { cli, copySite, DEMO_SITE, tempDir, writeSite } from './helpers';

/**
 * Usage and access errors: each ends with exit code 2 and one or two lines on stderr (no stack), and nothing on
 * stdout.
 */

const USAGE = 'Usage: secure-confluence audit';

function expectShortError(run: { code: number; stdout: string; stderr: string }): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  // At most the "Auditing … as …" line and notes of retries, then the error: one line, a hint and (for usage
  // errors) the usage line.
  expect(run.stderr).toMatch(/^(Auditing .*\n)?(note: .*\n)*error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack frames
  const error = run.stderr.slice(run.stderr.indexOf('error: '));
  expect(error.trimEnd().split('\n').length).toBeLessThanOrEqual(3);
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('usage errors', () => {
  it('refuses an unknown option, with the usage line', async () => {
    const run = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG', '--frobnicate']);
    expectShortError(run);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
    expect(run.stderr).toContain(USAGE);
  });

  it('refuses to run without --space or --all, with the usage line', async () => {
    const run = await cli(['audit', '--data', DEMO_SITE]);
    expectShortError(run);
    expect(run.stderr).toContain('--space KEY');
    expect(run.stderr).toContain(USAGE);
  });

  it('refuses a missing command, a bad format, a malformed key, an http site, and --data with --site', async () => {
    const cases: [string[], RegExp][] = [
      [[], /no command given/],
      [['audit', '--data', DEMO_SITE, '--all', '--format', 'xml'], /Allowed choices are json, csv/],
      [['audit', '--data', DEMO_SITE, '--space', 'DIG" or space = "HR'], /--space: not a space key/],
      [['audit', '--site', 'http://example.atlassian.net', '--email', 'a@b.example', '--all'], /must be an https:\/\/ address/],
      [['audit', '--site', 'https://example.atlassian.net/wiki/spaces/DIG', '--email', 'a@b.example', '--all'], /takes the site root/],
      [['audit', '--data', DEMO_SITE, '--site', 'https://example.atlassian.net', '--all'], /--data or --site, not both/],
      [['audit', '--site', 'https://example.atlassian.net', '--all'], /--site needs --email/],
      [['audit', '--data', DEMO_SITE, '--space', 'DIG', '--all'], /--space or --all, not both/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);
      expectShortError(run);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('Usage: secure-confluence');
    }
  });

  it('refuses a token on the command line without echoing it', async () => {
    const run = await cli(['audit', '--site', 'https://example.atlassian.net', '--email', 'a@b.example', '--all', '--token', 'sekrit-value-123']);
    expectShortError(run);
    expect(run.stderr).toContain('--token is not accepted');
    expect(run.stderr).not.toContain('sekrit-value-123');
  });
});

describe('access errors', () => {
  let temp: ReturnType<typeof tempDir>;
  let emulator: Emulator;
  beforeAll(async () => {
    temp = tempDir();
    emulator = await startEmulator({ site: loadSite(DEMO_SITE) });
  });
  afterAll(async () => {
    await emulator.stop();
    temp.remove();
  });

  it('names the file and the JSON path of a bad site file', async () => {
    const json = copySite(JSON.parse(readFileSync(DEMO_SITE, 'utf8')) as SiteJson);
    json.spaces![1]!.content![0]!.restrictions = { read: { users: ['5f1a00000000000000000bad'], groups: [] } };
    const file = writeSite(temp.dir, 'bad-site.json', json);
    const run = await cli(['audit', '--data', file, '--space', 'DIG']);
    expectShortError(run);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain('spaces[1].content[0].restrictions.read.users[0]');
    expect(run.stderr).toContain('5f1a00000000000000000bad');
  });

  it('reports a site file that cannot be read or is not JSON', async () => {
    const missing = await cli(['audit', '--data', `${temp.dir}/missing.json`, '--all']);
    expectShortError(missing);
    expect(missing.stderr).toContain('missing.json: cannot read file');
    const file = `${temp.dir}/not-json.json`;
    writeFileSync(file, '{"site": ');
    const notJson = await cli(['audit', '--data', file, '--all']);
    expectShortError(notJson);
    expect(notJson.stderr).toContain('not-json.json: not valid JSON');
  });

  it('reports an unknown space key and an unknown --as user', async () => {
    const unknownSpace = await cli(['audit', '--data', DEMO_SITE, '--space', 'NOPE']);
    expectShortError(unknownSpace);
    expect(unknownSpace.stderr).toContain('Unknown space key NOPE');

    const unknownUser = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG', '--as', '5f1a0000000000000000dead']);
    expectShortError(unknownUser);
    expect(unknownUser.stderr).toContain('has no user 5f1a0000000000000000dead');

    // A guest cannot see DIG at all: for them the key is unknown.
    const guest = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG', '--as', DEMO_PERSONAS.sam]);
    expectShortError(guest);
    expect(guest.stderr).toContain('Unknown space key DIG');
  });

  it('refuses a --broad-group that is not a group on the site', async () => {
    const run = await cli(['audit', '--data', DEMO_SITE, '--space', 'DIG', '--broad-group', 'confluence-users,everyone-at-dds']);
    expectShortError(run);
    expect(run.stderr).toContain('--broad-group: "everyone-at-dds" is not a group on this site.');
  });

  it('says Confluence rejected the email or API token (401)', async () => {
    const run = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.priya.email, '--space', 'DIG'], {
      env: { CONFLUENCE_API_TOKEN: 'wrong-token' },
    });
    expectShortError(run);
    expect(run.stderr).toContain('Confluence rejected the email or API token');
    expect(run.stderr).toContain('$CONFLUENCE_API_TOKEN');
    expect(run.stderr).not.toContain('wrong-token');
  });

  it('says it cannot reach a site nobody answers at, with the reason', async () => {
    const port = await closedPort();
    const run = await cli(['audit', '--site', `http://127.0.0.1:${port}`, '--email', 'a@b.example', '--space', 'DIG'], { env: { CONFLUENCE_API_TOKEN: 't' } });
    expectShortError(run);
    expect(run.stderr).toContain(`Cannot reach http://127.0.0.1:${port}: `);
    expect(run.stderr).toContain('ECONNREFUSED');
  });

  it('says which environment variable is missing', async () => {
    emulator.requests.clear();
    const run = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.priya.email, '--space', 'DIG', '--token-env', 'DDS_TOKEN'], {
      env: { CONFLUENCE_API_TOKEN: 'x' },
    });
    expectShortError(run);
    expect(run.stderr).toContain('The environment variable DDS_TOKEN is not set');
    expect(emulator.requests.count({ path: /^\/wiki\// })).toBe(0); // failed before sending anything
    const empty = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.priya.email, '--space', 'DIG', '--token-env', 'DDS_TOKEN'], {
      env: { DDS_TOKEN: '  ' },
    });
    expectShortError(empty);
    expect(empty.stderr).toContain('The environment variable DDS_TOKEN is empty');
  });

  it('tells a site that is not Confluence Cloud (a redirect, a 404, an HTML page) from a wrong token', async () => {
    const answers: Record<string, (res: ServerResponse) => void> = {
      redirect: (res) => res.writeHead(302, { location: 'https://login.example.gov.uk/sso' }).end(),
      missing: (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'),
      html: (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to the intranet</body></html>'),
    };
    let mode = 'redirect';
    const server = createHttpServer((_req, res) => answers[mode]!(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const expected: Record<string, RegExp> = {
      redirect: /answered with a redirect \(HTTP 302 to https:\/\/login\.example\.gov\.uk\/sso\), not with Confluence's REST API/,
      missing: /has no Confluence REST API at \/wiki\/rest\/api \(HTTP 404\)/,
      html: /answered, but not as Confluence Cloud/,
    };
    try {
      for (const m of Object.keys(answers)) {
        mode = m;
        const run = await cli(['audit', '--site', `http://127.0.0.1:${port}`, '--email', DEMO_CREDENTIALS.tom.email, '--space', 'DIG'], {
          env: { CONFLUENCE_API_TOKEN: DEMO_CREDENTIALS.tom.apiToken },
        });
        expectShortError(run);
        expect(run.stderr).toMatch(expected[m]!);
        expect(run.stderr).toContain('Give --site the root of the Confluence Cloud site');
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('gives up, saying so, when the site stops answering mid-scan (not after many minutes of silence)', async () => {
    emulator.reset();
    // Searches hang (answers after 60 s); every request times out after 300 ms; no answer for 1.5 s ends the audit.
    emulator.faults.set({ pathPrefix: '/wiki/rest/api/content/search', latencyMs: 60_000 });
    try {
      const began = Date.now();
      const run = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.tom.email, '--space', 'DIG'], {
        env: { CONFLUENCE_API_TOKEN: DEMO_CREDENTIALS.tom.apiToken },
        network: { timeoutMs: 300, stallMs: 1_500 },
      });
      expectShortError(run);
      expect(run.stderr).toMatch(/note: http:\/\/127\.0\.0\.1:\d+ did not answer \(the request timed out\); retrying in/);
      expect(run.stderr).toMatch(/error: No answer from http:\/\/127\.0\.0\.1:\d+ for \d+ s \(the request timed out\); giving up\./);
      // 1.5 s of silence, then at most one more timed-out attempt: far below the 30 s × 5 attempts of one request.
      expect(Date.now() - began).toBeLessThan(15_000);
    } finally {
      emulator.reset();
    }
  });

  it('reports a site that keeps failing while scanning, and writes no report', async () => {
    emulator.reset();
    emulator.faults.set({ pathPrefix: '/wiki/rest/api/content/search', serverErrors: { everyNth: 1, status: 502 } });
    const out = `${temp.dir}/never.json`;
    try {
      const run = await cli(['audit', '--site', emulator.url, '--email', DEMO_CREDENTIALS.tom.email, '--space', 'DIG', '--out', out], {
        env: { CONFLUENCE_API_TOKEN: DEMO_CREDENTIALS.tom.apiToken },
      });
      expectShortError(run);
      expect(run.stderr).toContain('error: Confluence failed while auditing DIG (HTTP 502)');
      // Not silence while it retries: each wait is announced.
      expect(run.stderr).toContain('note: Confluence answered HTTP 502; retrying in 0.3 s (attempt 2 of 5)');
      expect(run.stderr).toContain('note: the scan of DIG paused after repeated failures; resuming in 5 s');
      expect(existsSync(out)).toBe(false);
    } finally {
      emulator.reset();
    }
  });
});
