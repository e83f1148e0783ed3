/**
 * Next.js calls register() once when a server starts: hand over any sync
 * requests left in the outbox by a previous process (a crash, a deploy, or
 * Inngest being down when they were accepted), and recover the webhook
 * deliveries GitHub could not make meanwhile.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { relayNow } = await import("./inngest/outbox-relay");
  void relayNow();
  // And ask GitHub again for the deliveries that failed while no server answered.
  void (await import("./lib/github-sync/recovery/at-start")).recoverSoonAfterStart();
}
