// Command lines through Node's own util.parseArgs (no dependency to keep up;
// strict mode refuses unknown options and missing values for us), driven by
// the table in spec.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './session';
import type { CommandSpec } from './spec';

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommand(spec: CommandSpec, argv: string[]): Parsed {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  let parsed: Parsed;
  try {
    // `--` ends the options, so a block named "--help" can still be named.
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    throw usageError(`${spec.name}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.values['help']) return parsed;
  checkChoices(spec, parsed);
  const required = spec.positionals.filter((p) => p.required).length;
  if (parsed.positionals.length < required || parsed.positionals.length > spec.positionals.length) {
    const names = spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
    throw usageError(
      `${spec.name} takes ${names || 'no arguments'}, got ${parsed.positionals.length} argument${parsed.positionals.length === 1 ? '' : 's'}`,
    );
  }
  return parsed;
}

function checkChoices(spec: CommandSpec, parsed: Parsed): void {
  for (const [name, option] of Object.entries(spec.options)) {
    if (!option.choices) continue;
    const given = parsed.values[name];
    for (const value of given === undefined ? [] : Array.isArray(given) ? given : [String(given)]) {
      if (!option.choices.includes(value)) throw usageError(`--${name} must be one of ${option.choices.join(', ')}, got "${value}"`);
    }
  }
}

/** A whole number option (decimal or 0x hex), or undefined when absent. */
export function integerOption(parsed: Parsed, name: string, min = 0): number | undefined {
  const text = parsed.values[name];
  if (text === undefined) return undefined;
  const value = typeof text === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw usageError(`--${name} must be a whole number of at least ${min}, got "${String(text)}"`);
  return value;
}

/** A duration option in seconds (fractions allowed), or undefined when absent. */
export function secondsOption(parsed: Parsed, name: string): number | undefined {
  const text = parsed.values[name];
  if (text === undefined) return undefined;
  const value = typeof text === 'string' && /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value > 2_000_000) throw usageError(`--${name} must be a number of seconds, got "${String(text)}"`);
  return value;
}

export function helpText(spec: CommandSpec): string {
  const usage = [
    `shm-inspector ${spec.name}`,
    ...spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)),
    Object.keys(spec.options).length > 1 ? '[options]' : '',
  ].filter(Boolean);
  const optionLines = Object.entries(spec.options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    return `  ${flag.padEnd(24)} ${option.description}${option.choices ? ` ${option.choices.join(', ')}` : ''}`;
  });
  return [
    `usage: ${usage.join(' ')}`,
    '',
    spec.summary,
    '',
    'options:',
    ...optionLines,
    '',
    ...spec.notes,
    '',
    'examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
