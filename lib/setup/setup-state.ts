import { randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "../zod";
import { sealKey } from "../auth/keys";
import type { Db } from "../db/client";
import { SetupError } from "./setup-errors";

/** GitHub's manifest code lives an hour: so does the state that comes back with it. */
export const SETUP_STATE_TTL_MS = 60 * 60 * 1000;
const SEAL = () => ({ password: sealKey("github-setup-state"), ttl: SETUP_STATE_TTL_MS / 1000 + 120 });

const stateSchema = z.object({
  purpose: z.literal("github-setup"),
  nonce: z.string().min(16),
  expiresAt: z.number(),
});

/** A sealed, single-use `state` for one manifest form. */
export async function createSetupState(db: Db, now = Date.now()): Promise<string> {
  const nonce = randomBytes(18).toString("base64url");
  const expiresAt = now + SETUP_STATE_TTL_MS;
  await db.githubSetupState.create({ data: { nonce, expiresAt: new Date(expiresAt) } });
  return sealData({ purpose: "github-setup", nonce, expiresAt }, SEAL());
}

/**
 * Checks the returned state and burns its nonce, before any code is exchanged. Unseal never
 * throws (a forged seal gives {}): the schema and our own expiry decide; the update is atomic.
 */
export async function consumeSetupState(db: Db, seal: string, now = Date.now()): Promise<void> {
  const parsed = stateSchema.safeParse(await unsealData(seal, SEAL()));
  if (!parsed.success) throw new SetupError("state_invalid");
  if (parsed.data.expiresAt <= now) throw new SetupError("state_expired");
  const { count } = await db.githubSetupState.updateMany({
    where: { nonce: parsed.data.nonce, usedAt: null, expiresAt: { gt: new Date(now) } },
    data: { usedAt: new Date(now) },
  });
  if (count === 0) throw new SetupError("state_used");
}
