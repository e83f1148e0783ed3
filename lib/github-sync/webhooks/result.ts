import type { CheckRequest } from "../../checks/request";
import type { ProposalStateUpdate } from "../../proposals/webhook-state";
import type { SyncRequest } from "../../sync/request";

/**
 * What a handler did or decided; `outcome` and `reason` are stored with the
 * delivery. `sync` is a sync request to record together with the delivery.
 */
export type HandlerResult = {
  status: 200 | 202;
  outcome: "processed" | "ignored";
  reason: string;
  sync?: SyncRequest;
  /** A pull request check to record the same way (pull_request, check_run.rerequested). */
  check?: CheckRequest;
  /** A proposal's new state (pull_request closed, reopened, synchronize), recorded the same way. */
  proposal?: ProposalStateUpdate;
};

export const processed = (reason: string, sync?: SyncRequest): HandlerResult => ({
  status: 200,
  outcome: "processed",
  reason,
  ...(sync ? { sync } : {}),
});
export const checkQueued = (reason: string, check: CheckRequest): HandlerResult => ({
  status: 200,
  outcome: "processed",
  reason,
  check,
});
export const ignored = (reason: string, status: 200 | 202 = 200): HandlerResult => ({
  status,
  outcome: "ignored",
  reason,
});
