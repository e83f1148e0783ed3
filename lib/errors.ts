import { loggerFor } from "./observability/logger";

/** The one error taxonomy of the app; `toErrorResponse` maps it to HTTP in one place. */
export type ErrorCode =
  | "validation"
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "cross_site"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  /** A service we depend on (GitHub App configuration, the job queue) is not available. */
  | "unavailable"
  // Proposals (lib/proposals): the codes issue 21's API names.
  | "invalid_template"
  | "no_change"
  | "not_synced"
  | "permission_missing";

const STATUS: Record<ErrorCode, number> = {
  validation: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  cross_site: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  invalid_template: 422,
  no_change: 422,
  not_synced: 409,
  permission_missing: 403,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function toErrorResponse(error: unknown, context = "request"): Response {
  if (error instanceof AppError) {
    const headers: HeadersInit = {};
    const retryAt = error.details?.retryAt;
    if (error.code === "rate_limited" && typeof retryAt === "string") {
      headers["retry-after"] = String(Math.max(1, Math.ceil((Date.parse(retryAt) - Date.now()) / 1000)));
    }
    return Response.json(
      { error: { code: error.code, message: error.message, ...error.details } },
      { status: error.status, headers },
    );
  }
  loggerFor("http").error({ err: error, context }, "unhandled error");
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}
