/**
 * Preloaded into `next start` / `next dev` by scripts/run-app.ts (node --import). Next keeps an
 * X-Forwarded-For the client sent and only fills it with the socket address when it is absent,
 * so a client could name any address and dodge the per-address sign-in limit. Before Next sees
 * a request, this replaces the header with the one client address the app may believe:
 * with TRUST_PROXY=N (N proxies in front), the Nth address from the right of
 * "X-Forwarded-For, socket address"; without it, the socket address itself.
 */
import http from "node:http";

/** The client's address from what the request carries and how many proxies are trusted. */
export function clientAddressOf(forwardedFor, socketAddress, trustProxy) {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops =
    trustProxy > 0
      ? header
          .split(",")
          .map((hop) => hop.trim())
          .filter(Boolean)
      : [];
  if (socketAddress) hops.push(socketAddress);
  // Fewer hops than trusted proxies: the leftmost is the furthest any proxy saw.
  return hops[Math.max(0, hops.length - 1 - trustProxy)] ?? "unknown";
}

/** Rewrites X-Forwarded-For on every request of every HTTP server in this process. */
export function installClientAddressHook(trustProxy) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, ...args) {
    if (event === "request") {
      const request = args[0];
      request.headers["x-forwarded-for"] = clientAddressOf(
        request.headers["x-forwarded-for"],
        request.socket?.remoteAddress,
        trustProxy,
      );
    }
    return emit.call(this, event, ...args);
  };
}

const trust = Number(process.env.TRUST_PROXY ?? 0);
if (process.env.ALLEGRO_CLIENT_ADDRESS_HOOK === "1") installClientAddressHook(Number.isInteger(trust) ? trust : 0);
