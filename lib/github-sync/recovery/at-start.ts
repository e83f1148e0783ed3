import { loadGithubConfig } from "../../github/config";
import { defaultRecoveryDeps } from "./default-deps";
import { recoverDeliveries, type RecoveryDeps, type RecoverySummary } from "./recover-deliveries";
import { loggerFor } from "../../observability/logger";

/**
 * Once soon after a server starts (instrumentation.ts), recover what GitHub could not deliver
 * while it was down, without waiting for the cron (which runs in Inngest, perhaps down too).
 * A failure is logged; the cron tries again. Resolves with the summary (null: not configured or failed).
 */
export function recoverSoonAfterStart({
  delayMs = 15_000,
  deps,
}: { delayMs?: number; deps?: () => RecoveryDeps } = {}): Promise<RecoverySummary | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      loadGithubConfig()
        .then((github) => (github ? recoverDeliveries((deps ?? defaultRecoveryDeps)()) : null))
        .then(resolve, (error: unknown) => {
          loggerFor("deliveries").error({ err: error }, "recovery at start failed; the cron tries again");
          resolve(null);
        });
    }, delayMs);
    timer.unref?.();
  });
}
