import { randomUUID } from "node:crypto";

type Op = { op: string; id?: string; name?: string; displayName?: string; data?: unknown; error?: unknown };
export type DriverAttempt = { status: number; ops?: Op[]; body?: unknown; retryAfter: string | null; noRetry: boolean };
export type StepFailure = {
  step: string;
  op: string;
  name: string;
  message: string;
  retryAfter: string | null;
  noRetry: boolean;
};
export type DriverResult = {
  status: "completed" | "failed";
  result?: unknown;
  error?: unknown;
  runId: string;
  stepsRun: string[];
  attempts: DriverAttempt[];
  failures: StepFailure[];
};

/**
 * Drives an Inngest function through the app's real serve endpoint the way the
 * Inngest executor does (dev mode): POST the event with the memoized step
 * results, record each StepRun op, call again until the run completes; a
 * failed call is retried with attempt + 1 (without waiting out retry-after:
 * tests assert it instead). `beforeCall` lets a test act between calls.
 */
export async function driveFunction(
  serveUrl: string,
  fnId: string,
  event: { name: string; data: Record<string, unknown> },
  {
    maxAttempts = 6,
    runId = `01TEST${randomUUID().replace(/-/g, "").slice(0, 20).toUpperCase()}`,
    beforeCall,
  }: { maxAttempts?: number; runId?: string; beforeCall?: (call: number) => Promise<void> | void } = {},
): Promise<DriverResult> {
  const fullEvent = { ...event, id: randomUUID(), ts: Date.now() };
  const steps: Record<string, { type: "data"; data: unknown }> = {};
  const stack: string[] = [];
  const stepsRun: string[] = [];
  const attempts: DriverAttempt[] = [];
  const failures: StepFailure[] = [];
  let attempt = 0;
  for (let call = 0; call < 200; call++) {
    await beforeCall?.(call);
    const response = await fetch(`${serveUrl}?fnId=${encodeURIComponent(fnId)}&stepId=step`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        event: fullEvent,
        events: [fullEvent],
        steps,
        ctx: { run_id: runId, attempt, stack: { stack, current: stack.length } },
      }),
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    const record: DriverAttempt = {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      noRetry: response.headers.get("x-inngest-no-retry") === "true",
      ...(response.status === 206 ? { ops: body as Op[] } : { body }),
    };
    attempts.push(record);

    if (response.status === 206) {
      const ops = body as Op[];
      const failed = ops.find((op) => op.op === "StepError" || op.op === "StepFailed");
      if (failed) {
        const error = (failed.error ?? {}) as { name?: string; message?: string };
        failures.push({
          step: failed.displayName ?? failed.name ?? "",
          op: failed.op,
          name: error.name ?? "",
          message: error.message ?? "",
          retryAfter: record.retryAfter,
          noRetry: record.noRetry,
        });
        if (record.noRetry || failed.op === "StepFailed" || ++attempt >= maxAttempts)
          return { status: "failed", error: failed.error, runId, stepsRun, attempts, failures };
        continue;
      }
      for (const op of ops) {
        if (op.op === "RunComplete")
          return { status: "completed", result: op.data, runId, stepsRun, attempts, failures };
        if (op.id && (op.op === "StepRun" || op.op === "Step")) {
          steps[op.id] = { type: "data", data: op.data ?? null };
          stack.push(op.id);
          stepsRun.push(op.displayName ?? op.name ?? op.id);
        }
      }
      attempt = 0;
      continue;
    }
    if (response.status === 200) return { status: "completed", result: body, runId, stepsRun, attempts, failures };
    failures.push({
      step: "",
      op: `HTTP ${response.status}`,
      name: (body as { name?: string })?.name ?? "",
      message: (body as { message?: string })?.message ?? "",
      retryAfter: record.retryAfter,
      noRetry: record.noRetry,
    });
    if (record.noRetry || ++attempt >= maxAttempts)
      return { status: "failed", error: body, runId, stepsRun, attempts, failures };
  }
  throw new Error("the run did not finish within 200 calls");
}
