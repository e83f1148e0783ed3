import type { ConnectionState } from "./connection";

/** The connection card's badge: the state at a glance, with why and what to do. */
export type SyncStatusKind =
  "synced" | "syncing" | "needs_attention" | "suspended" | "broken" | "waiting" | "not_synced";

export type SyncStatus = { kind: SyncStatusKind; label: string; reason: string; fix: string | null };

export type StatusInput = {
  state: ConnectionState;
  accountLogin: string | null;
  brokenReason: string | null;
  waitingCount: number;
  lastSyncAt: string | null;
  invalidFiles: number;
  latestRun: { status: string; error: string | null; createdAt: Date } | null;
  /** When the newest sync request was made, and the time now: its run starts within a minute (debounce). */
  lastRequestAt: Date | null;
  now: Date;
};

/** Requests are debounced for at most a minute (SyncGitHubTemplates); past that, a missing run is not "syncing". */
const REQUEST_STARTS_WITHIN_MS = 2 * 60_000;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One status for a connection that has a repository (connected, suspended or broken). */
export function syncStatus(input: StatusInput): SyncStatus {
  const { state, latestRun } = input;
  if (state === "suspended")
    return {
      kind: "suspended",
      label: "Suspended",
      reason: `The GitHub App installation is suspended on ${input.accountLogin ?? "GitHub"}, so no sync runs.`,
      fix: "An owner of the account can unsuspend it in the installation’s settings on GitHub (Configure on GitHub).",
    };
  if (state === "broken")
    return {
      kind: "broken",
      label: "Broken",
      reason: input.brokenReason ?? "The repository can no longer be read.",
      // The recorded reason already says what to do (connection.ts); the form to choose again is below.
      fix: "Choose the repository again below once GitHub gives access to it, or choose another one.",
    };
  if (input.waitingCount > 0)
    return {
      kind: "waiting",
      label: "Waiting for Inngest",
      reason: `${plural(input.waitingCount, "sync is", "syncs are")} saved but the background job service (Inngest) is not taking work.`,
      fix: "Nothing to do here: they start on their own when it is back. If it lasts, ask whoever runs Allegro to check Inngest.",
    };
  if (latestRun && (latestRun.status === "queued" || latestRun.status === "running"))
    return { kind: "syncing", label: "Syncing", reason: "A sync is in progress.", fix: null };
  const { lastRequestAt, now } = input;
  if (
    lastRequestAt &&
    (!latestRun || latestRun.createdAt < lastRequestAt) &&
    now.getTime() - lastRequestAt.getTime() < REQUEST_STARTS_WITHIN_MS
  )
    return { kind: "syncing", label: "Syncing", reason: "A sync was requested and starts within a minute.", fix: null };
  if (latestRun?.status === "failed")
    return {
      kind: "needs_attention",
      label: "Needs attention",
      reason: `The latest sync failed: ${latestRun.error ?? "no reason was recorded."}`,
      fix: "Fix the cause named above, then use Sync Now (or push to the branch) to try again.",
    };
  if (latestRun?.status === "needs_confirmation")
    return {
      kind: "needs_attention",
      label: "Needs attention",
      reason: "The latest sync would delete many templates, so nothing was applied.",
      fix: "Check the plan under “A sync needs your confirmation”, then Apply anyway or Keep current templates.",
    };
  if (input.invalidFiles > 0)
    return {
      kind: "needs_attention",
      label: "Needs attention",
      reason: `${plural(input.invalidFiles, "file is", "files are")} not a valid template; the other files were synced.`,
      fix: "Correct the files listed under “Last sync errors” and push: the next sync picks them up.",
    };
  if (!input.lastSyncAt)
    return { kind: "not_synced", label: "Not synced yet", reason: "No sync has completed yet.", fix: "Use Sync Now." };
  return { kind: "synced", label: "Synced", reason: "The templates match the branch’s last synced commit.", fix: null };
}
