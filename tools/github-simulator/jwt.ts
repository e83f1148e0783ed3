import { createPublicKey, verify } from "node:crypto";

export type JwtCheck = { ok: true } | { ok: false; message: string };

/**
 * Verifies a GitHub App JWT as GitHub does: RS256 signed by the app's key,
 * `iss` the app id (or client id), issued no later than now (60 s skew),
 * not expired, and valid for at most 10 minutes.
 */
export function verifyAppJwt(
  token: string,
  publicKeyPem: string,
  appId: number,
  clientId: string,
  now = Date.now(),
): JwtCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, message: "A JSON web token could not be decoded" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString());
    claims = JSON.parse(Buffer.from(payloadPart, "base64url").toString());
  } catch {
    return { ok: false, message: "A JSON web token could not be decoded" };
  }
  if (header.alg !== "RS256") return { ok: false, message: "A JSON web token could not be decoded" };
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey(publicKeyPem),
    Buffer.from(signaturePart, "base64url"),
  );
  if (!signed) return { ok: false, message: "A JSON web token could not be decoded" };
  if (String(claims.iss) !== String(appId) && claims.iss !== clientId)
    return { ok: false, message: "Integration not found" };
  const seconds = Math.floor(now / 1000);
  if (typeof claims.iat !== "number" || typeof claims.exp !== "number")
    return { ok: false, message: "Missing 'issued at' or 'expiration' time claim" };
  if (claims.iat > seconds + 60)
    return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing a time in the past." };
  if (claims.exp <= seconds)
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
    };
  if (claims.exp - claims.iat > 600)
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true };
}
