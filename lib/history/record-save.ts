import type { Prisma } from "../db/generated/client.ts";
import { storeText } from "./texts";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "templateVersion">;

export type SaveEvent = "created" | "changed" | "deleted" | "restored";

/**
 * A save in Allegro as a version of its template, inside the transaction that
 * saved it: the text (content-addressed) and who saved it.
 */
export async function recordSave(
  tx: Tx,
  save: {
    tenantId: bigint;
    templateId: bigint;
    userId: bigint;
    event: SaveEvent;
    text: string;
    restoredFromId?: bigint;
  },
) {
  const textSha256 = await storeText(tx, save.text);
  return tx.templateVersion.create({
    data: {
      tenantId: save.tenantId,
      templateId: save.templateId,
      source: "allegro",
      event: save.event,
      textSha256,
      userId: save.userId,
      restoredFromId: save.restoredFromId ?? null,
    },
    select: { id: true },
  });
}
