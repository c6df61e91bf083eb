import type { Parsed } from './args';
import type { Output } from './output';
import type { Session } from './session';

/** What a subcommand gets: where to write, whether --json was given, and the core (started on first use). */
export interface Context {
  out: Output;
  json: boolean;
  session(): Session;
  stdin: NodeJS.ReadableStream;
}

/** Runs a subcommand and resolves to its exit status; failures throw (CliError or ContractError). */
export type Runner = (context: Context, parsed: Parsed) => Promise<number>;
