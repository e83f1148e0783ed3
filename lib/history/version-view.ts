import { commitUrl, fileUrl } from "../github/links";

/** A version as the API and the History tab show it (snake_case: the API's shape). */
export type VersionView = {
  id: string;
  source: "allegro" | "github";
  /** created | changed | moved | deleted | revived | restored | disconnected | reconnected | recorded */
  event: string;
  created_at: string;
  /** The person who saved it in Allegro, or the commit's author. */
  author: string | null;
  commit?: string;
  message?: string;
  path?: string;
  /** The file on GitHub at that commit (the commit itself for a deletion). */
  url?: string;
  restored_from?: string;
  /** What changed since the version before, in short. */
  summary: string;
};

export type VersionRow = {
  id: bigint;
  source: string;
  event: string;
  textSha256: Uint8Array;
  path: string | null;
  blobSha: string | null;
  commitSha: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  repositoryUrl: string | null;
  restoredFromId: bigint | null;
  createdAt: Date;
  user: { name: string } | null;
};

/** Prisma's select for a VersionRow. */
export const VERSION_SELECT = {
  id: true,
  source: true,
  event: true,
  textSha256: true,
  path: true,
  blobSha: true,
  commitSha: true,
  commitMessage: true,
  commitAuthor: true,
  repositoryUrl: true,
  restoredFromId: true,
  createdAt: true,
  user: { select: { name: true } },
} as const;

export function toVersionView(row: VersionRow, summary: string): VersionView {
  const github = row.source === "github";
  const url =
    github && row.path
      ? row.event === "deleted"
        ? commitUrl(row.repositoryUrl, row.commitSha)
        : fileUrl(row.repositoryUrl, row.commitSha, row.path)
      : null;
  return {
    id: row.id.toString(),
    source: github ? "github" : "allegro",
    event: row.event,
    created_at: row.createdAt.toISOString(),
    author: (github ? row.commitAuthor : row.user?.name) ?? null,
    ...(row.commitSha ? { commit: row.commitSha } : {}),
    ...(row.commitMessage ? { message: row.commitMessage } : {}),
    ...(row.path ? { path: row.path } : {}),
    ...(url ? { url } : {}),
    ...(row.restoredFromId ? { restored_from: row.restoredFromId.toString() } : {}),
    summary,
  };
}

export const keyOf = (sha: Uint8Array) => Buffer.from(sha).toString("hex");
