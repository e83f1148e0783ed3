import { receiveWebhook } from "@/lib/github-sync/webhooks/receive";

export async function POST(request: Request): Promise<Response> {
  return receiveWebhook(request);
}
