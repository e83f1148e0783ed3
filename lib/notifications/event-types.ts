// Without zod: the settings page's client components import these, and zod evaluated in the
// browser probes `Function("")` at its first z.object, which the page's CSP reports as eval.

/** The event types a destination can receive (the webhook body's `type`). */
export const EVENT_TYPES = [
  "sync.failing",
  "sync.recovered",
  "sync.needs_decision",
  "connection.needs_attention",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** What a delivery carries: an event, or a destination's Send test. */
export type DeliveryType = EventType | "test";

export const EVENT_LABELS: Record<DeliveryType, string> = {
  "sync.failing": "Sync failing",
  "sync.recovered": "Sync recovered",
  "sync.needs_decision": "Waiting for a decision",
  "connection.needs_attention": "Connection needs attention",
  test: "Test notification",
};
