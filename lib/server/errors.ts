/**
 * Errors that carry a code and an HTTP status. Use-cases throw them; `lib/http/handler.ts` maps them
 * to `{ error: { code, message, fields? } }` responses. Messages are written for the person who
 * will read them: what went wrong and what to do.
 */
export type AppErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "conflict"
  | "gone"
  | "version_conflict"
  | "setup_done"
  | "payload_too_large"
  | "bad_request"
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  setup_done: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  version_conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  bad_request: 400,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  /** Field path → messages, for forms. */
  readonly fields?: Record<string, string[]>;
  /** Extra machine-readable detail (e.g. the current version on a conflict). */
  readonly details?: unknown;

  constructor(code: AppErrorCode, message: string, extra: { fields?: Record<string, string[]>; details?: unknown } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = STATUS[code];
    this.fields = extra.fields;
    this.details = extra.details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
