import type { SyncHistory, SyncRunView } from "@/lib/sync/history";

/** What GET /api/github-sync/runs/:id/errors answers. */
export type RunErrorsAnswer = { errors: SyncRunView["errors"]; error_count: number };

/** Reads the route's answer, refusing anything of another shape. */
export function parseRunErrorsAnswer(body: unknown): RunErrorsAnswer | null {
  if (typeof body !== "object" || body === null) return null;
  const { errors, error_count } = body as Record<string, unknown>;
  if (!Array.isArray(errors) || typeof error_count !== "number") return null;
  const valid = errors.every(
    (e) => typeof e === "object" && e !== null && typeof e.path === "string" && typeof e.message === "string",
  );
  return valid ? { errors: errors as RunErrorsAnswer["errors"], error_count } : null;
}

/** The history with one run's errors loaded from its own route. */
export function withRunErrors(history: SyncHistory, runId: string, answer: RunErrorsAnswer): SyncHistory {
  return {
    ...history,
    runs: history.runs.map((run) =>
      run.id === runId
        ? {
            ...run,
            errors: answer.errors,
            errorCount: Math.max(run.errorCount, answer.error_count),
            errorsIncluded: true,
          }
        : run,
    ),
  };
}

/**
 * A polled history keeps the errors the panel already holds: the poll sends them for the newest
 * run with errors only, and a run's stored errors never change once it has them.
 */
export function keepLoadedErrors(previous: SyncHistory, next: SyncHistory): SyncHistory {
  const held = new Map(previous.runs.filter((r) => r.errorsIncluded && r.errors.length > 0).map((r) => [r.id, r]));
  return {
    ...next,
    runs: next.runs.map((run) => {
      const old = held.get(run.id);
      return !run.errorsIncluded && old ? { ...run, errors: old.errors, errorsIncluded: true } : run;
    }),
  };
}
