#!/usr/bin/env node
// `shm-inspector` (the package's bin; `npx shm-inspector` from the repository).
// Runs the built terminal host, out/cli/main.mjs, building it first when it is
// missing or older than its sources (as `npm start` does for the app).
import { pathToFileURL } from 'node:url';
import { buildCliIfStale, cliBundle } from '../scripts/build-cli.mjs';

const failure = buildCliIfStale();
if (failure !== null) {
  process.stderr.write(`${failure.trimEnd()}\nshm-inspector: ERR_INTERNAL: building the CLI failed (npm run build:cli)\n`);
  process.exit(70);
}
// `shm-inspector dump NAME | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import(pathToFileURL(cliBundle).href);
process.exitCode = await main(process.argv.slice(2));
