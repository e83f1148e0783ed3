import { eventType } from "inngest";
import { z } from "zod";
import { inngest } from "./client";

export const SYNC_REASONS = ["connect", "push", "manual", "reconcile"] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

export const syncRequestedSchema = z.object({
  tenantId: z.string().regex(/^\d+$/),
  installationId: z.string().regex(/^\d+$/),
  reason: z.enum(SYNC_REASONS),
  /** The pushed commit, for push syncs (the job still re-reads the branch head). */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  /** The sync_runs row Sync Now created (status queued), so the page can follow it. */
  syncRunId: z.string().regex(/^\d+$/).optional(),
});
export type SyncRequest = z.infer<typeof syncRequestedSchema>;

export const syncRequested = eventType("github/templates.sync.requested", { schema: syncRequestedSchema });

/** Queues a sync. Throws when Inngest cannot be reached, so callers can report it. */
export async function requestSync(request: SyncRequest): Promise<void> {
  const event = syncRequested.create(request);
  await event.validate();
  await inngest.send(event);
}
