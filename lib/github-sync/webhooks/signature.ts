import { createHmac, timingSafeEqual } from "node:crypto";

const FORMAT = /^sha256=[0-9a-f]{64}$/;

/**
 * Verifies X-Hub-Signature-256 over the raw request bytes (not a re-decoded
 * string, which could differ from what GitHub signed) in constant time.
 */
export function verifyWebhookSignature(secret: string, body: Buffer, header: string | null): boolean {
  if (!header || !FORMAT.test(header)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(header.slice("sha256=".length), "hex"));
}
