// Every failure the renderer sees is a ContractError with a stable code, be it
// refused by the host (CallOutcome ok:false) or never delivered (ERR_UNAVAILABLE).
import { ContractError, type CallOutcome, type ErrorCode } from '../contract';

export function unavailable(message: string): ContractError {
  return new ContractError('ERR_UNAVAILABLE', message);
}

/** Unwraps the envelope: the value, or the host's error as a ContractError. */
export function unwrapOutcome<T>(outcome: CallOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  return throwContractError(outcome.error.code, outcome.error.message);
}

function throwContractError(code: ErrorCode, message: string): never {
  throw new ContractError(code, message);
}

export function isCallOutcome(value: unknown): value is CallOutcome<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const ok = (value as { ok?: unknown }).ok;
  if (ok === true) return 'value' in value;
  if (ok === false) {
    const error = (value as { error?: unknown }).error;
    return error !== null && typeof error === 'object' && 'code' in error && 'message' in error;
  }
  return false;
}

const CODE_PREFIX = /^(?:Error invoking remote method '[^']*': )?(?:\w*Error: )?(ERR_[A-Z_]+)[:\s]\s*(.*)$/s;

/**
 * Turns anything thrown into { code, message }. Errors that crossed Electron's
 * bridge may keep only their message, so a leading `ERR_XXX:` is read back.
 */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  if (error !== null && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    if (typeof code === 'string' && code.startsWith('ERR_')) return new ContractError(code as ErrorCode, text);
    const match = CODE_PREFIX.exec(text);
    if (match) return new ContractError(match[1] as ErrorCode, match[2] ?? text);
    return new ContractError('ERR_INTERNAL', text);
  }
  return new ContractError('ERR_INTERNAL', String(error));
}

/** One line for the UI: the message, then the code users can search for. */
export function describeError(error: unknown): string {
  const e = toContractError(error);
  return `${e.message} (${e.code})`;
}
