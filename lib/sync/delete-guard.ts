import type { SyncLimits } from "./limits";

/** How many of an organization's synced templates a sync (or a pull request's plan) would soft-delete. */
export type DeleteCounts = { deleting: number; synced: number };

/**
 * The mass-delete guard: a renamed folder, an emptied branch or a wrong branch
 * looks to the sync like "delete everything". A plan that deletes every synced
 * template, or more than the configured percent of them and at least the
 * configured minimum, is applied only after an admin confirms it.
 */
export function tripsDeleteGuard(
  { deleting, synced }: DeleteCounts,
  limits: Pick<SyncLimits, "deleteGuardPercent" | "deleteGuardMinimum">,
): boolean {
  if (deleting <= 0 || synced <= 0) return false;
  if (deleting >= synced) return true;
  return deleting * 100 > synced * limits.deleteGuardPercent && deleting >= limits.deleteGuardMinimum;
}

/** The sentence the settings page and a pull request's check show when the guard holds a plan back. */
export function deleteGuardMessage({ deleting, synced }: DeleteCounts): string {
  const all = deleting >= synced;
  const what = all
    ? `all ${synced} synced template${synced === 1 ? "" : "s"}`
    : `${deleting} of the ${synced} synced templates`;
  return `This change would delete ${what}. Nothing was applied: an admin must confirm it on Allegro's GitHub Sync settings page.`;
}
