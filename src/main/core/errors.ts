// The core's one error type. Only `{ code, message }` crosses a process boundary, so messages must be complete
// sentences that name the file, line or field at fault — and must never contain a secret.

import type { ErrorCode } from '@shared/result';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'The operation was cancelled.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
