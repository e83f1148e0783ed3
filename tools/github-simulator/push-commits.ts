import type { Repository } from "./model";
import type { Payloads } from "./payloads";

/** GitHub lists at most this many commits in a push event (the latest ones). */
const PUSH_COMMITS_LIMIT = 20;

/** The `commits` of a push event, each with the paths it added, removed and modified. */
export async function pushCommits(repo: Repository, payloads: Payloads, shas: string[]) {
  const commits: ReturnType<Payloads["pushCommit"]>[] = [];
  for (const sha of shas.slice(-PUSH_COMMITS_LIMIT)) {
    const info = (await repo.git.readCommit(sha))!;
    const parent = info.parents[0];
    const files = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
    if (parent) {
      for (const f of await repo.git.diff(parent, sha)) {
        if (f.status === "added") files.added.push(f.path);
        else if (f.status === "removed") files.removed.push(f.path);
        else if (f.status === "renamed") {
          files.removed.push(f.previous!);
          files.added.push(f.path);
        } else files.modified.push(f.path);
      }
    } else {
      files.added = (await repo.git.listTree(sha, true)).filter((e) => e.type === "blob").map((e) => e.path);
    }
    commits.push(payloads.pushCommit(repo, info, files));
  }
  return commits;
}
