import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";

/** POSTs `payload` to the app's webhook route as GitHub would: signed with `secret`, under a delivery id. */
export async function postSignedWebhook(
  appUrl: string,
  secret: string,
  event: string,
  payload: unknown,
  id: string = randomUUID(),
) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${appUrl}/github/webhooks`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-hub-signature-256": await sign(secret, body),
    },
  });
  return { id, status: response.status, body: (await response.json()) as { status: string; reason: string } };
}
