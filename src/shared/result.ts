// What every call across the bridge returns: a value, or an error's code and message (never a stack, never a
// secret). Handlers in the core throw AppError; the router turns that into this envelope.

export interface ResultError {
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };
