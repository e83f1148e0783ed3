import { getDb, type Db } from "../../db/client";
import { loadGithubConfig } from "../../github/config";
import { AppError } from "../../errors";
import { shownError } from "../../shown-errors";
import { readBody } from "../../http/read-body";
import { recordDecision, recordFailure, type Delivery } from "./deliveries";
import { withSpan } from "../../observability/tracing";
import { handleCheckRun } from "./handlers/check-run";
import { INSTALLATION_ACTIONS } from "./handlers/installation";
import { handlePullRequest } from "./handlers/pull-request";
import { REPOSITORY_ACTIONS } from "./handlers/repository";
import { payloadProblem } from "./payload-schemas";
import { recordPush } from "./record-push";
import { ignored, malformed, processed, queued, type HandlerResult } from "./result";
import { verifyWebhookSignature } from "./signature";
import { loggerFor } from "../../observability/logger";

export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/** Events the delivery job processes (they ask GitHub), with the actions it acts on. */
const JOB_ACTIONS: Record<string, string[]> = {
  installation: INSTALLATION_ACTIONS,
  installation_repositories: ["added", "removed"],
  repository: REPOSITORY_ACTIONS,
};

/** Events that only decide (they read the connection); `recordDecision` records the outcome with its check request. */
const DECIDERS: Record<string, (body: unknown, deps: { db: Db }) => Promise<HandlerResult>> = {
  pull_request: handlePullRequest,
  check_run: handleCheckRun,
};

/** What the route decides without asking anyone: hand the delivery to the job, or answer it now. */
function decideInRequest(delivery: Delivery): HandlerResult {
  const { event, action, installationId } = delivery;
  if (event === "ping") return processed("pong");
  const actions = JOB_ACTIONS[event];
  if (!actions) return ignored(`event ${event} is not used`, 202);
  if (!action || !actions.includes(action)) return ignored(`${event}.${action} is not used`);
  if (installationId === null) return ignored(`${event} without an installation: nothing to ask GitHub with`);
  return queued({ deliveryId: delivery.id, event, action, installationId: installationId.toString() });
}

/**
 * One shape for every delivery: verified, deduplicated and recorded with the work it asks for in
 * one statement. A push is decided and recorded with its sync request (record-push.ts); a pull
 * request or check run decides from the connection and is recorded with its check request; the
 * events that need GitHub's word are recorded with their body and a request for the delivery job.
 */
async function handleDelivery(db: Db, delivery: Delivery, payload: unknown): Promise<HandlerResult | null> {
  const problem = payloadProblem(delivery.event, payload);
  if (problem) {
    const refused = malformed(problem);
    await recordDecision(db, delivery, refused);
    return refused;
  }
  if (delivery.event === "push")
    return withSpan("outbox.write", { "github.delivery": delivery.id }, () => recordPush(db, delivery, payload));
  const decide = DECIDERS[delivery.event];
  const decided = decide ? await decide(payload, { db }) : decideInRequest(delivery);
  return (await recordDecision(db, delivery, decided, payload)) ? decided : null;
}

/** POST /github/webhooks: verify, parse, deduplicate, record. No GitHub call is made here. */
export async function receiveWebhook(request: Request, { onQueued }: { onQueued: () => void }): Promise<Response> {
  const github = await loadGithubConfig().catch(() => null);
  if (!github) return answer(503, { error: "GitHub App is not configured" });
  let body: Buffer;
  try {
    body = await readBody(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (error instanceof AppError && error.code === "payload_too_large")
      return answer(413, { error: "payload larger than 25 MB" });
    throw error;
  }
  if (!verifyWebhookSignature(github.webhookSecret, body, request.headers.get("x-hub-signature-256"))) {
    return answer(401, { error: "missing or invalid X-Hub-Signature-256" });
  }
  const event = request.headers.get("x-github-event");
  const deliveryId = request.headers.get("x-github-delivery");
  if (!event || !deliveryId || deliveryId.length > 100)
    return answer(400, { error: "missing X-GitHub-Event or X-GitHub-Delivery" });
  let payload: { action?: unknown; installation?: { id?: unknown } };
  try {
    payload = JSON.parse(body.toString("utf8"));
  } catch {
    return answer(400, { error: "body is not valid JSON" });
  }
  if (typeof payload !== "object" || payload === null) return answer(400, { error: "body is not a JSON object" });

  const action = typeof payload.action === "string" ? payload.action : null;
  const installationId = typeof payload.installation?.id === "number" ? BigInt(payload.installation.id) : null;
  const delivery: Delivery = { id: deliveryId, event, action, installationId };
  const db = getDb();
  let result: HandlerResult | null;
  try {
    result = await handleDelivery(db, delivery, payload);
  } catch (error) {
    loggerFor("webhook").error({ err: error, event, action }, "delivery processing failed");
    await recordFailure(db, delivery, shownError("delivery_failed")).catch(() => {});
    return answer(500, { error: "recording failed; redeliver to retry", delivery: deliveryId });
  }
  if (result === null) return answer(200, { status: "duplicate", delivery: deliveryId });
  if (result.status === 400) return answer(400, { error: result.reason, delivery: deliveryId });
  if (result.sync || result.check || result.delivery) onQueued();
  return answer(result.status, { status: result.outcome, reason: result.reason });
}
