import type { DocumentProblem } from "../templates/document";
import type { FileProblem } from "./file-problems";
import { emptyCounts, type SyncCounts, type SyncFileError } from "./results";

export type ListedForApply = {
  path: string;
  sha: string;
  previousPath: string | null;
  fetched: boolean;
  problem: DocumentProblem | null;
};
export type SyncedRow = { id: bigint; syncSource: string; syncSha: string; deletedAt: Date | null };

/** The writes that make the templates equal to the head, as sets for one statement each. */
export type ApplyPlan = {
  moves: { id: bigint; path: string }[];
  /** Templates that take the staged content at `path` (changed in place, or edited and moved). */
  updates: { id: bigint; path: string }[];
  revivals: bigint[];
  creates: string[];
  deletes: bigint[];
  problems: FileProblem[];
  errors: SyncFileError[];
  counts: SyncCounts;
};

/**
 * Matches the head's files with the tenant's templates by path: create new,
 * update changed, revive a path that reappears, move a template whose path
 * vanished (renamed per GitHub, else the identical blob at a new path), keep
 * the last good version of a file that turned invalid, delete the rest.
 * `known` holds invalid files recorded earlier, which were not fetched again.
 */
export function planApply(files: ListedForApply[], templates: SyncedRow[], known: Map<string, FileProblem>): ApplyPlan {
  const plan: ApplyPlan = {
    moves: [],
    updates: [],
    revivals: [],
    creates: [],
    deletes: [],
    problems: [],
    errors: [],
    counts: emptyCounts(),
  };
  const { counts } = plan;
  const byPath = new Map(templates.map((t) => [t.syncSource, t]));
  const inTree = new Set(files.map((f) => f.path));
  const isVanished = (t: SyncedRow) => !t.deletedAt && !inTree.has(t.syncSource);
  // Renames GitHub reported claim their template first; the blob rule gets the rest.
  const renamedFrom = new Map<string, SyncedRow>();
  for (const f of files) {
    const source = f.previousPath ? byPath.get(f.previousPath) : undefined;
    if (source && isVanished(source) && !byPath.has(f.path)) renamedFrom.set(f.path, source);
  }
  const claimed = new Set([...renamedFrom.values()].map((t) => t.id));
  const vanished = new Map<string, SyncedRow[]>();
  for (const t of templates) {
    if (isVanished(t) && !claimed.has(t.id)) vanished.set(t.syncSha, [...(vanished.get(t.syncSha) ?? []), t]);
  }
  const moved = new Set<bigint>();
  const move = (t: SyncedRow, path: string) => {
    plan.moves.push({ id: t.id, path });
    moved.add(t.id);
  };

  for (const { path, sha, fetched, problem: fetchedProblem } of files) {
    const existing = byPath.get(path);
    const renamed = renamedFrom.get(path);
    const recorded = known.get(path);
    const problem = fetched ? fetchedProblem : recorded?.sha === sha ? recorded.problem : null;
    if (problem) {
      // A renamed file that turned invalid keeps its template (last good version) at the new path.
      if (renamed) move(renamed, path);
      counts.invalid++;
      plan.errors.push({ path, ...problem });
      plan.problems.push({ path, sha, problem });
      continue;
    }
    if (existing && existing.syncSha === sha) {
      if (existing.deletedAt) {
        plan.revivals.push(existing.id);
        counts.updated++;
      } else counts.unchanged++;
      continue;
    }
    const source = existing ? undefined : (renamed ?? vanished.get(sha)?.shift());
    if (source && source.syncSha === sha) {
      move(source, path);
      counts.moved++;
      continue;
    }
    if (!fetched)
      throw new Error(`${path} (${sha.slice(0, 7)}) was not fetched; the plan and the staged files disagree`);
    if (renamed) {
      // Edited and moved: the same template, at its new path with its new content.
      move(renamed, path);
      plan.updates.push({ id: renamed.id, path });
      counts.moved++;
    } else if (existing) {
      plan.updates.push({ id: existing.id, path });
      counts.updated++;
    } else {
      plan.creates.push(path);
      counts.created++;
    }
  }
  plan.deletes = templates.filter((t) => isVanished(t) && !moved.has(t.id)).map((t) => t.id);
  counts.deleted = plan.deletes.length;
  return plan;
}
