import { z } from "../zod";
import type { ApplyPlan, SyncedRow } from "./apply-plan";
import { tripsDeleteGuard } from "./delete-guard";
import type { SyncLimits } from "./limits";
import type { SyncCounts } from "./results";

/** How many of the paths to be deleted a held run keeps to show (the rest is a count). */
export const HELD_PATHS_KEPT = 200;

/** What the mass-delete guard held back, as stored on the run (`sync_runs.held_plan`) for the settings page. */
export const heldPlanSchema = z.object({
  deleting: z.number(),
  synced: z.number(),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    moved: z.number(),
    deleted: z.number(),
    unchanged: z.number(),
    invalid: z.number(),
  }) satisfies z.ZodType<SyncCounts>,
  /** The first paths to be deleted, in path order. */
  paths: z.array(z.string()),
  /** How many more paths would be deleted than `paths` lists. */
  more: z.number(),
});
export type HeldPlan = z.infer<typeof heldPlanSchema>;

/**
 * The plan as the guard sees it: what it would soft-delete against the
 * organization's synced, not deleted templates. Null when it may be applied:
 * under the threshold, or for the very commit an admin confirmed.
 */
export function holdBack(
  plan: ApplyPlan,
  templates: SyncedRow[],
  { limits, confirmed }: { limits: SyncLimits; confirmed: boolean },
): HeldPlan | null {
  const counts = { deleting: plan.deletes.length, synced: templates.filter((t) => !t.deletedAt).length };
  if (confirmed || !tripsDeleteGuard(counts, limits)) return null;
  const deleting = new Set(plan.deletes);
  const paths = templates
    .filter((t) => deleting.has(t.id))
    .map((t) => t.syncSource)
    .sort();
  return {
    ...counts,
    counts: plan.counts,
    paths: paths.slice(0, HELD_PATHS_KEPT),
    more: Math.max(0, paths.length - HELD_PATHS_KEPT),
  };
}

/** Reads a stored held plan, tolerating anything malformed as none. */
export function parseHeldPlan(value: unknown): HeldPlan | null {
  const parsed = heldPlanSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
