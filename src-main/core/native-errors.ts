// The addon's coded errors as contract errors. Native codes pass through
// unchanged; the compiler checks that the two lists agree, so a new code in
// native/index.d.ts (ShmErrorCode) fails type-check until src-shared/errors.ts
// declares it, and a code removed from the addon fails until it goes there too.
import type { ShmErrorCode } from '../../native';
import { ContractError, isErrorCode, isNativeErrorCode, type NativeErrorCode } from '../../src-shared/contract';

type Unmapped = Exclude<ShmErrorCode, NativeErrorCode>;
type Stale = Exclude<NativeErrorCode, ShmErrorCode>;
// Reads `true` when both lists agree; otherwise the error names the codes that differ.
const nativeCodesAgree: [Unmapped | Stale] extends [never] ? true : { unmapped: Unmapped; stale: Stale } = true;
void nativeCodesAgree;

/** Runs an addon call; its coded errors become ContractErrors with the same code. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toContractError(error);
  }
}

/**
 * Anything thrown, as a ContractError: ours stay as they are, the addon's keep
 * their code. Anything else is ERR_INTERNAL, and a code this build does not
 * know (an addon newer than the TypeScript) is named in the message, not lost.
 */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (isNativeErrorCode(code)) return new ContractError(code, message);
  if (typeof code === 'string' && code.startsWith('ERR_') && !isErrorCode(code)) {
    return new ContractError('ERR_INTERNAL', `${message} (the addon's code ${code.slice(0, 64)} is not in the contract)`);
  }
  return new ContractError('ERR_INTERNAL', message);
}
