import { randomBytes } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "../zod";
import type { Actor } from "../auth/actor";
import { getDb } from "../db/client";
import { sealKey } from "../auth/keys";
import { ConnectError } from "./connect-errors";

export const STATE_TTL_MS = 60 * 60 * 1000;

const stateSchema = z.object({
  purpose: z.literal("github-install"),
  tenantId: z.string(),
  userId: z.string(),
  nonce: z.string().min(16),
  expiresAt: z.number(),
  /** Set for a reconnect: the one installation this state may link. */
  installationId: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

/** Seals the install `state`: tenant, admin, single-use nonce and a 1-hour expiry (and, to reconnect, the installation). */
export async function createInstallState(actor: Actor, now = Date.now(), installationId?: bigint): Promise<string> {
  const nonce = randomBytes(18).toString("base64url");
  const expiresAt = now + STATE_TTL_MS;
  await getDb().githubInstallNonce.create({
    data: { nonce, tenantId: actor.tenantId, userId: actor.userId, expiresAt: new Date(expiresAt) },
  });
  const state = {
    purpose: "github-install",
    tenantId: actor.tenantId.toString(),
    userId: actor.userId.toString(),
    nonce,
    expiresAt,
    ...(installationId !== undefined ? { installationId: installationId.toString() } : {}),
  };
  return sealData(state, { password: sealKey("github-install-state"), ttl: STATE_TTL_MS / 1000 + 120 });
}

/**
 * Checks a returned state against the signed-in admin and burns its nonce.
 * iron-session's unseal never throws (bad seals give {}), so every field and our
 * own expiry are checked here; the nonce update is atomic, so a state works once.
 */
export async function consumeInstallState(
  seal: string,
  actor: Actor,
  now = Date.now(),
): Promise<{ installationId: bigint | null }> {
  const parsed = stateSchema.safeParse(
    await unsealData(seal, { password: sealKey("github-install-state"), ttl: STATE_TTL_MS / 1000 + 120 }),
  );
  if (!parsed.success) throw new ConnectError("state_invalid");
  const state = parsed.data;
  if (state.expiresAt <= now) throw new ConnectError("state_expired");
  if (state.tenantId !== actor.tenantId.toString() || state.userId !== actor.userId.toString())
    throw new ConnectError("state_other_user");
  const { count } = await getDb().githubInstallNonce.updateMany({
    where: { nonce: state.nonce, tenantId: actor.tenantId, userId: actor.userId, usedAt: null },
    data: { usedAt: new Date(now) },
  });
  if (count === 0) throw new ConnectError("state_used");
  return { installationId: state.installationId ? BigInt(state.installationId) : null };
}
