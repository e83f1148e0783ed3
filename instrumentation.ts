/**
 * Next.js calls register() once when a server starts: hand over any sync
 * requests left in the outbox by a previous process (a crash, a deploy, or
 * Inngest being down when they were accepted).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { relayNow } = await import("./inngest/outbox-relay");
  void relayNow();
  // Credentials stored by the one-click setup, for code that reads the App without loading it first.
  const { loadGithubConfig } = await import("./lib/github/config");
  void loadGithubConfig().catch(() => {});
}
