import { sealData, unsealData } from "iron-session";
import { z } from "../zod";
import type { Actor } from "../auth/actor";
import { sealKey } from "../auth/keys";

const TTL_MS = 60 * 60 * 1000;

const confirmationSchema = z.object({
  purpose: z.literal("github-install-confirm"),
  tenantId: z.string(),
  userId: z.string(),
  installationId: z.string(),
  account: z.string(),
  expiresAt: z.number(),
});

export type InstallConfirmation = { installationId: string; account: string };

/**
 * Sealed so the settings page can name the account without looking the id up
 * (which would let anyone probe installation ids) and without trusting the URL.
 */
export async function sealInstallConfirmation(actor: Actor, confirmation: InstallConfirmation, now = Date.now()) {
  const sealed = {
    purpose: "github-install-confirm",
    tenantId: actor.tenantId.toString(),
    userId: actor.userId.toString(),
    ...confirmation,
    expiresAt: now + TTL_MS,
  };
  // Its own purpose-derived key: a confirmation (it travels in a URL) can never be unsealed as anything else.
  return sealData(sealed, { password: sealKey("github-install-confirm"), ttl: TTL_MS / 1000 + 120 });
}

/** The confirmation the callback sealed for this admin, or null (tampered, expired, someone else's). */
export async function readInstallConfirmation(
  seal: string,
  actor: Actor,
  now = Date.now(),
): Promise<InstallConfirmation | null> {
  const parsed = confirmationSchema.safeParse(
    await unsealData(seal, { password: sealKey("github-install-confirm"), ttl: TTL_MS / 1000 + 120 }),
  );
  if (!parsed.success) return null;
  const c = parsed.data;
  if (c.expiresAt <= now || c.tenantId !== actor.tenantId.toString() || c.userId !== actor.userId.toString())
    return null;
  return { installationId: c.installationId, account: c.account };
}
