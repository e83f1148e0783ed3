import { describe, expect, it } from "vitest";
import { planApply, type SyncedRow } from "@/lib/sync/apply-plan";
import { HELD_PATHS_KEPT, holdBack, parseHeldPlan } from "@/lib/sync/held-plan";
import { DEFAULT_SYNC_LIMITS } from "@/lib/sync/limits";

const synced = (count: number, deleted = 0): SyncedRow[] =>
  Array.from({ length: count + deleted }, (_, i) => ({
    id: BigInt(i + 1),
    syncSource: `t/${String(i).padStart(4, "0")}.json`,
    syncSha: `sha${i}`,
    deletedAt: i >= count ? new Date() : null,
  }));

describe("holdBack: the plan as the mass-delete guard sees it", () => {
  it("counts deletes against the synced templates that are not deleted, and keeps the first paths", () => {
    // 250 synced (and 5 already deleted), the branch emptied: every live one would be deleted.
    const templates = synced(250, 5);
    const plan = planApply([], templates, new Map());
    const held = holdBack(plan, templates, { limits: DEFAULT_SYNC_LIMITS, confirmed: false });
    expect(held).toMatchObject({ deleting: 250, synced: 250, more: 250 - HELD_PATHS_KEPT });
    expect(held!.paths).toHaveLength(HELD_PATHS_KEPT);
    expect(held!.paths[0]).toBe("t/0000.json");
    expect(held!.paths).toEqual([...held!.paths].sort());
    expect(parseHeldPlan(JSON.parse(JSON.stringify(held)))).toEqual(held);
  });

  it("lets through a plan under the threshold, and the very commit an admin confirmed", () => {
    const templates = synced(20);
    const keepHalf = templates.slice(0, 10).map((t) => ({
      path: t.syncSource,
      sha: t.syncSha,
      previousPath: null,
      fetched: false,
      problem: null,
    }));
    const half = planApply(keepHalf, templates, new Map());
    expect(half.deletes).toHaveLength(10);
    expect(holdBack(half, templates, { limits: DEFAULT_SYNC_LIMITS, confirmed: false })).toBeNull();
    const all = planApply([], templates, new Map());
    expect(holdBack(all, templates, { limits: DEFAULT_SYNC_LIMITS, confirmed: false })).not.toBeNull();
    expect(holdBack(all, templates, { limits: DEFAULT_SYNC_LIMITS, confirmed: true })).toBeNull();
  });

  it("reads a malformed stored plan as none", () => {
    expect(parseHeldPlan(null)).toBeNull();
    expect(parseHeldPlan({ deleting: "3" })).toBeNull();
  });
});
