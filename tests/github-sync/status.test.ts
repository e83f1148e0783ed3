import { describe, expect, it } from "vitest";
import { syncStatus, type StatusInput } from "@/lib/github-sync/status";

const now = new Date("2026-11-28T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const base: StatusInput = {
  state: "connected",
  accountLogin: "acme",
  brokenReason: null,
  waitingCount: 0,
  lastSyncAt: ago(60_000).toISOString(),
  invalidFiles: 0,
  latestRun: { status: "succeeded", error: null, createdAt: ago(60_000) },
  lastRequestAt: ago(61_000),
  now,
};
const kind = (change: Partial<StatusInput>) => syncStatus({ ...base, ...change }).kind;

describe("the connection's status", () => {
  it("is Synced after a clean run, whatever older requests there were", () => {
    expect(syncStatus(base)).toMatchObject({ kind: "synced", label: "Synced", fix: null });
  });

  it("puts what stops syncing first: suspended, then broken, then requests waiting for Inngest", () => {
    expect(kind({ state: "suspended", waitingCount: 2 })).toBe("suspended");
    expect(syncStatus({ ...base, state: "broken", brokenReason: "Gone." })).toMatchObject({
      kind: "broken",
      reason: "Gone.",
    });
    expect(syncStatus({ ...base, waitingCount: 2 })).toMatchObject({
      kind: "waiting",
      label: "Waiting for Inngest",
      reason: expect.stringContaining("2 syncs are saved"),
    });
  });

  it("is Syncing while a run is queued or running, or a request was made and its run has not started yet", () => {
    expect(kind({ latestRun: { status: "running", error: null, createdAt: ago(1000) } })).toBe("syncing");
    expect(kind({ lastRequestAt: ago(5_000) })).toBe("syncing");
    // A request older than the debounce allows is not pretended to be starting.
    expect(kind({ lastRequestAt: ago(5 * 60_000), latestRun: null, lastSyncAt: null })).toBe("not_synced");
    // A run that started after the request answered it.
    expect(kind({ lastRequestAt: ago(61_000) })).toBe("synced");
  });

  it("needs attention while the mass-delete guard holds the latest sync back, and says where to decide", () => {
    expect(
      syncStatus({
        ...base,
        latestRun: { status: "needs_confirmation", error: "This change would delete…", createdAt: ago(1000) },
      }),
    ).toMatchObject({
      kind: "needs_attention",
      reason: expect.stringContaining("nothing was applied"),
      fix: expect.stringContaining("Apply anyway or Keep current templates"),
    });
    expect(kind({ latestRun: { status: "kept_current", error: null, createdAt: ago(1000) } })).toBe("synced");
  });

  it("needs attention when the latest run failed, even though an earlier sync succeeded", () => {
    expect(
      syncStatus({ ...base, latestRun: { status: "failed", error: "Branch main is gone.", createdAt: ago(1000) } }),
    ).toMatchObject({ kind: "needs_attention", reason: "The latest sync failed: Branch main is gone." });
    expect(syncStatus({ ...base, invalidFiles: 1 })).toMatchObject({
      kind: "needs_attention",
      reason: expect.stringMatching(/^1 file is not a valid template/),
    });
  });
});
