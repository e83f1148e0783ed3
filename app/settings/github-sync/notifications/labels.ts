import { EVENT_LABELS, EVENT_TYPES } from "@/lib/notifications/event-types";

export { EVENT_LABELS, EVENT_TYPES };

export const KIND_LABELS: Record<string, string> = {
  webhook: "Webhook",
  slack: "Slack",
  email: "Email",
};

export const EVENT_HINTS: Record<(typeof EVENT_TYPES)[number], string> = {
  "sync.failing": "the first run that fails or finds invalid files after a good one",
  "sync.recovered": "the first good run after a failing one",
  "sync.needs_decision": "the mass-delete guard held a plan back",
  "connection.needs_attention": "suspended, uninstalled, repository removed or gone, permission missing",
};
