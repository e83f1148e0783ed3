import { randomBytes } from "node:crypto";
import type { Context } from "./http";
import { verifyAppJwt } from "./jwt";
import { json, type Reply } from "./reply";

/** A new credential shaped like GitHub's (`ghs_…` for installations, `ghu_…` for users). */
export const newToken = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;

const UNAUTHORIZED = json(401, {
  message: "Bad credentials",
  documentation_url: "https://docs.github.com/rest",
  status: "401",
});

/**
 * Checks the caller's credential for a REST route: the app's JWT for `/app…`, a user
 * token for `/user…`, an installation token for everything else. Answers the refusal,
 * or null after noting the caller on `ctx` (`installation`, or `params.__user`).
 */
export function authenticate(ctx: Context, pattern: string): Reply | null {
  const [scheme, credential] = (ctx.headers.authorization ?? "").split(" ");
  const { sim } = ctx;
  // The manifest conversion needs no credential: the one-hour, single-use code is the proof.
  if (pattern.startsWith("/app-manifests/")) return null;
  if (pattern.startsWith("/app")) {
    if (scheme?.toLowerCase() !== "bearer" || !credential)
      return json(401, {
        message: "A JSON web token could not be decoded",
        documentation_url: "https://docs.github.com/rest",
      });
    const check = verifyAppJwt(credential, sim.app.publicKey, sim.app.id, sim.app.clientId, sim.now());
    return check.ok ? null : json(401, { message: check.message, documentation_url: "https://docs.github.com/rest" });
  }
  if (pattern.startsWith("/user")) {
    const user = credential && sim.userTokens.get(credential);
    if (!user) return UNAUTHORIZED;
    ctx.params.__user = user.login;
    return null;
  }
  const token = credential ? sim.tokens.get(credential) : undefined;
  if (!token || token.expiresAt.getTime() <= sim.now()) return UNAUTHORIZED;
  const installation = sim.installations.get(token.installationId);
  if (!installation) return UNAUTHORIZED;
  if (installation.suspendedAt)
    return json(403, {
      message: "This installation has been suspended",
      documentation_url: "https://docs.github.com/rest",
    });
  ctx.installation = installation;
  return null;
}
