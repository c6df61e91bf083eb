// A host's refusal in the window's words (src-renderer/src/lib/userMessage.ts).
import { describe, expect, it } from 'vitest';
import { ContractError } from '../../src-renderer/src/contract';
import { describeForUser } from '../../src-renderer/src/lib/userMessage';

describe('describeForUser', () => {
  it("names the window's control for a block it may not write (issue 23: it named an API field)", () => {
    const refusal = new ContractError(
      'ERR_SHM_UNSAFE',
      'refused to open /dev/shm/x read-write: its mode 0666 lets every user write it; open it read-only to look at it',
    );
    expect(describeForUser(refusal)).toBe(
      'Refused to open /dev/shm/x read-write: its mode 0666 lets every user write it; open it read-only to look at it. ' +
        'To look at it, tick "Read-only" in the Open form, or open it from the Blocks list. (ERR_SHM_UNSAFE)',
    );
  });

  it('adds nothing to a refusal that names no control', () => {
    expect(describeForUser(new ContractError('ERR_SHM_NOT_FOUND', 'no block named x'))).toBe('No block named x. (ERR_SHM_NOT_FOUND)');
  });
});
