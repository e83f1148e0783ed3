import type { Delivery } from "./deliveries";
import type { Context, Route } from "./http";
import { json, notFound } from "./reply";

/** GitHub lets an app redeliver deliveries of the past 3 days only. */
const REDELIVERY_WINDOW_MS = 3 * 24 * 3600_000;

/**
 * GitHub's `hook-delivery-item`: `status` is "OK" for a 2xx answer, otherwise what went wrong, and
 * `status_code` is 0 when no HTTP answer came (the app unreachable, or timing out).
 */
function item(d: Delivery) {
  const ok = d.status !== null && d.status >= 200 && d.status < 300;
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: d.deliveredAt,
    redelivery: d.redelivery,
    duration: d.durationMs / 1000,
    status: ok ? "OK" : d.status !== null ? `Invalid HTTP Response: ${d.status}` : `failed to connect to host`,
    status_code: d.status ?? 0,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}

const deliveryOf = (ctx: Context) => {
  const d = ctx.sim.webhooks.find(Number(ctx.params.delivery_id));
  return d?.attempted ? d : null;
};

/**
 * The app's webhook delivery log, as GitHub serves it to the app's JWT: newest first, cursor
 * pagination (`cursor` from the Link header's rel="next"), and a redelivery request that GitHub
 * accepts with 202 and performs in the background.
 */
export const hookDeliveryRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/app/hook/deliveries",
    handler: (ctx) => {
      const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
      const cursor = ctx.url.searchParams.get("cursor");
      const before = cursor ? Number(/^v1_(\d+)$/.exec(cursor)?.[1]) : Number.POSITIVE_INFINITY;
      if (Number.isNaN(before))
        return json(400, { message: "Invalid cursor", documentation_url: "https://docs.github.com/rest" });
      const listed = ctx.sim.webhooks.deliveries.filter((d) => d.attempted && d.id < before).reverse();
      const page = listed.slice(0, perPage);
      const headers: Record<string, string> = {};
      if (listed.length > perPage) {
        const next = new URL(`${ctx.sim.apiUrl}/app/hook/deliveries`);
        next.searchParams.set("per_page", String(perPage));
        next.searchParams.set("cursor", `v1_${page.at(-1)!.id}`);
        headers.link = `<${next}>; rel="next"`;
      }
      return json(200, page.map(item), headers);
    },
  },
  {
    method: "GET",
    pattern: "/app/hook/deliveries/{delivery_id}",
    handler: (ctx) => {
      const d = deliveryOf(ctx);
      if (!d) return notFound();
      return json(200, {
        ...item(d),
        url: d.url,
        request: { headers: d.requestHeaders, payload: JSON.parse(d.requestBody) },
        response: { headers: {}, payload: d.responseBody || null },
      });
    },
  },
  {
    method: "POST",
    pattern: "/app/hook/deliveries/{delivery_id}/attempts",
    handler: (ctx) => {
      const d = deliveryOf(ctx);
      if (!d) return notFound();
      if (ctx.sim.now() - Date.parse(d.deliveredAt) > REDELIVERY_WINDOW_MS)
        return json(422, {
          message: "Validation Failed: the delivery is older than 3 days",
          documentation_url: "https://docs.github.com/rest",
        });
      // GitHub accepts at once and redelivers in the background, as a new attempt with redelivery: true.
      void ctx.sim.webhooks.redeliver(d.id);
      return json(202, {});
    },
  },
];
