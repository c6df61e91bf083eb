// --offset/--length against a block's size: the same range rules the core applies, checked before reading.
import type { BlockInfo } from '../../../src-shared/contract';
import { integerOption, type Parsed } from '../args';
import { CliError, EXIT } from '../session';

/** Checks --offset/--length before a block is opened (a usage error must not depend on the block). */
export function rangeOptions(parsed: Parsed): void {
  integerOption(parsed, 'offset');
  integerOption(parsed, 'length');
}

export function rangeOf(parsed: Parsed, block: BlockInfo, maxLength = Number.MAX_SAFE_INTEGER): { offset: number; length: number } {
  const offset = integerOption(parsed, 'offset') ?? 0;
  if (offset > block.size)
    throw new CliError('ERR_SHM_RANGE', `--offset ${offset} is past the end of the block (${block.size} bytes)`, EXIT.usage);
  const length = integerOption(parsed, 'length') ?? Math.min(block.size - offset, maxLength);
  if (offset + length > block.size) {
    throw new CliError('ERR_SHM_RANGE', `--offset ${offset} --length ${length} ends past the block (${block.size} bytes)`, EXIT.usage);
  }
  return { offset, length };
}
