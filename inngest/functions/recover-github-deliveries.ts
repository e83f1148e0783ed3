import { defaultRecoveryDeps } from "@/lib/github-sync/recovery/default-deps";
import { recoverDeliveries } from "@/lib/github-sync/recovery/recover-deliveries";
import { inngest } from "../client";

/**
 * RecoverGitHubDeliveries, every 5 minutes: GitHub never redelivers a failed webhook, so ask it to
 * redeliver those this app never recorded (lib/github-sync/recovery/). Each server also runs it
 * once soon after it starts (instrumentation.ts).
 */
export const recoverGithubDeliveries = inngest.createFunction(
  {
    id: "recover-github-deliveries",
    name: "RecoverGitHubDeliveries",
    triggers: [{ cron: "*/5 * * * *" }],
    concurrency: { key: '"recover-deliveries"', limit: 1 },
    retries: 3,
  },
  async ({ step }) => step.run("recover-deliveries", () => recoverDeliveries(defaultRecoveryDeps())),
);
