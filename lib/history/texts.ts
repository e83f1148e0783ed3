import { createHash } from "node:crypto";
import type { Prisma } from "../db/generated/client.ts";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/** The key of a text in `template_texts`: SHA-256 of its UTF-8 bytes (what PostgreSQL's sha256(convert_to(…)) gives). */
export function textKey(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(text, "utf8").digest());
}

/** Stores a text once: a text already kept (an unchanged save, a revert) adds nothing. */
export async function storeText(tx: Tx, text: string): Promise<Uint8Array<ArrayBuffer>> {
  const key = textKey(text);
  await tx.$executeRaw`INSERT INTO template_texts (sha256, text) VALUES (${key}, ${text}) ON CONFLICT DO NOTHING`;
  return key;
}
