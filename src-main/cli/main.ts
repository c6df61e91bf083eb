// shm-inspector: the inspector in a terminal. Another host of the same core
// (src-main/core), beside the Electron and browser hosts: each subcommand is
// a few contract calls on an in-process InspectorCore.
//
// Exit status: 0 done, 1 differences found (diff), 2 no such block,
// 3 refused or unsafe, 64 usage, 70 any other failure. Errors go to stderr
// as one line: "shm-inspector: ERR_CODE: message".
import { helpText, parseCommand } from './args';
import { completion } from './commands/completion';
import { diff } from './commands/diff';
import { dump } from './commands/dump';
import { list } from './commands/list';
import { stats } from './commands/stats';
import { get, set } from './commands/text';
import { unlink } from './commands/unlink';
import { watch } from './commands/watch';
import type { Context, Runner } from './context';
import { appVersion } from '../core/inspector-core';
import { createOutput, escapeForTerminal } from './output';
import { EXIT, openSession, toCliError, usageError, type Session } from './session';
import { COMMANDS, commandNamed } from './spec';

const RUNNERS: Record<string, Runner> = { list, dump, watch, get, set, diff, unlink, completion, stats };

export interface MainIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

const processIo = (): MainIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // Touched only by a command that reads it (diff --baseline): an opened stdin can keep the process alive.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
});

/** Runs one command line; resolves to the exit status. Never throws. */
export async function main(argv: string[], io: MainIo = processIo()): Promise<number> {
  const out = createOutput(io.stdout, io.stderr, io.env);
  let session: Session | null = null;
  try {
    const [name, ...rest] = argv;
    if (name === '--version' || name === '-V') {
      await out.line(versionLine());
      return EXIT.ok;
    }
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      await out.write(overview());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const spec = commandNamed(name);
    if (!spec) throw usageError(`unknown command "${escapeForTerminal(name)}"; try shm-inspector --help`);
    const parsed = parseCommand(spec, rest);
    if (parsed.values['help']) {
      await out.write(helpText(spec));
      return EXIT.ok;
    }
    const context: Context = {
      out,
      json: parsed.values['json'] === true,
      session: () => (session ??= openSession()),
      get stdin() {
        return io.stdin;
      },
    };
    return await RUNNERS[spec.name]!(context, parsed);
  } catch (error) {
    const failure = toCliError(error);
    out.status(`shm-inspector: ${failure.code}: ${escapeForTerminal(failure.message)}`);
    return failure.exitCode;
  } finally {
    (session as Session | null)?.dispose();
  }
}

/**
 * `shm-inspector 0.1.0 (win32-x64, Node 22.23.3)`: the version, and the
 * platform and Node it runs on, which differ under wine from the machine's.
 */
export function versionLine(): string {
  return `shm-inspector ${appVersion()} (${process.platform}-${process.arch}, Node ${process.versions.node})`;
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: shm-inspector <command> [options]',
    '',
    'The shared-memory inspector in a terminal: list, dump, follow and change named shared memory.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help and --json (JSON Lines for watch). --version names the version and platform.',
    'Exit status: 0 done, 1 differences found (diff), 2 no such block, 3 refused or unsafe, 64 usage, 70 other failure.',
    'Colour only on a terminal, never with NO_COLOR set.',
    '',
  ].join('\n');
}
