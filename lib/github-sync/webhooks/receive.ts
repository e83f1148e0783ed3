import { getDb } from "../../db/client";
import { getEnv } from "../../env";
import { AppError } from "../../errors";
import { readBody } from "../../http/read-body";
import type { Prisma } from "../../db/client";
import { outboxQueue } from "../../sync/outbox";
import type { SyncQueue } from "../../sync/request";
import { handleInstallationRepositories } from "./handlers/installation-repositories";
import { handleInstallation } from "./handlers/installation";
import { handlePush } from "./handlers/push";
import { handleRepository } from "./handlers/repository";
import { ignored, processed, type HandlerResult } from "./result";
import { verifyWebhookSignature } from "./signature";

export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

type HandlerDeps = { db: Prisma.TransactionClient; queue: SyncQueue };

function dispatch(event: string, payload: unknown, deps: HandlerDeps): Promise<HandlerResult> | HandlerResult {
  switch (event) {
    case "installation":
      return handleInstallation(payload);
    case "installation_repositories":
      return handleInstallationRepositories(payload);
    case "repository":
      return handleRepository(payload);
    case "push":
      return handlePush(payload, deps);
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
  tx: Prisma.TransactionClient,
  id: string,
  event: string,
  action: string | null,
  installationId: bigint | null,
): Promise<boolean> {
  const claimed = await tx.$executeRaw`
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome)
    VALUES (${id}, ${event}, ${action}, ${installationId}, 'processing')
    ON CONFLICT (id) DO UPDATE SET attempts = webhook_deliveries.attempts + 1, outcome = 'processing', received_at = now()
    WHERE webhook_deliveries.outcome LIKE 'failed%'
       OR (webhook_deliveries.outcome = 'processing' AND webhook_deliveries.received_at < now() - interval '5 minutes')`;
  return claimed === 1;
}

async function settleDelivery(tx: Prisma.TransactionClient, id: string, outcome: string) {
  await tx.webhookDelivery.update({
    where: { id },
    data: { outcome: outcome.slice(0, 500), processedAt: new Date() },
  });
}

/** After a rolled-back attempt: remember it failed, so GitHub's "Redeliver" processes it again. */
async function recordFailure(
  id: string,
  event: string,
  action: string | null,
  installationId: bigint | null,
  message: string,
) {
  await getDb().$executeRaw`
    INSERT INTO webhook_deliveries (id, event, action, installation_id, outcome, processed_at)
    VALUES (${id}, ${event}, ${action}, ${installationId}, ${`failed: ${message}`.slice(0, 500)}, now())
    ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, processed_at = now()
    WHERE webhook_deliveries.outcome LIKE 'failed%'`;
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
  // The claim, whatever the handler writes (a push's sync request goes to the outbox) and the
  // outcome commit together: a crash or an error leaves no half-processed delivery behind.
  let queued = false;
  let result: HandlerResult | null;
  try {
    result = await getDb().$transaction(async (tx) => {
      if (!(await claimDelivery(tx, deliveryId, event, action, installationId))) return null;
      const outbox = outboxQueue(tx);
      const queue: SyncQueue = {
        async queueSync(request) {
          await outbox.queueSync(request);
          queued = true;
        },
      };
      const handled = await dispatch(event, payload, { db: tx, queue });
      await settleDelivery(tx, deliveryId, `${handled.outcome}: ${handled.reason}`);
      return handled;
    });
  } catch (error) {
    console.error(`[github-webhook] delivery ${deliveryId} (${event}${action ? `.${action}` : ""}) failed`, error);
    const message = error instanceof Error ? error.message : "error";
    await recordFailure(deliveryId, event, action, installationId, message).catch(() => {});
    return answer(500, { error: "processing failed; redeliver to retry", delivery: deliveryId });
  }
  if (result === null) return answer(200, { status: "duplicate", delivery: deliveryId });
  if (queued) onQueued();
  return answer(result.status, { status: result.outcome, reason: result.reason });
}
