import type { AppEnv } from "../lib/env";

const LOOPBACK = "127.0.0.1";
const isLoopbackHost = (host: string) => host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Where `next dev` / `next start` listen, and what to say about it (and about client addresses).
 * Dev binds 127.0.0.1 unless HOST says otherwise (the demo password is published). Production binds
 * 127.0.0.1 when something is allowed only because APP_URL is loopback, whatever HOST says.
 */
export function listenAddress(mode: "dev" | "start", hostVar: string | undefined, env: AppEnv) {
  const notes: string[] = [];
  const asked = hostVar?.trim() || undefined;
  let host: string;
  if (mode === "start" && env.loopbackOnly) {
    host = LOOPBACK;
    notes.push(
      `listening on ${LOOPBACK} only: INNGEST_DEV or ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP is allowed because APP_URL is loopback, so nothing else may reach this server${asked && asked !== LOOPBACK ? ` (HOST=${asked} ignored)` : ""}`,
    );
  } else if (mode === "dev") {
    host = asked ?? LOOPBACK;
    notes.push(
      isLoopbackHost(host)
        ? `listening on ${host} (this machine only); HOST=0.0.0.0 opts out`
        : `WARNING: HOST=${host}: the dev server is reachable from the network, and the demo password (admin@acme.test / allegro-admin) is published`,
    );
  } else {
    host = asked ?? "0.0.0.0";
    notes.push(`listening on ${host}`);
  }
  if (mode === "start") {
    notes.push(
      env.trustProxy
        ? `client addresses (sign-in limit): the address ${env.trustProxy} proxy hop(s) in front of the app saw (TRUST_PROXY=${env.trustProxy})`
        : "client addresses (sign-in limit): the socket address; X-Forwarded-For is ignored (set TRUST_PROXY to the number of reverse proxies in front, such as 1)",
    );
  }
  return { host, notes };
}
