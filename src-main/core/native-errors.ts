// The addon's coded errors as contract errors. Native codes pass through
// unchanged; the compiler checks that the two lists agree, so a new code in
// native/index.d.ts (ShmErrorCode) fails type-check until src-shared/errors.ts
// declares it, and a code removed from the addon fails until it goes there too.
import type { ShmErrorCode } from '../../native';
import { toContractError, type NativeErrorCode } from '../../src-shared/contract';

type Unmapped = Exclude<ShmErrorCode, NativeErrorCode>;
type Stale = Exclude<NativeErrorCode, ShmErrorCode>;
// Reads `true` when both lists agree; otherwise the error names the codes that differ.
const nativeCodesAgree: [Unmapped | Stale] extends [never] ? true : { unmapped: Unmapped; stale: Stale } = true;
void nativeCodesAgree;

/** Runs an addon call; its coded errors become ContractErrors with the same code (the one reviver, src-shared/errors.ts). */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toContractError(error);
  }
}
