import { Prisma } from "../db/generated/client.ts";
import type { SyncDeps } from "./deps";
import { planApply } from "./apply-plan";
import { readListingForApply, readSyncedTemplates, writePlan } from "./apply-writes";
import { knownProblems, recordProblems } from "./file-problems";
import type { Head } from "./read-github";
import { emptyCounts, type SyncCounts, type SyncFileError } from "./results";
import type { SyncContext } from "./run-record";
import { clearStaging } from "./staging";

/** What the apply step returns: counts only (the error list is stored on the run, not in the step output). */
export type ApplyResult = {
  status: "succeeded" | "succeeded_with_errors" | "skipped" | "failed";
  counts: SyncCounts;
  message?: string;
};
type Outcome = ApplyResult & { errors: SyncFileError[] };

type Options = {
  /** Called inside the transaction after every write, before commit (tests inject failures here). */
  beforeCommit?: () => Promise<void> | void;
};

/**
 * Applies the staged head to the tenant's templates in one transaction (see
 * planApply for the rules), with one set-based statement per kind of change,
 * then records the run. A run whose head was read before the one already
 * applied changes nothing.
 */
export async function applySync(
  deps: SyncDeps,
  context: SyncContext,
  head: Head,
  { beforeCommit }: Options = {},
): Promise<ApplyResult> {
  const now = deps.now();
  const tenantId = BigInt(context.tenantId);
  const runId = BigInt(context.runId);
  return deps.db.$transaction(
    async (tx) => {
      // Serializes with other applies and with disconnect for this installation.
      const [installation] = await tx.$queryRaw<{ id: bigint; last_sync_resolved_at: Date | null }[]>`
        SELECT id, last_sync_resolved_at FROM github_app_installations
        WHERE installation_id = ${BigInt(context.installationId)} AND tenant_id = ${tenantId} AND deleted_at IS NULL
        FOR UPDATE`;
      const counts = emptyCounts();
      const finish = async ({ errors, ...result }: Outcome): Promise<ApplyResult> => {
        await tx.syncRun.update({
          where: { id: runId },
          data: {
            status: result.status,
            commit: head.sha,
            ...result.counts,
            errors: errors.length ? errors : Prisma.DbNull,
            error: result.message ?? null,
            finishedAt: now,
            durationMs: now.getTime() - Date.parse(context.startedAt),
          },
        });
        await clearStaging(tx, runId);
        return result;
      };
      if (!installation)
        return finish({
          status: "skipped",
          counts,
          errors: [],
          message: "GitHub Sync was disconnected during the sync; nothing was applied.",
        });
      if (installation.last_sync_resolved_at && installation.last_sync_resolved_at > new Date(head.resolvedAt)) {
        return finish({
          status: "skipped",
          counts,
          errors: [],
          message: "A newer sync already applied a later read of the branch; nothing was applied.",
        });
      }

      const plan = planApply(
        await readListingForApply(tx, runId),
        await readSyncedTemplates(tx, tenantId),
        await knownProblems(tx, tenantId),
      );
      await writePlan(tx, { tenantId, runId, now }, plan);
      const { errors, problems } = plan;
      await recordProblems(tx, tenantId, problems);
      await tx.githubAppInstallation.update({
        where: { id: installation.id },
        data: {
          lastSyncAt: now,
          lastSyncHash: head.sha,
          lastSyncErrors: errors,
          lastSyncResolvedAt: new Date(head.resolvedAt),
        },
      });
      const result = await finish({
        status: errors.length ? "succeeded_with_errors" : "succeeded",
        counts: plan.counts,
        errors,
      });
      await beforeCommit?.();
      return result;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
