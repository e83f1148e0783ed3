import { timingSafeEqual } from "node:crypto";

export type MetricsAccess = "allowed" | "unauthorized" | "not_found";

/**
 * Who may scrape GET /api/metrics. With METRICS_TOKEN set, only `Authorization: Bearer <token>`
 * (compared in constant time). Unset: open in development, and in production the endpoint does
 * not exist (404), so a forgotten token never exposes it.
 */
export function metricsAccess(
  authorization: string | null,
  { production, token }: { production: boolean; token: string | null },
): MetricsAccess {
  if (!token) return production ? "not_found" : "allowed";
  const match = /^Bearer (.+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return "unauthorized";
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "allowed" : "unauthorized";
}
