/**
 * The client's address for the per-address sign-in limit. Under `npm start`/`npm run dev`,
 * scripts/client-address-hook.mjs has already replaced X-Forwarded-For with the one address
 * the app may believe (the socket address, or with TRUST_PROXY=N the address the Nth proxy
 * saw), so whatever a client sent itself never counts. The LAST value is taken in case a server
 * runs without that hook behind one proxy that appends. Without the header, "unknown".
 */
export function clientAddress(headers: Headers): string {
  const hops = headers.get("x-forwarded-for")?.split(",") ?? [];
  const last = hops.at(-1)?.trim();
  return last ? last.slice(0, 64) : "unknown";
}
