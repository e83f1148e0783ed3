import { describe, expect, it } from "vitest";
import { parseEnv, EnvError } from "@/lib/env";
import { deleteGuardMessage, tripsDeleteGuard } from "@/lib/sync/delete-guard";
import { DEFAULT_SYNC_LIMITS } from "@/lib/sync/limits";

describe("the mass-delete guard", () => {
  const trips = (deleting: number, synced: number) => tripsDeleteGuard({ deleting, synced }, DEFAULT_SYNC_LIMITS);

  it("holds back a plan deleting more than half of the synced templates, and at least 10", () => {
    expect(trips(11, 20)).toBe(true);
    expect(trips(10, 19)).toBe(true);
    expect(trips(10, 20)).toBe(false); // exactly half
    expect(trips(9, 12)).toBe(false); // more than half, but fewer than 10
    expect(trips(400, 1000)).toBe(false);
  });

  it("holds back a plan deleting every synced template, however few", () => {
    expect(trips(1, 1)).toBe(true);
    expect(trips(3, 3)).toBe(true);
    expect(trips(0, 0)).toBe(false);
    expect(trips(0, 5)).toBe(false);
  });

  it("follows the deployment's threshold", () => {
    const strict = { deleteGuardPercent: 10, deleteGuardMinimum: 2 };
    expect(tripsDeleteGuard({ deleting: 2, synced: 10 }, strict)).toBe(true);
    expect(tripsDeleteGuard({ deleting: 1, synced: 10 }, strict)).toBe(false);
  });

  it("says what would be deleted and that nothing was applied", () => {
    expect(deleteGuardMessage({ deleting: 12, synced: 20 })).toMatch(
      /^This change would delete 12 of the 20 synced templates\. Nothing was applied/,
    );
    expect(deleteGuardMessage({ deleting: 1, synced: 1 })).toMatch(
      /^This change would delete all 1 synced template\. /,
    );
  });
});

describe("SYNC_DELETE_GUARD_* variables", () => {
  const base = { DATABASE_URL: "postgresql://x/y", SESSION_SECRET: "s".repeat(32) };
  it("set the threshold, and are refused when out of range", () => {
    expect(parseEnv({ ...base, SYNC_DELETE_GUARD_PERCENT: "25", SYNC_DELETE_GUARD_MINIMUM: "3" }).syncLimits).toEqual({
      deleteGuardPercent: 25,
      deleteGuardMinimum: 3,
    });
    expect(() => parseEnv({ ...base, SYNC_DELETE_GUARD_PERCENT: "150" })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, SYNC_DELETE_GUARD_PERCENT: "150" })).toThrow(
      /SYNC_DELETE_GUARD_PERCENT must be at most 100/,
    );
    expect(() => parseEnv({ ...base, SYNC_DELETE_GUARD_MINIMUM: "0" })).toThrow(
      /SYNC_DELETE_GUARD_MINIMUM must be a positive whole number/,
    );
  });
});
