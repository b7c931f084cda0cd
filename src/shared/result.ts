// What every call across the bridge returns: a value, or an error's code and message (never a stack, never a
// secret). Handlers in the core throw AppError; the router turns that into this envelope.

/** The closed list of error codes: thrown by the core, sent by both bridges, shown by the renderer. */
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
  /**
   * A sync would send this user's secret (or cloud credentials) to a host they have not confirmed for this case's
   * source: a case made by someone else, or one whose source settings changed since. Nothing was sent.
   */
  'UNTRUSTED_SOURCE',
  /** The remote side refused the credential (401, 403 without a rate limit). */
  'AUTH',
  /** The remote side answered with an error that retrying cannot fix, or kept failing past the retry budget. */
  'REMOTE',
  /** The web bridge was called without its access token. */
  'UNAUTHORIZED',
  /** The renderer could not reach the web bridge, or it answered without a result. */
  'NETWORK',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResultError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };
