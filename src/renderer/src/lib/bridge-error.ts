// A failed call as the renderer sees it: the core's error code (one of the shared closed list) and its message.
// Apart from bridge.ts, so that modules tested in plain Node (the panel loader) use it without the DOM.
import type { ErrorCode } from '@shared/result';

/** A failed call: the core's error code (USAGE for a query the parser refused) and its message, in words. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}

export const withdrawnError = (channel: string) =>
  new BridgeError('CANCELLED', `The ${channel} call was withdrawn: its answer is no longer wanted.`);

/** A call rejected because it was withdrawn (not a failure to show: whoever withdrew it wanted no answer). */
export function isWithdrawn(error: unknown): boolean {
  return isBridgeError(error) && error.code === 'CANCELLED';
}
