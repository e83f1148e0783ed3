import { MAX_TEMPLATE_BYTES } from "../templates/document";
import type { SyncDeps } from "./deps";

/** Bounds on one sync, so a huge or hostile repository ends the run with a clear error instead of exhausting the process. */
export type SyncLimits = {
  /** Uncompressed bytes of the repository's tarball. */
  maxArchiveBytes: number;
  /** Entries (files, folders, links) in the tarball. */
  maxArchiveEntries: number;
  /** Bytes of one template file; larger files are reported, never downloaded. */
  maxFileBytes: number;
  /** Template files (.json under the folder) per organization. */
  maxTemplates: number;
  /** The mass-delete guard (lib/sync/delete-guard.ts): a sync deleting more than this percent of the synced templates… */
  deleteGuardPercent: number;
  /** …and at least this many (or every one of them) waits for an admin's confirmation. */
  deleteGuardMinimum: number;
};

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxArchiveEntries: 1_000_000,
  maxFileBytes: MAX_TEMPLATE_BYTES,
  maxTemplates: 50_000,
  deleteGuardPercent: 50,
  deleteGuardMinimum: 10,
};

export function syncLimits(deps: Pick<SyncDeps, "limits">): SyncLimits {
  return { ...DEFAULT_SYNC_LIMITS, ...deps.limits };
}
