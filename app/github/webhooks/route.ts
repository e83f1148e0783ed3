import { receiveWebhook } from "@/lib/github-sync/webhooks/receive";
import { observeWebhook } from "@/lib/observability/webhook-request";
import { relayAfterResponse } from "@/inngest/outbox-relay";

export async function POST(request: Request): Promise<Response> {
  return observeWebhook(request, () => receiveWebhook(request, { onQueued: relayAfterResponse }));
}
