/**
 * The client's address for the per-address sign-in limit. Assumes the app runs
 * behind exactly one reverse proxy that appends the address it saw to
 * X-Forwarded-For: the LAST value is that proxy's; earlier ones are whatever the
 * client sent and could be forged to dodge the limit. Without the header (no
 * proxy, e.g. local runs) every client shares "unknown".
 */
export function clientAddress(headers: Headers): string {
  const hops = headers.get("x-forwarded-for")?.split(",") ?? [];
  const last = hops.at(-1)?.trim();
  return last ? last.slice(0, 64) : "unknown";
}
