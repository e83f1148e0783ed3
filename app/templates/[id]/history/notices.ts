import type { ErrorCode } from "@/lib/errors";

/** Messages the History tab shows after a restore, by code (never text from the URL). */
export const HISTORY_ERRORS: Record<string, string> = {
  not_found: "That version is no longer there. Reload the history and try again.",
  conflict:
    "The file changed on GitHub since Allegro last synced it, or the template can no longer be changed here. Nothing was restored: wait for the sync, then try again.",
  invalid: "That version's text is not a valid template any more. Nothing was restored.",
  no_change: "That version's text is already the template's text (or the open proposal's). Nothing was proposed.",
  not_synced: "GitHub Sync cannot take proposals right now (see Settings → GitHub Sync). Nothing was proposed.",
  permission_missing:
    "The GitHub App may not write to the repository: an admin must grant it Contents and Pull requests write access on GitHub. Nothing was proposed.",
  unavailable: "GitHub could not be reached. Nothing was proposed: try again in a moment.",
};

/** The notice code for an error a restore threw. */
export function historyErrorCode(code: ErrorCode): string {
  switch (code) {
    case "not_found":
    case "conflict":
    case "no_change":
    case "not_synced":
    case "permission_missing":
      return code;
    case "validation":
    case "invalid_template":
      return "invalid";
    case "rate_limited":
    case "unavailable":
      return "unavailable";
    default:
      return "conflict";
  }
}

const digits = (value: string | string[] | undefined) =>
  typeof value === "string" && /^\d{1,18}$/.test(value) ? value : null;

export function historyNotice(search: {
  restored?: string | string[];
  proposed?: string | string[];
  error?: string | string[];
}) {
  const error = typeof search.error === "string" ? (HISTORY_ERRORS[search.error] ?? null) : null;
  return { restored: digits(search.restored), proposed: digits(search.proposed), error };
}
