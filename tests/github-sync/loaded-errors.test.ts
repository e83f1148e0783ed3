import { describe, expect, it } from "vitest";
import { keepLoadedErrors, parseRunErrorsAnswer, withRunErrors } from "@/app/settings/github-sync/loaded-errors";
import type { SyncHistory, SyncRunView } from "@/lib/sync/history";

const error = (path: string) => ({ path, message: "Invalid JSON", url: `https://github.test/o/r/blob/abc/${path}` });

function run(id: string, errors: SyncRunView["errors"], errorCount: number, errorsIncluded: boolean): SyncRunView {
  return {
    id,
    reason: "push",
    status: errorCount ? "succeeded_with_errors" : "succeeded",
    commit: null,
    commitUrl: null,
    commitMessage: null,
    commitAuthor: null,
    counts: { created: 0, updated: 0, moved: 0, deleted: 0, unchanged: 0, invalid: errorCount },
    githubRequests: 0,
    githubNotModified: 0,
    durationMs: 1,
    error: null,
    errors,
    errorsIncluded,
    errorCount,
    createdAt: "2026-12-06T00:00:00.000Z",
    finishedAt: null,
    inngestUrl: null,
  };
}
const history = (...runs: SyncRunView[]): SyncHistory => ({ runs, nextManualSyncAt: null });

describe("the settings panel's loaded errors", () => {
  it("puts a run's loaded errors on that run only, marking them included", () => {
    const before = history(run("3", [error("a.json")], 1, true), run("2", [], 5000, false), run("1", [], 7, false));
    const after = withRunErrors(before, "2", { errors: [error("b.json")], error_count: 5000 });
    expect(after.runs.map((r) => [r.id, r.errors.map((e) => e.path), r.errorsIncluded])).toEqual([
      ["3", ["a.json"], true],
      ["2", ["b.json"], true],
      ["1", [], false],
    ]);
  });

  it("keeps loaded and once-sent errors through a poll that sends them for the newest run with errors only", () => {
    const held = history(
      run("3", [error("a.json")], 1, true),
      run("2", [error("b.json")], 5000, true),
      run("1", [], 7, false),
    );
    // A new run with errors: the poll now sends none for runs 3 and 2.
    const polled = history(
      run("4", [error("c.json")], 1, true),
      run("3", [], 1, false),
      run("2", [], 5000, false),
      run("1", [], 7, false),
    );
    const kept = keepLoadedErrors(held, polled);
    expect(kept.runs.map((r) => [r.id, r.errors.map((e) => e.path), r.errorsIncluded, r.errorCount])).toEqual([
      ["4", ["c.json"], true, 1],
      ["3", ["a.json"], true, 1],
      ["2", ["b.json"], true, 5000],
      ["1", [], false, 7],
    ]);
  });

  it("takes what the poll sends over what it held, and holds nothing for runs without errors", () => {
    const held = history(run("2", [], 0, true));
    const polled = history(run("2", [error("late.json")], 1, true));
    expect(keepLoadedErrors(held, polled).runs[0]!.errors.map((e) => e.path)).toEqual(["late.json"]);
  });

  it("reads only answers of the route's shape", () => {
    expect(parseRunErrorsAnswer({ errors: [error("a.json")], error_count: 3 })).toEqual({
      errors: [error("a.json")],
      error_count: 3,
    });
    for (const body of [
      null,
      "x",
      {},
      { errors: [] },
      { errors: {}, error_count: 1 },
      { errors: [{ path: 1 }], error_count: 1 },
    ])
      expect(parseRunErrorsAnswer(body), JSON.stringify(body)).toBeNull();
  });
});
