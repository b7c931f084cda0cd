// The core's one error type. Only `{ code, message }` crosses a process boundary, so messages must be complete
// sentences that name the file, line or field at fault — and must never contain a secret.

export const ERROR_CODES = [
  'USAGE',
  'CASE_NOT_FOUND',
  'CASE_EXISTS',
  'CASE_LOCKED',
  'CASE_INVALID',
  'SCHEMA_TOO_NEW',
  'READ_ONLY',
  'IO',
  'FORMAT_UNKNOWN',
  'CANCELLED',
  /** A request across the bridge that fails its schema (the renderer is untrusted). */
  'INVALID_REQUEST',
  /** A call from a window or origin Trailscope did not open. */
  'FORBIDDEN',
  'SOURCE_NOT_FOUND',
  /** A secret the source refers to is not there (an unset environment variable, a missing keychain entry). */
  'SECRET_MISSING',
  /** The remote side refused the credential (401, 403 without a rate limit). */
  'AUTH',
  /** The remote side answered with an error that retrying cannot fix, or kept failing past the retry budget. */
  'REMOTE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
