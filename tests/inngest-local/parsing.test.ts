import { describe, expect, it } from "vitest";
import { parseCron } from "../../tools/inngest-local/cron";
import { parseDuration, retryAfterMs } from "../../tools/inngest-local/duration";
import { evaluateExpression, UnsupportedExpressionError } from "../../tools/inngest-local/expression";

const event = {
  name: "inngest/function.cancelled",
  data: { tenantId: "42", function_id: "allegro-sync-github-templates" },
};

describe("the CEL subset", () => {
  it("evaluates the app's keys and if-filters", () => {
    expect(evaluateExpression('"sync-" + event.data.tenantId', event)).toBe("sync-42");
    expect(evaluateExpression("event.data.tenantId", event)).toBe("42");
    const filter =
      "event.data.function_id == 'allegro-sync-github-templates' || event.data.function_id == 'allegro-sync-now-github-templates'";
    expect(evaluateExpression(filter, event)).toBe(true);
    expect(evaluateExpression(filter, { data: { function_id: "allegro-other" } })).toBe(false);
    expect(evaluateExpression("event.data.tenantId == '42' && (event.data.x != 1)", event)).toBe(true);
  });

  it("refuses what it does not support, loudly", () => {
    expect(() => evaluateExpression("event.data.n > 1 ? 'a' : 'b'", event)).toThrow(UnsupportedExpressionError);
    expect(() => evaluateExpression("size(event.data.tenantId)", event)).toThrow(UnsupportedExpressionError);
    expect(() => evaluateExpression("async.data.id == event.data.id", event)).toThrow(UnsupportedExpressionError);
    expect(() => evaluateExpression('"sync-" + 1', event)).toThrow(/cannot add string and number/);
  });
});

describe("durations and crons", () => {
  it("parses Inngest durations", () => {
    expect(parseDuration("5s")).toBe(5_000);
    expect(parseDuration("1m")).toBe(60_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(() => parseDuration("5 minutes")).toThrow(/unsupported duration/);
    expect(retryAfterMs("30")).toBe(30_000);
    expect(retryAfterMs(new Date(Date.now() + 2_000).toISOString())).toBeGreaterThan(1_900);
  });

  it("matches five-field UTC crons", () => {
    const everyTen = parseCron("*/10 * * * *");
    expect(everyTen.matches(new Date("2026-11-26T03:20:00Z"))).toBe(true);
    expect(everyTen.matches(new Date("2026-11-26T03:21:00Z"))).toBe(false);
    expect(parseCron("0 12 * * 5").matches(new Date("2026-11-27T12:00:00Z"))).toBe(true);
    expect(() => parseCron("TZ=Europe/Paris 0 12 * * 5")).toThrow(/unsupported cron/);
  });
});
