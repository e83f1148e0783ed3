export type RunEvent = { name: string; data: Record<string, unknown>; id: string; ts: number; user?: unknown };
export type RunStatus = "queued" | "running" | "waiting-retry" | "completed" | "failed" | "cancelled";
export type RunError = { name: string; message: string; stack?: string };

/** One request to the app: what the runs page lists as a step (or as a failed attempt of one). */
export type StepRecord = {
  id: string;
  name: string;
  attempt: number;
  startedAt: number;
  durationMs: number;
  output?: unknown;
  error?: RunError;
};

/** A function run as the executor keeps it (in memory: a development and test tool). */
export type Run = {
  id: string;
  fnId: string;
  fnName: string;
  event: RunEvent;
  status: RunStatus;
  queuedAt: number;
  endedAt?: number;
  steps: StepRecord[];
  /** Every request to the app, for tests: when it started and ended, and what came back. */
  calls: { startedAt: number; endedAt: number; status: number; attempt: number }[];
  output?: unknown;
  error?: RunError;
  replayOf?: string;
};

let counter = 0;
/** Run ids sort by creation time, like Inngest's ULIDs. */
export function newRunId(): string {
  const time = Date.now().toString(36).toUpperCase().padStart(10, "0");
  const sequence = (counter++).toString(36).toUpperCase().padStart(6, "0");
  return `01L${time}${sequence}${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
}

export function toRunError(value: unknown): RunError {
  const error = (value ?? {}) as Partial<RunError> & { error?: string };
  return {
    name: typeof error.name === "string" ? error.name : "Error",
    message: typeof error.message === "string" ? error.message : (error.error ?? JSON.stringify(value)),
    ...(typeof error.stack === "string" ? { stack: error.stack } : {}),
  };
}
