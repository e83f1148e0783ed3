import { z } from "../../../zod";
import { connectionStateOf, type ConnectionFields } from "../../connection";
import { ignored, processed, type HandlerResult } from "../result";

export const pushSchema = z.object({
  ref: z.string(),
  after: z.string().regex(/^[0-9a-f]{40}$/),
  deleted: z.boolean(),
  repository: z.object({ id: z.number(), full_name: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
});
export type Push = z.infer<typeof pushSchema>;

/** The installation row a push names, as far as the decision needs it (null when none is live). */
export type PushTarget = ConnectionFields & { installationId: bigint };

/**
 * A push is a nudge, not the truth: it asks for a sync of the tenant (the job
 * re-reads the branch head from GitHub) when it is to the linked repository's
 * synced branch of a connection that can sync. record-push.ts reads the row,
 * claims the delivery and queues the request in one statement, whose SQL
 * mirrors this rule; this function is the rule, and gives the reason.
 */
export function decidePush(push: Push, target: PushTarget | null): HandlerResult {
  if (!push.installation) return ignored("push without an installation");
  const connection = connectionStateOf(target);
  if (connection.state !== "connected" || !target?.tenantId) return ignored(connection.summary);
  if (target.repositoryId !== BigInt(push.repository.id)) {
    return ignored(`push to ${push.repository.full_name}, not the linked repository`);
  }
  if (push.deleted) return ignored(`${push.ref} was deleted`);
  if (push.ref !== `refs/heads/${target.defaultBranch}`) {
    return ignored(`push to ${push.ref}, not refs/heads/${target.defaultBranch}`);
  }
  return processed(`sync requested for ${push.after}`, {
    tenantId: target.tenantId.toString(),
    installationId: target.installationId.toString(),
    reason: "push",
    commit: push.after,
  });
}
