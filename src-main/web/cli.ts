// `tsx src-main/web/cli.ts [--port N] [--host-dir DIR]`: the browser host.
// Prints exactly one line with the URL to open (it carries this run's token);
// stops cleanly on SIGINT/SIGTERM (children killed, blocks closed).
import { RendererMissingError, startBrowserHost } from './server';

const USAGE = 'usage: tsx src-main/web/cli.ts [--port N] [--host-dir DIR]';
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
      console.error(`shm-inspector browser host: ${flag} is for the Electron app; open the URL in several tabs (add &block=NAME&size=BYTES to pick a block)`);
    } else {
      return null;
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!options) {
    console.error(USAGE);
    process.exit(64);
  }
  let host;
  try {
    host = await startBrowserHost(options);
  } catch (error) {
    console.error(`shm-inspector browser host: ${error instanceof RendererMissingError ? error.message : `cannot start: ${String(error)}`}`);
    process.exit(1);
  }
  console.log(`shm-inspector browser host: ${host.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
