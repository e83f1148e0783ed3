import { ZodError } from "zod";
import { Prisma } from "../../db/generated/client.ts";
import { outcomeOf } from "./deliveries";
import type { DeliveryDeps } from "./handlers/deps";
import { handleInstallationRepositories } from "./handlers/installation-repositories";
import { handleInstallation } from "./handlers/installation";
import { handleRepository } from "./handlers/repository";
import { ignored, type HandlerResult } from "./result";

const HANDLERS: Record<string, (body: unknown, deps: DeliveryDeps) => Promise<HandlerResult>> = {
  installation: handleInstallation,
  installation_repositories: handleInstallationRepositories,
  repository: handleRepository,
};

/** Still waiting for the job: only such a row is settled, so a repeated event or a late run changes nothing. */
const WAITING = "queued%";

/**
 * The delivery job's work: run the event's handler on the body the route stored (it asks GitHub
 * and applies only what GitHub confirms), then settle the delivery with the outcome. A GitHub
 * error propagates, so Inngest retries with backoff; nothing is written before GitHub answered.
 */
export async function processDelivery(deps: DeliveryDeps, deliveryId: string): Promise<{ outcome: string }> {
  const row = await deps.db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { event: true, outcome: true, payload: true },
  });
  if (!row) return { outcome: "gone: the delivery is no longer recorded" };
  if (!row.outcome.startsWith("queued")) return { outcome: row.outcome };
  const handle = HANDLERS[row.event];
  let result: HandlerResult;
  try {
    result = handle ? await handle(row.payload, deps) : ignored(`event ${row.event} has no handler`);
  } catch (error) {
    // The route checked the body against the same schema; one stored by an older version may not fit.
    if (!(error instanceof ZodError)) throw error;
    result = ignored(`the stored ${row.event} payload does not match its schema: ${error.issues[0]?.message}`);
  }
  const outcome = outcomeOf(result);
  await deps.db.webhookDelivery.updateMany({
    where: { id: deliveryId, outcome: { startsWith: "queued" } },
    data: { outcome, processedAt: new Date(), payload: Prisma.DbNull },
  });
  return { outcome };
}

/** After the job's last retry: the delivery is visibly failed, so a redelivery from GitHub is processed again. */
export async function failDelivery(deps: Pick<DeliveryDeps, "db">, deliveryId: string, message: string) {
  await deps.db.$executeRaw`
    UPDATE webhook_deliveries SET outcome = ${`failed: ${message}`.slice(0, 500)}, processed_at = now()
    WHERE id = ${deliveryId} AND outcome LIKE ${WAITING}`;
}
