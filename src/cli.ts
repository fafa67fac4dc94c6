/** The terminal's front door: the process's own arguments, environment, streams and signals, handed to `runCli`. */
import { runCli } from './cli/main.js';

runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stopRequested: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
}).then((code) => {
  process.exitCode = code;
});
