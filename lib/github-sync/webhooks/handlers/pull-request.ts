import { z } from "../../../zod";
import type { Db } from "../../../db/client";
import { proposalStateOf } from "../../../proposals/webhook-state";
import { ignored, type HandlerResult } from "../result";
import { decideCheck } from "./check-decision";

const CHECKED_ACTIONS = ["opened", "synchronize", "reopened", "ready_for_review"] as const;

export const pullRequestSchema = z.object({
  action: z.string(),
  number: z.number(),
  pull_request: z.object({
    state: z.string(),
    head: z.object({ sha: z.string(), ref: z.string() }),
    base: z.object({ ref: z.string() }),
  }),
  repository: z.object({ id: z.number(), full_name: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
});

/**
 * pull_request opened, synchronize (a push to it), reopened or ready_for_review asks for its check;
 * opened, closed, reopened and synchronize also carry the state of a proposal Allegro opened.
 */
export async function handlePullRequest(body: unknown, deps: { db: Db }): Promise<HandlerResult> {
  const decided = await decidePullRequest(body, deps);
  const proposal = proposalStateOf(body);
  return proposal ? { ...decided, proposal } : decided;
}

async function decidePullRequest(body: unknown, deps: { db: Db }): Promise<HandlerResult> {
  const event = pullRequestSchema.parse(body);
  const action = CHECKED_ACTIONS.find((a) => a === event.action);
  if (!action) return ignored(`pull_request.${event.action} is not checked`);
  if (!event.installation) return ignored("pull_request without an installation");
  if (event.pull_request.state !== "open") return ignored(`pull request #${event.number} is not open`);
  return decideCheck(deps.db, {
    installationId: event.installation.id,
    repository: event.repository,
    pullNumber: event.number,
    headSha: event.pull_request.head.sha,
    baseRef: event.pull_request.base.ref,
    trigger: action,
  });
}
