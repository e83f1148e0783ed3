import { describe, expect, it } from "vitest";
import { backoffMs } from "../../tools/inngest-local/backoff";
import { ReplayRefusedError } from "../../tools/inngest-local/executor";
import { parseRegistration } from "../../tools/inngest-local/registry";
import { eventually } from "../helpers/eventually";
import { gate, startSdkApp } from "./sdk-app";

const step = { runtime: { url: "http://127.0.0.1:1/api/inngest?fnId=app-f&stepId=step" } };
const register = (extra: Record<string, unknown>) =>
  parseRegistration({
    appName: "app",
    functions: [{ id: "app-f", triggers: [{ event: "e" }], steps: { step }, ...extra }],
  });

describe("registration", () => {
  it("refuses every option it does not implement, naming the option and the function", () => {
    const unsupported = {
      batchEvents: { maxSize: 10, timeout: "5s" },
      priority: { run: "event.data.priority" },
      timeouts: { start: "1m" },
      singleton: { key: "event.data.id", mode: "skip" },
      someFutureOption: { enabled: true },
    };
    for (const [option, value] of Object.entries(unsupported))
      expect(() => register({ [option]: value }), option).toThrow(
        new RegExp(`does not implement the "${option}" option \\(function app-f\\)`),
      );
    // Options the SDK sends as null or leaves out are not options at all.
    expect(register({ priority: null, timeouts: undefined })[0]!.id).toBe("app-f");
  });

  it("reads cancelOn, throttle and idempotency, and defaults retries to Inngest's 4", () => {
    const [fn] = register({
      cancel: [{ event: "stop", if: "async.data.id == event.data.id", timeout: "1h" }],
      throttle: { key: "event.data.org", limit: 2, period: "1m" },
      idempotency: "event.data.userId",
    });
    expect(fn).toMatchObject({
      retries: 4,
      cancel: [{ event: "stop", expression: "async.data.id == event.data.id", timeoutMs: 3_600_000 }],
      throttle: { key: "event.data.org", limit: 2, periodMs: 60_000, burst: 1 },
      idempotency: "event.data.userId",
    });
    // `async` is the incoming event: only a cancelOn filter may name it.
    expect(() => register({ triggers: [{ event: "e", expression: "async.data.id == 1" }] })).toThrow(/cannot evaluate/);
  });

  it("an app registering an unsupported option through the SDK is refused with its name", async () => {
    const app = await startSdkApp((inngest) => [
      inngest.createFunction(
        { id: "prioritised", triggers: [{ event: "test/go" }], priority: { run: "event.data.p" } },
        async () => "done",
      ),
    ]);
    try {
      await expect(app.sync()).rejects.toThrow(/"priority" option \(function executor-semantics-prioritised\)/);
    } finally {
      await app.stop();
    }
  });
});

describe("retries", () => {
  it("follows Inngest's backoff table, with 0 to 30 s of jitter", () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((retry) => backoffMs(retry, 1, none) / 1000)).toEqual([
      15, 30, 60, 120, 300, 600, 1_200, 2_400, 3_600, 7_200,
    ]);
    expect(backoffMs(25, 1, none)).toBe(7_200_000);
    expect(backoffMs(1, 1, () => 0.5)).toBe(30_000);
    expect(backoffMs(1, 1, () => 0.999_999)).toBeLessThan(45_000);
    expect(backoffMs(2, 0.01, none)).toBe(300);
  });

  it("retries a function that declares no retries 4 times, waiting the table's backoff, then runs onFailure", async () => {
    let calls = 0;
    const app = await startSdkApp(
      (inngest) => [
        inngest.createFunction(
          { id: "always-fails", triggers: [{ event: "test/go" }], onFailure: async () => "handled" },
          async ({ step }) =>
            step.run("flaky", () => {
              calls++;
              throw new Error("nope");
            }),
        ),
      ],
      { retryScale: 0.01 },
    );
    try {
      await app.sync();
      app.send("test/go", {});
      await app.executor.waitForIdle();
      const [run] = app.runsOf("always-fails");
      expect(run).toMatchObject({ status: "failed", error: { message: "nope" } });
      expect(calls).toBe(5); // the first attempt and 4 retries
      const attempts = run!.steps.filter((s) => s.name === "flaky");
      const gap = (i: number) => attempts[i + 1]!.startedAt - (attempts[i]!.startedAt + attempts[i]!.durationMs);
      // 15 s, 30 s, 1 m, 2 m scaled by 0.01 (jitter fixed at 0): never sooner.
      [150, 300, 600, 1_200].forEach((least, i) => expect(gap(i)).toBeGreaterThanOrEqual(least));
      expect(app.runsOf("always-fails-failure")).toMatchObject([{ status: "completed", output: "handled" }]);
    } finally {
      await app.stop();
    }
  });

  it("a fault in the executor itself fails the run and sends inngest/function.failed, so onFailure runs", async () => {
    let corrupted = false;
    const app = await startSdkApp(
      (inngest) => [
        inngest.createFunction(
          { id: "crashes", triggers: [{ event: "test/go" }], onFailure: async () => "handled" },
          async ({ step }) => step.run("one", () => 1),
        ),
      ],
      {
        // A proxy that answers the run's first call with a 206 whose body is not a list of ops.
        intercept(req, res, next) {
          if (req.method !== "POST" || !req.url?.includes("fnId=executor-semantics-crashes&") || corrupted)
            return next();
          corrupted = true;
          res.writeHead(206, { "content-type": "application/json" }).end('{"op":"StepRun"}');
        },
      },
    );
    try {
      await app.sync();
      app.send("test/go", {});
      await app.executor.waitForIdle();
      const [run] = app.runsOf("crashes");
      expect(run).toMatchObject({ status: "failed", error: { message: /inngest-local failed while running it/ } });
      const failed = app.executor.events.filter((event) => event.name === "inngest/function.failed");
      expect(failed).toMatchObject([{ data: { function_id: "executor-semantics-crashes", run_id: run!.id } }]);
      expect(app.runsOf("crashes-failure")).toMatchObject([{ status: "completed", output: "handled" }]);
    } finally {
      await app.stop();
    }
  });
});

describe("cancelOn", () => {
  it("cancels the runs whose filter matches the incoming event, after the step in flight, and sends function.cancelled", async () => {
    const held = gate();
    const after: string[] = [];
    const app = await startSdkApp((inngest) => [
      inngest.createFunction(
        {
          id: "cancellable",
          triggers: [{ event: "test/start" }],
          cancelOn: [{ event: "test/stop", if: "async.data.id == event.data.id" }],
        },
        async ({ event, step }) => {
          await step.run("hold", () => (event.data.id === "a" ? held.pass() : undefined));
          await step.run("after", () => void after.push(event.data.id as string));
          return "finished";
        },
      ),
    ]);
    try {
      await app.sync();
      app.send("test/start", { id: "a" });
      app.send("test/start", { id: "b" });
      await eventually(() => expect(held.entered).toBe(true));
      app.send("test/stop", { id: "a" });
      held.open();
      await app.executor.waitForIdle();
      const [a, b] = app.runsOf("cancellable");
      expect(a!.status).toBe("cancelled");
      expect(b!.status).toBe("completed");
      expect(after).toEqual(["b"]); // the step in flight finished; the next one never ran
      expect(app.executor.events.filter((e) => e.name === "inngest/function.cancelled")).toMatchObject([
        { data: { function_id: "executor-semantics-cancellable", run_id: a!.id, event: { data: { id: "a" } } } },
      ]);
    } finally {
      await app.stop();
    }
  });

  it("ignores a cancel event that arrives after the cancelOn timeout, or that its filter rejects", async () => {
    const held = gate();
    const app = await startSdkApp((inngest) => [
      inngest.createFunction(
        {
          id: "short-window",
          triggers: [{ event: "test/start" }],
          cancelOn: [
            // The SDK rounds a cancelOn timeout up to 1 s, the shortest Inngest takes.
            { event: "test/stop", timeout: "1s" },
            { event: "test/halt", if: "async.data.id == event.data.id" },
          ],
        },
        async ({ step }) => {
          await step.run("hold", () => held.pass());
          return "finished";
        },
      ),
    ]);
    try {
      await app.sync();
      app.send("test/start", { id: "a" });
      await eventually(() => expect(held.entered).toBe(true));
      const [run] = app.runsOf("short-window");
      // Once more than 1 s has passed since the run started, that trigger is no longer valid.
      await eventually(() => expect(Date.now() - run!.queuedAt).toBeGreaterThan(1_000), 5_000);
      app.send("test/stop", {});
      app.send("test/halt", { id: "someone else" });
      held.open();
      await app.executor.waitForIdle();
      expect(app.runsOf("short-window").map((run) => run.status)).toEqual(["completed"]);
    } finally {
      await app.stop();
    }
  });
});

describe("flow control it implements", () => {
  it("throttle starts limit + burst runs at once, then one per period / limit, dropping none", async () => {
    const app = await startSdkApp((inngest) => [
      inngest.createFunction(
        { id: "throttled", triggers: [{ event: "test/go" }], throttle: { limit: 1, period: "1s" } },
        async () => "ok",
      ),
    ]);
    try {
      await app.sync();
      for (let i = 0; i < 4; i++) app.send("test/go", { i });
      await app.executor.waitForIdle();
      const runs = app.runsOf("throttled");
      expect(runs.map((run) => [run.status, run.event.data.i])).toEqual([
        ["completed", 0],
        ["completed", 1],
        ["completed", 2],
        ["completed", 3],
      ]);
      // limit 1 + burst 1 (the default) start together; then one a second.
      expect(runs[1]!.queuedAt - runs[0]!.queuedAt).toBeLessThan(500);
      expect(runs[2]!.queuedAt - runs[0]!.queuedAt).toBeGreaterThanOrEqual(900);
      expect(runs[3]!.queuedAt - runs[2]!.queuedAt).toBeGreaterThanOrEqual(900);
    } finally {
      await app.stop();
    }
  });

  it("idempotency starts one run per key value in 24 hours", async () => {
    const app = await startSdkApp((inngest) => [
      inngest.createFunction(
        { id: "once-per-user", triggers: [{ event: "test/go" }], idempotency: "event.data.userId" },
        async () => "ok",
      ),
    ]);
    try {
      await app.sync();
      app.send("test/go", { userId: "u1" });
      app.send("test/go", { userId: "u1" });
      app.send("test/go", { userId: "u2" });
      await app.executor.waitForIdle();
      expect(app.runsOf("once-per-user").map((run) => run.event.data.userId)).toEqual(["u1", "u2"]);
      expect(app.executor.events.filter((event) => event.name === "test/go")).toHaveLength(3);
    } finally {
      await app.stop();
    }
  });
});

describe("replay and memory", () => {
  it("replays only a run that ended", async () => {
    const held = gate();
    const app = await startSdkApp((inngest) => [
      inngest.createFunction({ id: "held", triggers: [{ event: "test/go" }] }, async ({ step }) => {
        await step.run("hold", () => held.pass());
        return "ok";
      }),
    ]);
    try {
      await app.sync();
      app.send("test/go", {});
      await eventually(() => expect(held.entered).toBe(true));
      const [run] = app.runsOf("held");
      expect(() => app.executor.replay(run!.id)).toThrow(ReplayRefusedError);
      const form = new URLSearchParams({ runID: run!.id });
      const refused = await fetch(`${app.executor.url}/run/replay`, { method: "POST", body: form, redirect: "manual" });
      expect(refused.status).toBe(409);
      expect(await refused.text()).toMatch(/only an ended run can be replayed/);
      expect(await (await fetch(`${app.executor.url}/run?runID=${run!.id}`)).text()).not.toContain(">Replay<");
      held.open();
      await app.executor.waitForIdle();
      expect(app.executor.replay(run!.id)).toMatchObject({ replayOf: run!.id });
      await app.executor.waitForIdle();
      expect(app.runsOf("held").map((r) => r.status)).toEqual(["completed", "completed"]);
    } finally {
      await app.stop();
    }
  });

  it("keeps the last N runs and events, dropping the oldest ended ones", async () => {
    const app = await startSdkApp(
      (inngest) => [inngest.createFunction({ id: "quick", triggers: [{ event: "test/go" }] }, async () => "ok")],
      { keepRuns: 3, keepEvents: 4 },
    );
    try {
      await app.sync();
      for (let i = 0; i < 6; i++) {
        app.send("test/go", { i });
        await app.executor.waitForIdle();
      }
      expect(app.executor.runs.map((run) => run.event.data.i)).toEqual([3, 4, 5]);
      expect(app.executor.events.map((event) => event.data.i)).toEqual([2, 3, 4, 5]);
    } finally {
      await app.stop();
    }
  });
});
