// Every failure the renderer sees is a ContractError with a stable code: the
// contract client revives the host's (the code travels as data in the
// outcome envelope) and reports an undelivered call as ERR_UNAVAILABLE. These
// helpers only name what the UI shows.
import { ContractError, isErrorCode } from '../contract';

/** Anything thrown, as a ContractError: a ContractError as it is, a plain { code, message } by its code, anything else ERR_INTERNAL. */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  if (error !== null && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    return new ContractError(isErrorCode(code) ? code : 'ERR_INTERNAL', text);
  }
  return new ContractError('ERR_INTERNAL', String(error));
}

/** One line for the UI: the message, then the code users can search for. */
export function describeError(error: unknown): string {
  const e = toContractError(error);
  return `${e.message} (${e.code})`;
}
