import type { Repository } from "./model";

/**
 * What the repository pages read from git: a `<ref>/<path>` split the way GitHub does it
 * (branch names may contain slashes, so the shortest prefix that names a commit wins), and files.
 */
export type RefPath = { ref: string; commit: string; path: string };

export async function splitRefPath(repo: Repository, rest: string): Promise<RefPath | null> {
  const segments = rest.split("/").filter(Boolean);
  for (let i = 1; i <= segments.length; i++) {
    const ref = segments.slice(0, i).join("/");
    const commit = await repo.git.resolveCommit(ref);
    if (commit) return { ref, commit, path: segments.slice(i).join("/") };
  }
  return null;
}

export async function readFile(repo: Repository, commit: string, path: string) {
  const entry = (await repo.git.listTree(commit, true)).find((e) => e.type === "blob" && e.path === path);
  if (!entry) return null;
  const object = await repo.git.readObject(entry.sha);
  return object ? { sha: entry.sha, content: object.content } : null;
}

export async function listFiles(repo: Repository, commit: string) {
  return (await repo.git.listTree(commit, true)).filter((e) => e.type === "blob");
}

/** Whether `ref` is a branch (only branches can be committed to from the web). */
export async function isBranch(repo: Repository, ref: string) {
  return (await repo.git.branchHead(ref)) !== null;
}

/** Browsers post textareas with CRLF line breaks; files keep LF, as GitHub's editor does. */
export const fromTextarea = (text: string) => text.replace(/\r\n/g, "\n");

/** A path typed into the "new file" form: relative, no `.`/`..` segments, no leading slash. */
export function cleanPath(input: string): string | null {
  const path = input.trim().replace(/^\/+/, "");
  const segments = path.split("/");
  if (!path || segments.some((s) => s === "" || s === "." || s === "..")) return null;
  return path;
}
