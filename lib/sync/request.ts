import { z } from "../zod";

/**
 * The contract for asking for a sync: what a webhook, Connect, Sync Now or
 * reconcile hands to the job queue, and what the job accepts. lib/ owns it;
 * the Inngest adapter (inngest/) implements `SyncQueue` and consumes it.
 */
/** `confirm`: an admin's "Apply anyway" for a plan the mass-delete guard held back. */
export const SYNC_REASONS = ["connect", "push", "manual", "reconcile", "confirm"] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

export const SYNC_REQUESTED_EVENT = "github/templates.sync.requested";
/** Sync Now travels as its own event, so flow control meant for pushes never merges or drops it. */
export const SYNC_NOW_EVENT = "github/templates.sync-now.requested";

const numericId = z.string().regex(/^\d+$/);

export const syncRequestSchema = z.object({
  tenantId: numericId,
  installationId: numericId,
  reason: z.enum(SYNC_REASONS),
  /** The pushed commit, for push syncs (the job still re-reads the branch head). */
  commit: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  /** The sync_runs row Sync Now or Apply anyway created (status queued), so the page can follow it. */
  syncRunId: numericId.optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

/** The port through which lib/ queues a sync. Rejects when the queue cannot take it. */
export type SyncQueue = { queueSync(request: SyncRequest): Promise<void> };
