/**
 * The app's one logger: JSON lines on stderr (Forge collects them as app logs). Quiet under jest unless
 * `SECURE_CONFLUENCE_LOG=debug`, so tests stay readable; never given page titles or tokens.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

const quiet = (): boolean => process.env['JEST_WORKER_ID'] !== undefined && process.env['SECURE_CONFLUENCE_LOG'] !== 'debug';

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (quiet() || (level === 'debug' && process.env['SECURE_CONFLUENCE_LOG'] !== 'debug')) return;
  process.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
