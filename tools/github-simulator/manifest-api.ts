import type { Route } from "./http";
import { json, notFound } from "./reply";

/**
 * The REST side of the manifest flow and the App's webhook settings:
 * `POST /app-manifests/{code}/conversions` (no authentication, GitHub's docs), and with the
 * App's JWT `GET /app/hook/config` and `GET /app/hook/deliveries` (newest first, cursor pages).
 */
export const manifestApiRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/app-manifests/{code}/conversions",
    handler: (ctx) => {
      const { sim } = ctx;
      const created = sim.manifests.convert(ctx.params.code!);
      if (!created) return notFound();
      sim.oauthOnInstall = created.oauthOnInstall;
      const { app } = created;
      return json(201, {
        ...sim.payloads.app(app, 0),
        client_secret: app.clientSecret,
        webhook_secret: app.webhookSecret,
        pem: app.privateKey,
      });
    },
  },
  {
    method: "GET",
    pattern: "/app/hook/config",
    handler: (ctx) =>
      json(200, { content_type: "json", insecure_ssl: "0", secret: "********", url: ctx.sim.app.webhookUrl ?? "" }),
  },
  {
    method: "GET",
    pattern: "/app/hook/deliveries",
    handler: (ctx) => {
      const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
      const cursor = Number(ctx.url.searchParams.get("cursor")) || Infinity;
      const newest = [...ctx.sim.deliveries()].reverse().filter((d) => d.id < cursor);
      const page = newest.slice(0, perPage);
      const headers: Record<string, string> = {};
      if (newest.length > perPage) {
        const next = new URL(ctx.url);
        next.searchParams.set("per_page", String(perPage));
        next.searchParams.set("cursor", String(page.at(-1)!.id));
        headers.link = `<${next}>; rel="next"`;
      }
      return json(
        200,
        page.map((d) => ({
          id: d.id,
          guid: d.guid,
          delivered_at: d.deliveredAt,
          redelivery: d.redelivery,
          duration: d.durationMs / 1000,
          status:
            d.status === null ? (d.error ?? "pending") : d.status < 300 ? "OK" : `Invalid HTTP Response: ${d.status}`,
          status_code: d.status ?? 0,
          event: d.event,
          action: d.action,
          installation_id: d.installationId,
          repository_id: null,
          throttled_at: null,
        })),
        headers,
      );
    },
  },
];
