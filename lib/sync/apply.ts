import { Prisma } from "../db/generated/client.ts";
import type { DocumentProblem } from "../templates/document";
import type { SyncDeps } from "./deps";
import { knownProblems, recordProblems, type FileProblem } from "./file-problems";
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
 * Applies the head to the tenant's templates in one transaction, matched by
 * sync_source: create new, update changed, mark missing as deleted, revive a
 * path that reappears, move (same blob, new path) keeping the template, keep
 * the last good version of a file that turned invalid. Then records the run.
 * A run whose head was read before the one already applied changes nothing.
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

      const files = await tx.$queryRaw<{ path: string; sha: string; previous_path: string | null }[]>`
        SELECT path, sha, previous_path FROM sync_run_listing WHERE run_id = ${runId} ORDER BY path`;
      const staged = new Map((await tx.syncRunFile.findMany({ where: { runId } })).map((f) => [f.path, f]));
      const templates = await tx.template.findMany({
        where: { tenantId, syncSource: { not: null } },
        select: { id: true, syncSource: true, syncSha: true, deletedAt: true },
      });
      const byPath = new Map(templates.map((t) => [t.syncSource!, t]));
      const inTree = new Set(files.map(({ path }) => path));
      // Live templates whose path vanished, by blob: candidates for a move.
      // Renames GitHub reported claim their template first; the blob rule gets the rest.
      const renamedFrom = new Map<string, (typeof templates)[number]>();
      for (const f of files) {
        const source = f.previous_path ? byPath.get(f.previous_path) : undefined;
        if (source && !source.deletedAt && !inTree.has(source.syncSource!) && !byPath.has(f.path))
          renamedFrom.set(f.path, source);
      }
      const claimed = new Set([...renamedFrom.values()].map((t) => t.id));
      const vanished = new Map<string, (typeof templates)[number][]>();
      for (const t of templates) {
        if (t.deletedAt || inTree.has(t.syncSource!) || claimed.has(t.id)) continue;
        vanished.set(t.syncSha!, [...(vanished.get(t.syncSha!) ?? []), t]);
      }

      const known = await knownProblems(tx, tenantId);
      const problems: FileProblem[] = [];
      const errors: SyncFileError[] = [];
      const creates: Prisma.TemplateCreateManyInput[] = [];
      const movedIds = new Set<bigint>();
      for (const { path, sha } of files) {
        const existing = byPath.get(path);
        const file = staged.get(path);
        // An unchanged invalid file was not fetched again: its recorded problem still holds.
        const problem = file
          ? (file.problem as DocumentProblem | null)
          : known.get(path)?.sha === sha
            ? known.get(path)!.problem
            : null;
        const renamed = renamedFrom.get(path);
        if (problem) {
          // A renamed file that turned invalid keeps its template (last good version) at the new path.
          if (renamed) {
            await tx.template.update({ where: { id: renamed.id }, data: { syncSource: path } });
            movedIds.add(renamed.id);
          }
          counts.invalid++;
          errors.push({ path, ...problem });
          problems.push({ path, sha, problem });
          continue;
        }
        if (existing && existing.syncSha === sha) {
          if (existing.deletedAt) {
            await tx.template.update({ where: { id: existing.id }, data: { deletedAt: null } });
            counts.updated++;
          } else counts.unchanged++;
          continue;
        }
        if (!existing) {
          const source = renamed ?? vanished.get(sha)?.shift();
          if (source && source.syncSha === sha) {
            await tx.template.update({ where: { id: source.id }, data: { syncSource: path } });
            movedIds.add(source.id);
            counts.moved++;
            continue;
          }
        }
        if (!file)
          throw new Error(`${path} (${sha.slice(0, 7)}) was not fetched; the plan and the staged files disagree`);
        const data = {
          name: file.name!,
          description: file.description,
          content: file.content as Prisma.InputJsonValue,
          syncSha: sha,
          deletedAt: null,
        };
        if (renamed) {
          // Edited and moved: the same template, at its new path with its new content.
          await tx.template.update({ where: { id: renamed.id }, data: { ...data, syncSource: path } });
          movedIds.add(renamed.id);
          counts.moved++;
        } else if (existing) {
          await tx.template.update({ where: { id: existing.id }, data });
          counts.updated++;
        } else {
          creates.push({ ...data, tenantId, syncSource: path });
          counts.created++;
        }
      }
      for (let i = 0; i < creates.length; i += 1000) await tx.template.createMany({ data: creates.slice(i, i + 1000) });

      const gone = templates
        .filter((t) => !t.deletedAt && !inTree.has(t.syncSource!) && !movedIds.has(t.id))
        .map((t) => t.id);
      if (gone.length) {
        await tx.template.updateMany({ where: { id: { in: gone }, tenantId }, data: { deletedAt: now } });
        counts.deleted = gone.length;
      }

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
      const result = await finish({ status: errors.length ? "succeeded_with_errors" : "succeeded", counts, errors });
      await beforeCommit?.();
      return result;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
