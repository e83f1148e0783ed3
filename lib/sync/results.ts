import { z } from "zod";

/** What a sync did to the templates, as stored on sync_runs and shown in the history. */
export type SyncCounts = {
  created: number;
  updated: number;
  moved: number;
  deleted: number;
  unchanged: number;
  invalid: number;
};

export const emptyCounts = (): SyncCounts => ({
  created: 0,
  updated: 0,
  moved: 0,
  deleted: 0,
  unchanged: 0,
  invalid: 0,
});

/** How many invalid files a run and its connection keep inline; the rest are paged from sync_file_problems. */
export const MAX_STORED_ERRORS = 100;

/** A file that is not a valid template, with where the problem is when known. */
export const syncFileErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().optional(),
  column: z.number().optional(),
});
export type SyncFileError = z.infer<typeof syncFileErrorSchema>;

/** Reads a stored error list (jsonb), tolerating null and anything malformed as "no errors". */
export function parseSyncErrors(value: unknown): SyncFileError[] {
  const parsed = z.array(syncFileErrorSchema).safeParse(value ?? []);
  return parsed.success ? parsed.data : [];
}
