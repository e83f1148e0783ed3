import { getDb } from "../db/client";
import { getEnv } from "../env";
import type { UrlCheck } from "./destinations";
import type { SendDeps } from "./senders";

/** The process's database, clock and notification settings. */
export function defaultSendDeps(): SendDeps {
  const env = getEnv();
  return { db: getDb(), now: () => new Date(), notify: env.notify, production: env.mode === "production" };
}

/** How a URL is checked when it is saved (the same rules apply again at each send). */
export function defaultUrlCheck(): UrlCheck {
  const env = getEnv();
  return { production: env.mode === "production", allowPrivate: env.notify.allowPrivate };
}
