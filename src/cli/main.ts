/**
 * Entry point of `secure-confluence` (run through `bin/secure-confluence.js`): wires the process's arguments,
 * environment, streams and clock into {@link runCli} and sets `process.exitCode` (not `process.exit`, so stdout is
 * flushed before the process ends).
 */
import { systemClock } from '../adapters/confluence/client';
import { runCli, type CliIo } from './audit';

// `secure-confluence audit … | head` closes stdout early: stop quietly rather than crash with EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  clock: systemClock,
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
