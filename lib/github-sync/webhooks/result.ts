import type { CheckRequest } from "../../checks/request";
import type { ProposalStateUpdate } from "../../proposals/webhook-state";
import type { SyncRequest } from "../../sync/request";
import type { DeliveryRequest } from "./delivery-request";

/**
 * What a handler did or decided; `outcome` and `reason` are stored with the
 * delivery. `sync` is a sync request to record together with the delivery.
 */
export type HandlerResult = {
  status: 200 | 202 | 400;
  outcome: "processed" | "ignored" | "queued";
  reason: string;
  sync?: SyncRequest;
  /** A pull request check to record the same way (pull_request, check_run.rerequested). */
  check?: CheckRequest;
  /** The delivery itself, for the delivery job (installation, installation_repositories, repository). */
  delivery?: DeliveryRequest;
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

/** Recorded with its body and a "delivery" outbox row; the delivery job processes it and settles the outcome. */
export const queued = (delivery: DeliveryRequest): HandlerResult => ({
  status: 202,
  outcome: "queued",
  reason: `${delivery.event}${delivery.action ? `.${delivery.action}` : ""} is processed in the background`,
  delivery,
});

/** A signed body that does not match its event's schema: no redelivery can fix it. */
export const malformed = (reason: string): HandlerResult => ({ status: 400, outcome: "ignored", reason });
