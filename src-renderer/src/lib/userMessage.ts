// A host's refusal as a sentence a user reads. The core's checks speak about
// call arguments (`"size" must be between 1 and 1073741824, got 2000000000`);
// the window speaks about what the user typed (the block size, the number of
// readers), with sizes in bytes and binary units. The code stays at the end,
// for searching; any other message passes through, capitalised.
import { toContractError } from '../contract';
import { formatSize } from './offsets';

/** What each argument is, in the words of the form it comes from. */
const ARGUMENT_WORDS: Readonly<Record<string, { what: string; bytes: boolean }>> = {
  size: { what: 'The block size', bytes: true },
  count: { what: 'The number of readers', bytes: false },
  cch: { what: 'cch (the buffer size in characters)', bytes: false },
  offset: { what: 'The offset', bytes: false },
  length: { what: 'The length', bytes: false },
  name: { what: 'The block name', bytes: false },
};

const OUT_OF_RANGE = /^"(\w+)" must be between (\d+) and (\d+), got (.+)$/s;
const NOT_AN_INTEGER = /^"(\w+)" must be an integer, got (.+)$/s;

function argumentWords(field: string): { what: string; bytes: boolean } {
  return ARGUMENT_WORDS[field] ?? { what: `"${field}"`, bytes: false };
}

function amount(value: number, bytes: boolean): string {
  if (!bytes) return value.toLocaleString('en-US');
  return value === 1 ? '1 byte' : formatSize(value);
}

function sentence(message: string): string {
  const text = message.trim();
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The host's message in the user's words, when it is one of the core's argument checks. */
export function humaniseMessage(message: string): string {
  const range = OUT_OF_RANGE.exec(message);
  if (range) {
    const { what, bytes } = argumentWords(range[1]!);
    const [min, max] = [Number(range[2]), Number(range[3])];
    return `${what} must be from ${amount(min, bytes)} to ${amount(max, bytes)}; ${range[4]} is not.`;
  }
  const integer = NOT_AN_INTEGER.exec(message);
  if (integer) return `${argumentWords(integer[1]!).what} must be a whole number, not ${integer[2]}.`;
  return sentence(message);
}

/** What to do about a refusal, in the names of the window's controls (the host's words name no control). */
const WHAT_TO_DO_IN_THE_WINDOW: Readonly<Partial<Record<string, string>>> = {
  ERR_SHM_UNSAFE: 'To look at it, tick "Read-only" in the Open form, or open it from the Blocks list.',
};

/** One line for the UI: the message in the user's words, what to do, then the code users can search for. */
export function describeForUser(error: unknown): string {
  const e = toContractError(error);
  const whatToDo = WHAT_TO_DO_IN_THE_WINDOW[e.code];
  return `${humaniseMessage(e.message)}${whatToDo ? ` ${whatToDo}` : ''} (${e.code})`;
}
