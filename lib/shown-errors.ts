import { loggerFor } from "./observability/logger";

/**
 * What admins see when something failed on our side (recent deliveries, the waiting banner,
 * run errors): a code and a sentence. The exception itself, which can name internal hosts and
 * ports, goes to the server log only.
 */
export const SHOWN_ERRORS = {
  delivery_failed:
    "Processing this delivery failed on our side; the server log has the details. Redeliver it from GitHub to try again.",
  jobs_unreachable:
    "The background job service did not accept the request; it is retried automatically. The server log has the details.",
  sync_failed: "The sync failed on our side after its retries; the server log has the details.",
} as const;

export type ShownErrorCode = keyof typeof SHOWN_ERRORS;

/** "code: sentence", as stored in the columns the settings page shows. */
export const shownError = (code: ShownErrorCode) => `${code}: ${SHOWN_ERRORS[code]}`;

/** Error classes whose messages are our own sentences (written for admins): shown as they are. */
const OWN_SENTENCES = new Set(["PermanentSyncError", "NonRetriableError", "RetryAfterError", "GithubAnswered"]);

/**
 * The message to store for `error`: our own sentences as they are, anything else (a driver's or
 * the network's exception text) as the code's sentence, after logging the exception under `component`.
 */
export function shownMessageOf(error: unknown, code: ShownErrorCode, component: string, fields: object = {}): string {
  if (error instanceof Error && OWN_SENTENCES.has(error.name)) return error.message;
  loggerFor(component).error({ ...fields, err: error, shown: code }, SHOWN_ERRORS[code]);
  return shownError(code);
}
