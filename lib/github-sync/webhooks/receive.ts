import { getDb, type Db } from "../../db/client";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { readBody } from "../../http/read-body";
import { withSpan } from "../../observability/tracing";
import { claimDelivery, recordDecision, recordFailure, settleDelivery, type Delivery } from "./deliveries";
import { handleInstallationRepositories } from "./handlers/installation-repositories";
import { handleInstallation } from "./handlers/installation";
import { handleCheckRun } from "./handlers/check-run";
import { handlePullRequest } from "./handlers/pull-request";
import { handleRepository } from "./handlers/repository";
import { recordPush } from "./record-push";
import { ignored, processed, type HandlerResult } from "./result";
import { verifyWebhookSignature } from "./signature";
import { loggerFor } from "../../observability/logger";

export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

function dispatch(event: string, payload: unknown): Promise<HandlerResult> | HandlerResult {
  switch (event) {
    case "installation":
      return handleInstallation(payload);
    case "installation_repositories":
      return handleInstallationRepositories(payload);
    case "repository":
      return handleRepository(payload);
    case "ping":
      return processed("pong");
    default:
      return ignored(`event ${event} is not used`, 202);
  }
}

/** Events that only decide (they read the connection); `recordDecision` records the outcome with its check request. */
const DECIDERS: Record<string, (body: unknown, deps: { db: Db }) => Promise<HandlerResult>> = {
  pull_request: handlePullRequest,
  check_run: handleCheckRun,
};

/**
 * A push is read, decided and recorded, with its sync request, in one statement
 * (record-push.ts); a pull_request or check_run decides, then is recorded with its
 * check request in one statement; the other events claim the delivery, do their
 * writes, then record the outcome.
 */
async function handleDelivery(db: Db, delivery: Delivery, payload: unknown): Promise<HandlerResult | null> {
  if (delivery.event === "push")
    return withSpan("outbox.write", { "github.delivery": delivery.id }, () => recordPush(db, delivery, payload));
  const decide = DECIDERS[delivery.event];
  if (decide) {
    const decided = await decide(payload, { db });
    return (await recordDecision(db, delivery, decided)) ? decided : null;
  }
  if (!(await claimDelivery(db, delivery))) return null;
  const result = await dispatch(delivery.event, payload);
  await settleDelivery(db, delivery.id, result);
  return result;
}

/** POST /github/webhooks: verify, parse, deduplicate, dispatch. */
export async function receiveWebhook(request: Request, { onQueued }: { onQueued: () => void }): Promise<Response> {
  const github = getEnv().github;
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
    await recordFailure(db, delivery, error instanceof Error ? error.message : "error").catch(() => {});
    return answer(500, { error: "processing failed; redeliver to retry", delivery: deliveryId });
  }
  if (result === null) return answer(200, { status: "duplicate", delivery: deliveryId });
  if (result.sync || result.check) onQueued();
  return answer(result.status, { status: result.outcome, reason: result.reason });
}
