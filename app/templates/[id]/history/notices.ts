/** Messages the History tab shows after a restore, by code (never text from the URL). */
export const HISTORY_ERRORS: Record<string, string> = {
  not_found: "That version is no longer there. Reload the history and try again.",
  synced:
    "This template is managed by GitHub: a restore opens a pull request with that text, which this server cannot do yet. Nothing was changed.",
  conflict: "This template can no longer be changed here. Nothing was restored.",
  invalid: "That version's text is not a valid template any more. Nothing was restored.",
};

export function historyNotice(search: { restored?: string | string[]; error?: string | string[] }) {
  const restored = typeof search.restored === "string" && /^\d{1,18}$/.test(search.restored) ? search.restored : null;
  const error = typeof search.error === "string" ? (HISTORY_ERRORS[search.error] ?? null) : null;
  return { restored, error };
}
