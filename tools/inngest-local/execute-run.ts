import { retryAfterMs } from "./duration";
import type { RegisteredFunction } from "./registry";
import { toRunError, type Run, type RunError } from "./run-state";

type Op = { op: string; id?: string; name?: string; displayName?: string; data?: unknown; error?: unknown };
type StepState = Record<string, { type: "data"; data: unknown } | { type: "error"; error: unknown }>;

export type RunControl = {
  /** Takes the run's concurrency slots for one request; resolves to their release. */
  acquireSlots: () => Promise<() => void>;
  /** Delay before retry `attempt` (1-based) when the app gave no retry-after. */
  backoffMs: (attempt: number) => number;
  /** Resolves after `ms`, or as soon as the run is cancelled. */
  sleep: (ms: number) => Promise<void>;
  cancelled: () => boolean;
};

export type RunOutcome =
  { status: "completed"; output: unknown } | { status: "failed"; error: RunError } | { status: "cancelled" };

/**
 * Executes one run through the app's serve endpoint with Inngest's protocol:
 * POST the event with the memoized step state, store each step's result and
 * call again; an error is retried (attempt + 1) after the backoff or the
 * retry-after the app gave, until the function's retries are spent; a
 * NonRetriableError (x-inngest-no-retry) or a final StepFailed ends it.
 * Cancellation is checked between requests: a step that already started finishes.
 */
export async function executeRun(fn: RegisteredFunction, run: Run, control: RunControl): Promise<RunOutcome> {
  const steps: StepState = {};
  const stack: string[] = [];
  const maxAttempts = fn.retries + 1;
  let attempt = 0;
  let plannedStep: string | undefined;

  for (;;) {
    if (control.cancelled()) return { status: "cancelled" };
    const release = await control.acquireSlots();
    if (control.cancelled()) {
      release();
      return { status: "cancelled" };
    }
    run.status = "running";
    const startedAt = Date.now();
    let response: Response;
    let body: unknown;
    try {
      const url = new URL(fn.stepUrl);
      url.searchParams.set("stepId", plannedStep ?? "step");
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          event: run.event,
          events: [run.event],
          steps,
          ctx: { run_id: run.id, attempt, max_attempts: maxAttempts, stack: { stack, current: stack.length } },
        }),
      });
      const text = await response.text();
      body = text ? JSON.parse(text) : null;
    } catch (error) {
      response = new Response(null, { status: 599 });
      body = { name: "FetchError", message: `the app could not be reached: ${(error as Error).message}` };
    } finally {
      release();
    }
    const endedAt = Date.now();
    run.calls.push({ startedAt, endedAt, status: response.status, attempt });
    const record = (name: string, id: string, fields: { output?: unknown; error?: RunError }) =>
      run.steps.push({ id, name, attempt, startedAt, durationMs: endedAt - startedAt, ...fields });

    let failure: { error: RunError; final: boolean } | undefined;
    if (response.status === 206) {
      plannedStep = undefined;
      for (const op of body as Op[]) {
        const name = op.displayName ?? op.name ?? op.id ?? op.op;
        if (op.op === "RunComplete") return { status: "completed", output: op.data };
        if ((op.op === "StepRun" || op.op === "Step") && op.id) {
          steps[op.id] = { type: "data", data: op.data ?? null };
          stack.push(op.id);
          record(name, op.id, { output: op.data });
          attempt = 0;
        } else if (op.op === "StepFailed" && op.id) {
          // Final for this step: its error goes into the state so the function may catch it.
          steps[op.id] = { type: "error", error: op.error };
          stack.push(op.id);
          record(name, op.id, { error: toRunError(op.error) });
          attempt = 0;
        } else if (op.op === "StepError") {
          record(name, op.id ?? "", { error: toRunError(op.error) });
          failure = { error: toRunError(op.error), final: false };
        } else if (op.op === "StepPlanned" && op.id) {
          plannedStep = op.id;
        } else {
          const error = { name: "UnsupportedOpError", message: `inngest-local does not support the ${op.op} op` };
          record(name, op.id ?? "", { error });
          return { status: "failed", error };
        }
      }
    } else if (response.status === 200) {
      return { status: "completed", output: body };
    } else {
      failure = { error: toRunError(body), final: false };
      record("function", "", { error: failure.error });
    }
    if (!failure) continue;

    const noRetry = response.headers.get("x-inngest-no-retry") === "true";
    if (noRetry || attempt + 1 >= maxAttempts) return { status: "failed", error: failure.error };
    const header = response.headers.get("retry-after");
    const delay = (header ? retryAfterMs(header) : null) ?? control.backoffMs(attempt + 1);
    attempt++;
    run.status = "waiting-retry";
    await control.sleep(delay);
  }
}
