import { receiveWebhook } from "@/lib/github-sync/webhooks/receive";
import { relayAfterResponse } from "@/inngest/outbox-relay";

export async function POST(request: Request): Promise<Response> {
  return receiveWebhook(request, { onQueued: relayAfterResponse });
}
