import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The installed command: `npx secure-confluence` resolves the package's `bin` and runs the TypeScript through tsx. */
describe('the secure-confluence bin', () => {
  it('prints the audit usage for `npx secure-confluence audit --help` and exits 0', () => {
    const result = spawnSync('npx', ['--no', 'secure-confluence', 'audit', '--help'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 25_000,
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' },
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: secure-confluence audit');
    expect(result.stdout).toContain('--space <keys>');
    expect(result.stdout).toContain('Exit codes: 0 no open pages found, 1 open pages found, 2 usage or access error.');
  }, 30_000);
});
