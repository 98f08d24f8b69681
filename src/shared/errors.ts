/**
 * The one error type of Recourse. Every failure a user can cause or see carries one of a closed
 * list of codes; the HTTP status and the CLI exit code are mapped from the code here and nowhere
 * else.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_file'
  | 'unauthenticated'
  | 'forbidden'
  | 'payload_too_large'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'compliance_blocked'
  | 'data_dir_locked'
  | 'config_invalid'
  | 'key_mismatch'
  | 'internal';

const httpStatus: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_file: 400,
  // no valid session or token: sign in
  unauthenticated: 401,
  // signed in, but the role lacks the permission or the data is outside the user's scope
  forbidden: 403,
  payload_too_large: 413,
  // too many requests, or too many failed sign-ins: details say when to try again
  rate_limited: 429,
  not_found: 404,
  conflict: 409,
  // the compliance gate refused a contact: details list every blocking rule with its source
  compliance_blocked: 422,
  data_dir_locked: 503,
  config_invalid: 500,
  key_mismatch: 500,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details ?? null;
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The response body for an error, in the shape every API route uses. */
export function errorBody(e: AppError): {
  error: { code: ErrorCode; message: string; details: unknown };
} {
  return { error: { code: e.code, message: e.message, details: e.details } };
}
