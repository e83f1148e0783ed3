import { Prisma, type SyncRun } from "../db/generated/client.ts";
import { recordSyncVersions } from "../history/record-sync";
import type { SyncDeps } from "./deps";
import { planApply } from "./apply-plan";
import { readListingForApply, readSyncedTemplates, writePlan } from "./apply-writes";
import { deleteGuardMessage } from "./delete-guard";
import { knownProblems, recordProblems } from "./file-problems";
import { recordApplied } from "./observe";
import { holdBack, type HeldPlan } from "./held-plan";
import { closeEarlierHeldRuns, rememberHeldHead } from "./held-runs";
import { syncLimits } from "./limits";
import { noteRunOutcome } from "../notifications/transitions";
import type { Head } from "./read-github";
import { emptyCounts, MAX_STORED_ERRORS, type SyncCounts, type SyncFileError } from "./results";
import type { SyncContext } from "./run-record";
import { adoptDetached } from "./adopt-detached";
import { clearStaging } from "./staging";

/** What the apply step returns: counts only (the error list is stored on the run, not in the step output). */
export type ApplyResult = {
  status: "succeeded" | "succeeded_with_errors" | "skipped" | "failed" | "needs_confirmation";
  counts: SyncCounts;
  message?: string;
};
type Outcome = ApplyResult & { errors: SyncFileError[]; heldPlan?: HeldPlan };

type Options = {
  /** Called inside the transaction after every write, before commit (tests inject failures here). */
  beforeCommit?: () => Promise<void> | void;
  /** false: write no template versions (only `npm run bench`, to print apply time with and without them). */
  recordVersions?: boolean;
};

/**
 * Applies the staged head to the tenant's templates in one transaction (see
 * planApply for the rules), with one set-based statement per kind of change,
 * then records the run. A run whose head was read before the one already
 * applied changes nothing. A plan that trips the mass-delete guard changes no
 * template and no last synced commit: the run waits for an admin's decision.
 */
export async function applySync(
  deps: SyncDeps,
  context: SyncContext,
  head: Head,
  { beforeCommit, recordVersions = true }: Options = {},
): Promise<ApplyResult> {
  const now = deps.now();
  const tenantId = BigInt(context.tenantId);
  const runId = BigInt(context.runId);
  const applied = await deps.db.$transaction(
    async (tx) => {
      // Serializes with other applies and with disconnect for this installation.
      const [installation] = await tx.$queryRaw<
        {
          id: bigint;
          last_sync_resolved_at: Date | null;
          delete_confirmed_hash: string | null;
          repository_id: bigint | null;
        }[]
      >`
        SELECT id, last_sync_resolved_at, delete_confirmed_hash, repository_id FROM github_app_installations
        WHERE installation_id = ${BigInt(context.installationId)} AND tenant_id = ${tenantId} AND deleted_at IS NULL
        FOR UPDATE`;
      const counts = emptyCounts();
      const finish = async ({ errors, heldPlan, ...result }: Outcome): Promise<ApplyResult> => {
        await tx.syncRun.update({
          where: { id: runId },
          data: {
            status: result.status,
            commit: head.sha,
            ...result.counts,
            // The first 100 and the count: the rest are paged from sync_file_problems.
            errors: errors.length ? errors.slice(0, MAX_STORED_ERRORS) : Prisma.DbNull,
            errorCount: errors.length,
            error: result.message ?? null,
            heldPlan: heldPlan ?? Prisma.DbNull,
            finishedAt: now,
            appliedAt: now,
            durationMs: now.getTime() - Date.parse(context.startedAt),
          },
        });
        await clearStaging(tx, runId);
        await noteRunOutcome(tx, {
          tenantId,
          runId,
          status: result.status,
          commit: head.sha,
          errors: errors.slice(0, MAX_STORED_ERRORS),
          message: result.message,
        });
        return result;
      };
      // A retried apply step whose earlier attempt committed (Inngest did not hear back):
      // the run is final and its staging is gone, so planning again would see an empty
      // head and delete everything. Answer what was recorded instead. A run closed by
      // someone else (the watchdog, a cancellation) lost its staging the same way.
      const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId } });
      if (run.appliedAt) return recordedResult(run);
      if (run.finishedAt)
        return {
          status: "skipped" as const,
          counts,
          message: `This run had already ended (${run.status}); nothing was applied.`,
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
          message: "A newer sync already handled a later read of the branch; nothing was applied.",
        });
      }

      if (installation.repository_id !== null) await adoptDetached(tx, tenantId, runId, installation.repository_id);
      const templates = await readSyncedTemplates(tx, tenantId);
      const plan = planApply(await readListingForApply(tx, runId), templates, await knownProblems(tx, tenantId));
      await closeEarlierHeldRuns(tx, tenantId, runId);
      const held = holdBack(plan, templates, {
        limits: syncLimits(deps),
        confirmed: installation.delete_confirmed_hash === head.sha,
      });
      if (held) {
        await rememberHeldHead(tx, installation.id, head);
        return finish({
          status: "needs_confirmation",
          counts,
          errors: [],
          message: deleteGuardMessage(held),
          heldPlan: held,
        });
      }
      const { createdIds } = await writePlan(tx, { tenantId, runId, now }, plan);
      if (recordVersions) {
        const scope = { tenantId, runId, installationRowId: installation.id, commit: head.sha, now };
        await recordSyncVersions(tx, scope, { ...plan, createdIds });
      }
      const { errors, problems } = plan;
      await recordProblems(tx, tenantId, problems);
      await tx.githubAppInstallation.update({
        where: { id: installation.id },
        data: {
          lastSyncAt: now,
          lastSyncHash: head.sha,
          lastSyncErrors: errors.slice(0, MAX_STORED_ERRORS),
          lastSyncErrorCount: errors.length,
          lastSyncResolvedAt: new Date(head.resolvedAt),
          heldSyncHash: null,
          deleteConfirmedHash: null,
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
  await recordApplied(deps, context, head, applied);
  return applied;
}

/** What an apply that already committed recorded on its run. */
function recordedResult(run: SyncRun): ApplyResult {
  const counts = {
    created: run.created,
    updated: run.updated,
    moved: run.moved,
    deleted: run.deleted,
    unchanged: run.unchanged,
    invalid: run.invalid,
  };
  return { status: run.status as ApplyResult["status"], counts, ...(run.error ? { message: run.error } : {}) };
}
