import { hkdfSync } from "node:crypto";
import { getEnv } from "../env";

/** Every kind of sealed value the app hands out; each gets its own key. */
export type SealPurpose =
  "session" | "github-install-state" | "github-install-confirm" | "github-setup-state" | "setup-session";

/**
 * The iron-session password for one purpose, derived from SESSION_SECRET with
 * HKDF-SHA256: a value sealed for one purpose (an install `state`, which travels
 * in URLs and logs) cannot be unsealed as another (a session cookie).
 */
export function sealKey(purpose: SealPurpose): string {
  const key = hkdfSync("sha256", getEnv().sessionSecret, "allegro-seal-keys", `allegro:${purpose}`, 32);
  return Buffer.from(key).toString("base64url");
}
