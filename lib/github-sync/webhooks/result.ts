/** What a handler did; `outcome` is stored with the delivery. */
export type HandlerResult = { status: 200 | 202; outcome: "processed" | "ignored"; reason: string };

export const processed = (reason: string): HandlerResult => ({ status: 200, outcome: "processed", reason });
export const ignored = (reason: string, status: 200 | 202 = 200): HandlerResult => ({
  status,
  outcome: "ignored",
  reason,
});
