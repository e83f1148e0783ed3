import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { drainOutbox } from "@/lib/sync/outbox";
import { sendSyncEvents } from "./queue";

/** Sends what the outbox holds to Inngest; a failure leaves the rows for the next attempt. */
export async function relayNow(): Promise<void> {
  try {
    await drainOutbox({ db: getDb(), send: sendSyncEvents, now: () => new Date() });
  } catch (error) {
    console.error("[outbox] relay failed; the requests stay queued", error);
  }
}

/**
 * Relays after the response is sent (Next's after()), so no request waits for
 * Inngest. Outside a Next request (a script, a test's route server) there is no
 * response to wait for: the relay starts at once, unawaited.
 */
export function relayAfterResponse(): void {
  try {
    after(relayNow);
  } catch {
    void relayNow();
  }
}
