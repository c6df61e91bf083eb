// `tsx src-main/web/cli.ts [--port N] [--host-dir DIR]`: the browser host.
// Prints exactly one line with the URL to open (it carries the token);
// stops cleanly on SIGINT/SIGTERM (children killed, blocks closed).
import { tokenProblem } from './guard';
import { RendererMissingError, startBrowserHost, type BrowserHost } from './server';

const TOKEN_VARIABLE = 'SHM_INSPECTOR_TOKEN';
/**
 * TEST ONLY: the core's launcher cap (launcher.maxConcurrent) for the contract
 * suite run against this host in another process (tests/win, Windows Node
 * under wine), as the in-process harnesses pass it to the core directly.
 */
const TEST_MAX_CHILDREN_VARIABLE = 'SHM_INSPECTOR_TEST_MAX_CHILDREN';
const USAGE = [
  'usage: tsx src-main/web/cli.ts [--port N] [--host-dir DIR]',
  '  --port N        listen on 127.0.0.1:N (default: any free port; the URL printed says which)',
  '  --host-dir DIR  the built renderer to serve (default: out/renderer)',
  'environment:',
  `  ${TOKEN_VARIABLE}  the token the URL carries, instead of a new random one each run;`,
  '                       at least 32 hex characters (for example: openssl rand -hex 24).',
  '                       Why: to restart a host without losing open tabs. Started again with',
  '                       the same token and --port, it is the same address to them, and they',
  '                       reconnect by themselves.',
].join('\n');
/** The Electron app's own flags, accepted and explained rather than refused. */
const ELECTRON_ONLY_FLAGS = ['--windows', '--block', '--size'];

interface CliOptions {
  port: number;
  hostDir?: string;
}

function parseArgs(argv: string[]): CliOptions | null {
  const options: CliOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' && value !== undefined && /^\d{1,5}$/.test(value) && Number(value) <= 65535) {
      options.port = Number(value);
      i++;
    } else if (flag === '--host-dir' && value !== undefined) {
      options.hostDir = value;
      i++;
    } else if (ELECTRON_ONLY_FLAGS.includes(flag ?? '') && value !== undefined) {
      i++; // `npm start -- --windows 2` falls back here when Electron is missing: say what to do instead.
      console.error(
        `shm-inspector browser host: ${flag} is for the Electron app; open the URL in several tabs (add &block=NAME&size=BYTES to pick a block)`,
      );
    } else {
      return null;
    }
  }
  return options;
}

/** The token from the environment, undefined when unset; exits 64 (usage) when it is unusable. */
function tokenFromEnvironment(): string | undefined {
  const token = process.env[TOKEN_VARIABLE];
  if (token === undefined) return undefined;
  const problem = tokenProblem(token);
  if (problem) {
    console.error(`shm-inspector browser host: ${TOKEN_VARIABLE} ${problem}`);
    process.exit(64);
  }
  return token;
}

/** SHM_INSPECTOR_TEST_MAX_CHILDREN as a whole number from 1 to 64; exits 64 (usage) when it is anything else. */
function testMaxChildren(): number | undefined {
  const value = process.env[TEST_MAX_CHILDREN_VARIABLE];
  if (value === undefined) return undefined;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 64) {
    console.error(`shm-inspector browser host: ${TEST_MAX_CHILDREN_VARIABLE} must be a whole number from 1 to 64`);
    process.exit(64);
  }
  return Number(value);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const options = parseArgs(argv);
  if (!options) {
    console.error(USAGE);
    process.exit(64);
  }
  const token = tokenFromEnvironment();
  const maxChildren = testMaxChildren();
  // Handlers first: a stop asked for while the host starts waits for it, then closes it.
  let host: BrowserHost | undefined;
  let stopping = false;
  const closeAndExit = (started: BrowserHost) => void started.close().finally(() => process.exit(0));
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (host) closeAndExit(host);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    host = await startBrowserHost({
      ...options,
      ...(token !== undefined ? { token } : {}),
      ...(maxChildren !== undefined ? { coreOptions: { launcher: { maxConcurrent: maxChildren } } } : {}),
    });
  } catch (error) {
    console.error(
      `shm-inspector browser host: ${error instanceof RendererMissingError ? error.message : `cannot start: ${String(error)}`}`,
    );
    process.exit(1);
  }
  if (stopping) return closeAndExit(host);
  console.log(`shm-inspector browser host: ${host.url}`);
}

void main();
