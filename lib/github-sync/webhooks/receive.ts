import { getDb } from "../../db/client";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { readBody } from "../../http/read-body";
import { handleInstallationRepositories } from "./handlers/installation-repositories";
import { handleInstallation } from "./handlers/installation";
import { handlePush } from "./handlers/push";
import { handleRepository } from "./handlers/repository";
import { ignored, processed, type HandlerResult } from "./result";
import { verifyWebhookSignature } from "./signature";

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
    case "push":
      return handlePush(payload);
    case "ping":
      return processed("pong");
    default:
      return ignored(`event ${event} is not used`, 202);
  }
}

/**
 * Claims a delivery id. A delivery seen before is answered as a duplicate,
 * unless its earlier attempt failed, or was left `processing` longer than any
 * handler takes (a crash): then the redelivery is processed again.
 */
async function claimDelivery(
  id: string,
  event: string,
  action: string | null,
  installationId: bigint | null,
): Promise<boolean> {
  const claimed = await getDb().$executeRaw`
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome)
    VALUES (${id}, ${event}, ${action}, ${installationId}, 'processing')
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = 'processing', received_at = now()
    WHERE webhook_deliveries.outcome LIKE 'failed%'
       OR (webhook_deliveries.outcome = 'processing' AND webhook_deliveries.received_at < now() - interval '5 minutes')`;
  return claimed === 1;
}

async function settleDelivery(id: string, outcome: string) {
  await getDb().webhookDelivery.update({
    where: { id },
    data: { outcome: outcome.slice(0, 500), processedAt: new Date() },
  });
}

/** POST /github/webhooks: verify, parse, deduplicate, dispatch. */
export async function receiveWebhook(request: Request): Promise<Response> {
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
  if (!(await claimDelivery(deliveryId, event, action, installationId))) {
    return answer(200, { status: "duplicate", delivery: deliveryId });
  }
  try {
    const result = await dispatch(event, payload);
    await settleDelivery(deliveryId, `${result.outcome}: ${result.reason}`);
    return answer(result.status, { status: result.outcome, reason: result.reason });
  } catch (error) {
    console.error(`[github-webhook] delivery ${deliveryId} (${event}${action ? `.${action}` : ""}) failed`, error);
    await settleDelivery(deliveryId, `failed: ${error instanceof Error ? error.message : "error"}`).catch(() => {});
    return answer(500, { error: "processing failed; redeliver to retry", delivery: deliveryId });
  }
}
