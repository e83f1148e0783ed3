import { parseCron } from "./cron";
import { parseDuration } from "./duration";
import { assertSupported, evaluateExpression } from "./expression";

export type Trigger = { event: string; expression?: string } | { cron: string };
export type ConcurrencyLimit = { limit: number; key?: string; scope: "fn" | "env" | "account" };

/** A function as the SDK registered it (POST /fn/register), with its flow control parsed. */
export type RegisteredFunction = {
  id: string;
  name: string;
  appName: string;
  triggers: Trigger[];
  /** The step URL from the registration: the app's serve URL with `fnId` and `stepId`. */
  stepUrl: string;
  retries: number;
  concurrency: ConcurrencyLimit[];
  debounce?: { key?: string; periodMs: number; timeoutMs?: number };
  rateLimit?: { key?: string; limit: number; periodMs: number };
  throttle?: { key?: string; limit: number; periodMs: number; burst: number };
  /** A key expression: one run per value in 24 hours. */
  idempotency?: string;
  /** cancelOn: an incoming event of this name whose `if` holds cancels a run still in progress. */
  cancel: { event: string; expression?: string; timeoutMs?: number }[];
};

type RawFunction = {
  id: string;
  name?: string;
  triggers?: Trigger[];
  steps?: Record<string, { runtime?: { url?: string }; retries?: { attempts?: number } }>;
  concurrency?: number | Partial<ConcurrencyLimit> | Partial<ConcurrencyLimit>[];
  debounce?: { key?: string; period: string; timeout?: string };
  rateLimit?: { key?: string; limit: number; period: string };
  throttle?: { key?: string; limit: number; period: string; burst?: number };
  idempotency?: string;
  cancel?: { event: string; if?: string; timeout?: string }[];
} & Record<string, unknown>;

// "By default, in addition to the initial attempt, Inngest will retry a function or a step up to 4 times."
const DEFAULT_RETRIES = 4;

// What the executor implements; any other option the SDK registers is refused by name (see README).
const SUPPORTED_OPTIONS = new Set([
  ...["id", "name", "description", "triggers", "steps"],
  ...["concurrency", "debounce", "rateLimit", "throttle", "idempotency", "cancel"],
]);

export class UnsupportedOptionError extends Error {}

function assertOnlySupportedOptions(fn: RawFunction) {
  for (const [option, value] of Object.entries(fn)) {
    if (value === undefined || value === null || SUPPORTED_OPTIONS.has(option)) continue;
    throw new UnsupportedOptionError(
      `inngest-local does not implement the "${option}" option (function ${fn.id}); remove it or implement it in tools/inngest-local`,
    );
  }
}

function toCancel(raw: RawFunction["cancel"]): RegisteredFunction["cancel"] {
  return (raw ?? []).map((trigger) => {
    if (trigger.if) assertSupported(trigger.if, { allowAsync: true });
    return {
      event: trigger.event,
      ...(trigger.if ? { expression: trigger.if } : {}),
      ...(trigger.timeout ? { timeoutMs: parseDuration(trigger.timeout) } : {}),
    };
  });
}

function toConcurrency(raw: RawFunction["concurrency"]): ConcurrencyLimit[] {
  if (raw === undefined) return [];
  const list = typeof raw === "number" ? [{ limit: raw }] : Array.isArray(raw) ? raw : [raw];
  return list
    .filter((item) => (item.limit ?? 0) > 0)
    .map((item) => {
      if (item.key) assertSupported(item.key);
      return { limit: item.limit!, key: item.key, scope: item.scope ?? "fn" };
    });
}

/** Reads the SDK's registration body into functions; unsupported keys or crons throw (the SDK then reports the error). */
export function parseRegistration(body: { appName?: string; functions?: RawFunction[] }): RegisteredFunction[] {
  const appName = body.appName ?? "app";
  return (body.functions ?? []).map((fn) => {
    assertOnlySupportedOptions(fn);
    const step = Object.values(fn.steps ?? {})[0];
    if (!step?.runtime?.url) throw new Error(`inngest-local: function ${fn.id} has no step URL`);
    const triggers = fn.triggers ?? [];
    for (const trigger of triggers) {
      if ("cron" in trigger) parseCron(trigger.cron);
      else if (trigger.expression) assertSupported(trigger.expression);
    }
    if (fn.debounce?.key) assertSupported(fn.debounce.key);
    if (fn.rateLimit?.key) assertSupported(fn.rateLimit.key);
    if (fn.throttle?.key) assertSupported(fn.throttle.key);
    if (fn.idempotency) assertSupported(fn.idempotency);
    return {
      id: fn.id,
      name: fn.name ?? fn.id,
      appName,
      triggers,
      stepUrl: step.runtime.url,
      retries: step.retries?.attempts ?? DEFAULT_RETRIES,
      concurrency: toConcurrency(fn.concurrency),
      debounce: fn.debounce && {
        key: fn.debounce.key,
        periodMs: parseDuration(fn.debounce.period),
        timeoutMs: fn.debounce.timeout ? parseDuration(fn.debounce.timeout) : undefined,
      },
      rateLimit: fn.rateLimit && {
        key: fn.rateLimit.key,
        limit: fn.rateLimit.limit,
        periodMs: parseDuration(fn.rateLimit.period),
      },
      throttle: fn.throttle && {
        key: fn.throttle.key,
        limit: fn.throttle.limit,
        periodMs: parseDuration(fn.throttle.period),
        burst: fn.throttle.burst ?? 1,
      },
      ...(fn.idempotency ? { idempotency: fn.idempotency } : {}),
      cancel: toCancel(fn.cancel),
    };
  });
}

/** Whether an event starts this function: its name matches a trigger and that trigger's `if` holds. */
export function triggeredBy(fn: RegisteredFunction, event: { name: string }): boolean {
  return fn.triggers.some(
    (trigger) =>
      "event" in trigger &&
      trigger.event === event.name &&
      (!trigger.expression || evaluateExpression(trigger.expression, event) === true),
  );
}

/** A key expression's value for an event, as the string Inngest would hash. */
export function keyOf(expression: string | undefined, event: unknown): string {
  return expression ? String(evaluateExpression(expression, event)) : "";
}
