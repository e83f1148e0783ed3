import { z } from "zod";
import type { Db } from "../../../db/client";
import { findConnectionByInstallation, isSyncable } from "../../connection";
import { ignored, processed, type HandlerResult } from "../result";

const schema = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean(),
  repository: z.object({ id: z.number(), full_name: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
});

/**
 * A push is a nudge, not the truth: it asks for a sync of the tenant (the job
 * re-reads the branch head from GitHub). It only reads: the request is recorded
 * in the same statement as the delivery (webhooks/deliveries.ts).
 */
export async function handlePush(body: unknown, deps: { db: Db }): Promise<HandlerResult> {
  const push = schema.parse(body);
  if (!push.installation) return ignored("push without an installation");
  const connection = await findConnectionByInstallation(deps.db, BigInt(push.installation.id));
  if (!isSyncable(connection)) return ignored(connection.summary);
  const { record } = connection;
  if (record.repositoryId !== BigInt(push.repository.id)) {
    return ignored(`push to ${push.repository.full_name}, not the linked repository`);
  }
  if (push.deleted) return ignored(`${push.ref} was deleted`);
  if (push.ref !== `refs/heads/${record.defaultBranch}`) {
    return ignored(`push to ${push.ref}, not refs/heads/${record.defaultBranch}`);
  }
  return processed(`sync requested for ${push.after}`, {
    tenantId: record.tenantId.toString(),
    installationId: record.installationId.toString(),
    reason: "push",
    commit: push.after,
  });
}
