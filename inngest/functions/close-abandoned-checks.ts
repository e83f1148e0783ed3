import { NonRetriableError } from "inngest";
import { closeAbandonedCheck, type AbandonedCheck } from "@/lib/checks/close-check";
import { checkRequestSchema } from "@/lib/checks/request";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { inngest } from "../client";

const CHECK_FUNCTION = "allegro-check-github-templates";

const outcomes: Record<"cancelled" | "failed", AbandonedCheck> = {
  cancelled: {
    conclusion: "cancelled",
    output: { title: "Superseded", summary: "A newer push to this pull request is checked instead." },
  },
  failed: {
    conclusion: "neutral",
    output: {
      title: "Could not check",
      summary: "Allegro could not finish checking this commit. Push again or re-run the check to try again.",
    },
  },
};

/**
 * CloseAbandonedChecks: a CheckGitHubTemplates run that Inngest cancelled (cancelOn: a newer head of
 * the same pull request) or that failed for good leaves its check run in progress on GitHub; this
 * completes it, so every check run ends in a final state.
 */
export const closeAbandonedChecks = inngest.createFunction(
  {
    id: "close-abandoned-checks",
    name: "CloseAbandonedChecks",
    triggers: [
      { event: "inngest/function.cancelled", if: `event.data.function_id == '${CHECK_FUNCTION}'` },
      { event: "inngest/function.failed", if: `event.data.function_id == '${CHECK_FUNCTION}'` },
    ],
  },
  async ({ event, step }) => {
    const data = event.data as { event?: { data?: unknown } };
    const request = checkRequestSchema.safeParse(data.event?.data);
    if (!request.success) throw new NonRetriableError(`not a check request: ${request.error.issues[0]?.message}`);
    const outcome = event.name === "inngest/function.cancelled" ? outcomes.cancelled : outcomes.failed;
    return step.run("close-check-run", () => closeAbandonedCheck(defaultSyncDeps(), request.data, outcome));
  },
);
