import { receiveWebhook } from "@/lib/github-sync/webhooks/receive";
import { inngestSyncQueue } from "@/inngest/queue";

export async function POST(request: Request): Promise<Response> {
  return receiveWebhook(request, { queue: inngestSyncQueue });
}
