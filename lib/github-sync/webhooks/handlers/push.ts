import { z } from "zod";
import { requestSync } from "@/inngest/events";
import { getDb } from "../../../db/client";
import { ignored, processed, type HandlerResult } from "../result";

const schema = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean(),
  repository: z.object({ id: z.number(), full_name: z.string() }),
  installation: z.object({ id: z.number() }).optional(),
});

/**
 * A push is a nudge, not the truth: it queues a sync of the tenant; the job
 * re-reads the branch head from GitHub.
 */
export async function handlePush(body: unknown): Promise<HandlerResult> {
  const push = schema.parse(body);
  if (!push.installation) return ignored("push without an installation");
  const record = await getDb().githubAppInstallation.findFirst({
    where: { installationId: BigInt(push.installation.id), deletedAt: null },
  });
  if (!record?.tenantId) return ignored("installation is not connected to an organization");
  if (record.suspendedAt) return ignored("installation is suspended");
  if (record.repositoryId === null || record.defaultBranch === null) return ignored("no repository chosen yet");
  if (record.repositoryId !== BigInt(push.repository.id))
    return ignored(`push to ${push.repository.full_name}, not the linked repository`);
  if (record.brokenReason) return ignored("connection is broken");
  if (push.deleted) return ignored(`${push.ref} was deleted`);
  if (push.ref !== `refs/heads/${record.defaultBranch}`)
    return ignored(`push to ${push.ref}, not refs/heads/${record.defaultBranch}`);
  await requestSync({
    tenantId: record.tenantId.toString(),
    installationId: record.installationId.toString(),
    reason: "push",
    commit: push.after,
  });
  return processed(`sync requested for ${push.after}`);
}
