import { missingCheckPermissions } from "../../../checks/permissions";
import type { CheckRequest } from "../../../checks/request";
import type { Db } from "../../../db/client";
import { findConnectionByInstallation, isSyncable } from "../../connection";
import { checkQueued, ignored, type HandlerResult } from "../result";

type Seen = {
  installationId: number;
  repository: { id: number; full_name: string };
  pullNumber: number;
  headSha: string;
  baseRef: string;
  trigger: CheckRequest["trigger"];
};

/**
 * Whether a pull request gets the "Allegro templates" check: its repository is the linked one
 * of a syncable connection, its base is the synced branch, and the installation may write checks.
 * Only reads; the request is recorded with the delivery (deliveries.ts).
 */
export async function decideCheck(db: Db, seen: Seen): Promise<HandlerResult> {
  const connection = await findConnectionByInstallation(db, BigInt(seen.installationId));
  if (!isSyncable(connection)) return ignored(connection.summary);
  const { record } = connection;
  if (record.repositoryId !== BigInt(seen.repository.id))
    return ignored(`pull request in ${seen.repository.full_name}, not the linked repository`);
  if (seen.baseRef !== record.defaultBranch)
    return ignored(`pull request to ${seen.baseRef}, not the synced branch ${record.defaultBranch}`);
  const missing = missingCheckPermissions(record.permissions);
  if (missing.length) return ignored(`no check: the installation lacks ${missing.join(", ")}`);
  return checkQueued(`check requested for #${seen.pullNumber} at ${seen.headSha}`, {
    tenantId: record.tenantId.toString(),
    installationId: record.installationId.toString(),
    repository: seen.repository.full_name,
    pullNumber: seen.pullNumber,
    headSha: seen.headSha,
    baseRef: seen.baseRef,
    trigger: seen.trigger,
  });
}
