import { BlockList, isIP } from "node:net";

/**
 * Which addresses a notification may reach. Private, loopback, link-local,
 * shared, documentation, multicast and reserved ranges are refused unless
 * ALLEGRO_NOTIFY_ALLOW_PRIVATE=1; in production a public target must be HTTPS.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

/** Whether an IP address is anything but a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export type TargetPolicy = { production: boolean; allowPrivate: boolean };

/** Why a URL can never be a target (scheme, credentials), whatever its host resolves to; null when it may be. */
export function urlProblem(raw: string, policy: TargetPolicy): string | null {
  if (!URL.canParse(raw)) return "The URL is not a valid absolute URL.";
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https://.";
  if (url.username || url.password) return "The URL must not contain a user name or password.";
  if (url.protocol === "http:" && policy.production && !policy.allowPrivate)
    return "The URL must use HTTPS in production.";
  return null;
}

/** Why this resolved address may not be reached over `protocol`; null when it may. */
export function addressProblem(address: string, protocol: string, policy: TargetPolicy): string | null {
  const isPrivate = isPrivateAddress(address);
  if (isPrivate && !policy.allowPrivate) return `The host resolves to ${address}, a private or reserved address.`;
  if (!isPrivate && protocol === "http:" && policy.production)
    return "The URL must use HTTPS in production (only private targets may use plain HTTP).";
  return null;
}

/** The hostname to resolve: brackets removed from an IPv6 literal. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");
