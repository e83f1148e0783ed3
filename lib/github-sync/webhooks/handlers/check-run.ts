import { z } from "../../../zod";
import { CHECK_NAME } from "../../../checks/request";
import type { Db } from "../../../db/client";
import { loadGithubConfig } from "../../../github/config";
import { ignored, type HandlerResult } from "../result";
import { decideCheck } from "./check-decision";

export const checkRunSchema = z.object({
  action: z.string(),
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    app: z.object({ id: z.number() }).nullable().optional(),
    check_suite: z.object({
      pull_requests: z.array(
        z.object({ number: z.number(), head: z.object({ sha: z.string() }), base: z.object({ ref: z.string() }) }),
      ),
    }),
  }),
  repository: z.object({ id: z.number(), full_name: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
});

/**
 * "Re-run" on our check: check_run.rerequested runs the pull request's check again. A check on a
 * synced commit (no pull request) reports a sync that already happened: it is not re-run.
 */
export async function handleCheckRun(body: unknown, deps: { db: Db }): Promise<HandlerResult> {
  const event = checkRunSchema.parse(body);
  if (event.action !== "rerequested") return ignored(`check_run.${event.action} is not used`);
  const appId = (await loadGithubConfig())?.appId;
  if (event.check_run.name !== CHECK_NAME || (event.check_run.app && String(event.check_run.app.id) !== String(appId)))
    return ignored(`check run ${event.check_run.name} is not ours`);
  if (!event.installation) return ignored("check_run without an installation");
  const pull = event.check_run.check_suite.pull_requests.find((p) => p.head.sha === event.check_run.head_sha);
  if (!pull) return ignored("the check run is not on a pull request's head; syncs report on their own commits");
  return decideCheck(deps.db, {
    installationId: event.installation.id,
    repository: event.repository,
    pullNumber: pull.number,
    headSha: event.check_run.head_sha,
    baseRef: pull.base.ref,
    trigger: "rerequested",
  });
}
