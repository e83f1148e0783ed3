import { RequestError } from "@octokit/request-error";
import { z } from "../../zod";
import { loadGithubApp } from "../../github/app";

/** One attempt in GitHub's delivery log (`hook-delivery-item`), as far as recovery reads it. */
export const hookDeliverySchema = z.object({
  id: z.number(),
  guid: z.string(),
  delivered_at: z.string(),
  redelivery: z.boolean(),
  status_code: z.number(),
  event: z.string(),
  action: z.string().nullable(),
  installation_id: z.number().nullable(),
});
export type HookDelivery = z.infer<typeof hookDeliverySchema>;

/** What recovery needs from GitHub; `pages` yields the log newest first, one page at a time. */
export type HookDeliveries = {
  pages(): AsyncGenerator<HookDelivery[]>;
  /** True when GitHub accepted (202); the refusal's message for a 4xx. Other errors throw. */
  redeliver(deliveryId: number): Promise<true | string>;
};

const nextCursor = (link: string | undefined) => {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const url = next && /<([^>]+)>/.exec(next)?.[1];
  return url ? new URL(url).searchParams.get("cursor") : null;
};

/** The app's delivery log through its JWT (GET /app/hook/deliveries, cursor pagination). */
export function githubHookDeliveries(app = () => loadGithubApp("job")): HookDeliveries {
  return {
    async *pages() {
      let cursor: string | null = null;
      do {
        const response = await (
          await app()
        ).octokit.request("GET /app/hook/deliveries", {
          per_page: 100,
          ...(cursor ? { cursor } : {}),
        });
        yield z.array(hookDeliverySchema).parse(response.data);
        cursor = nextCursor(response.headers.link);
      } while (cursor);
    },
    async redeliver(deliveryId) {
      try {
        await (
          await app()
        ).octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: deliveryId });
        return true;
      } catch (error) {
        if (error instanceof RequestError && error.status >= 400 && error.status < 500 && error.status !== 429)
          return `${error.status} ${error.message}`.slice(0, 300);
        throw error;
      }
    },
  };
}
