import { NonRetriableError } from "inngest";
import { inBatches, updateCheckRun } from "@/lib/checks/check-run";
import { currentHead, judgePullRequest, startCheck } from "@/lib/checks/pull-request-check";
import { CHECK_REQUESTED_EVENT, checkRequestSchema } from "@/lib/checks/request";
import { getEnv } from "@/lib/env";
import { recordProposalCheck } from "@/lib/proposals/check-state";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { inngest } from "../client";
import { checkRequested } from "../events";

/**
 * CheckGitHubTemplates: the "Allegro templates" check run of a pull request to the synced branch.
 * Created in progress, then the plan the merge would apply; annotations go 50 per update (GitHub's
 * limit, each update appends), the last update completes the run. A newer head of the same pull
 * request supersedes the run: Inngest cancels it (cancelOn), and a run that reaches the end anyway
 * completes as cancelled without annotating the old commit.
 */
export const checkGithubTemplates = inngest.createFunction(
  {
    id: "check-github-templates",
    name: "CheckGitHubTemplates",
    triggers: [checkRequested],
    // One check of a head commit at a time (a re-run waits for the check in progress).
    concurrency: { key: 'event.data.tenantId + "-" + event.data.headSha', limit: 1 },
    cancelOn: [
      {
        event: CHECK_REQUESTED_EVENT,
        if: "async.data.tenantId == event.data.tenantId && async.data.pullNumber == event.data.pullNumber && async.data.headSha != event.data.headSha",
      },
    ],
    retries: 5,
  },
  async ({ event, step }) => {
    const parsed = checkRequestSchema.safeParse(event.data);
    if (!parsed.success) throw new NonRetriableError(`invalid event data: ${parsed.error.issues[0]?.message}`);
    const deps = defaultSyncDeps();
    const appUrl = getEnv().appUrl;

    const started = await step.run("create-check", () => startCheck(deps, parsed.data, appUrl));
    if (started.kind === "stop") return { status: "skipped", reason: started.reason };
    const { target, checkRunId } = started;

    const verdict = await step.run("plan", () => judgePullRequest(deps, target, appUrl));
    const head = await step.run("read-head", () => currentHead(deps, target));
    const octokit = () => deps.installationClient(target.installationId);
    if (head !== target.headSha) {
      await step.run("supersede", async () =>
        updateCheckRun(await octokit(), target.repository, checkRunId, {
          conclusion: "cancelled",
          output: { title: "Superseded", summary: `A newer push (${head.slice(0, 7)}) is checked instead.` },
        }),
      );
      return { status: "superseded", head };
    }
    // Each batch is its own step: a retry never appends the same annotations twice.
    const batches = inBatches(verdict.annotations);
    for (const [index, batch] of batches.slice(0, -1).entries()) {
      await step.run(`annotate-${index + 1}`, async () =>
        updateCheckRun(await octokit(), target.repository, checkRunId, {
          output: { ...verdict.output, annotations: batch },
        }),
      );
    }
    await step.run("complete", async () => {
      await updateCheckRun(await octokit(), target.repository, checkRunId, {
        conclusion: verdict.conclusion,
        output: { ...verdict.output, annotations: batches.at(-1) ?? [] },
      });
      await recordProposalCheck(deps.db, { ...target, status: "completed", conclusion: verdict.conclusion });
    });
    return { status: "completed", conclusion: verdict.conclusion, checkRunId, annotations: verdict.annotations.length };
  },
);
