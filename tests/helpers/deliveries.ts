import { getDb } from "@/lib/db/client";
import type { Delivery } from "../../tools/github-simulator/deliveries";
import { eventually } from "./eventually";

/** Waits until the delivery job has settled the delivery (recorded 'queued' by the route) and returns its row. */
export async function settledDelivery(guid: string, timeoutMs = 20_000) {
  let row: Awaited<ReturnType<typeof findDelivery>> = null;
  await eventually(async () => {
    row = await findDelivery(guid);
    if (!row || row.outcome.startsWith("queued") || row.outcome === "processing")
      throw new Error(`delivery ${guid} is not settled yet (${row?.outcome ?? "not recorded"})`);
  }, timeoutMs);
  return row!;
}

const findDelivery = (guid: string) => getDb().webhookDelivery.findUnique({ where: { id: guid } });

/**
 * Waits for the simulator's deliveries (what suspend, uninstall, rename… return) that the app
 * queued (answered 202) to be settled by its delivery job.
 */
export async function afterDeliveries(sent: Delivery | null | (Delivery | null)[] | undefined) {
  const list = (Array.isArray(sent) ? sent : [sent]).filter((d): d is Delivery => d?.status === 202);
  return Promise.all(list.map((d) => settledDelivery(d.guid)));
}

/** Waits until the app has settled every delivery the simulator made about an installation so far. */
export function afterInstallationDeliveries(sim: { deliveries(): Delivery[] }, installationId: number | string) {
  return afterDeliveries(sim.deliveries().filter((d) => d.installationId === Number(installationId)));
}
