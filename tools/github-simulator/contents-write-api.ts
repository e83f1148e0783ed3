import { botIdentity, moveBranch } from "./git-data-api";
import type { Context, Route } from "./http";
import type { Repository } from "./model";
import { requirePermission } from "./permissions";
import { json, notFound, type Reply } from "./reply";
import { paginate, withRepo } from "./rest-api";

/**
 * The Contents API's writes (https://docs.github.com/en/rest/repos/contents): `PUT` creates or
 * updates a file and `DELETE` removes it, each as one commit on `branch` (default: the default
 * branch) by the app's bot. Updating or deleting needs the file's current blob `sha`: missing
 * → 422, stale → 409, as GitHub answers. Also the commit list (`GET /commits?sha=&path=`).
 */
const body = <T>(ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as T;
const refusal = (status: number, message: string) =>
  json(status, { message, documentation_url: "https://docs.github.com/rest/repos/contents", status: String(status) });

type Write = { message?: string; content?: string; sha?: string; branch?: string };

async function commitFile(ctx: Context, repo: Repository, remove: boolean): Promise<Reply> {
  const input = body<Write>(ctx);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  if (!path || path.split("/").some((p) => p === "" || p === "." || p === "..")) return refusal(422, "path is invalid");
  if (typeof input.message !== "string" || !input.message)
    return refusal(422, 'Invalid request.\n\n"message" wasn\'t supplied.');
  if (!remove && typeof input.content !== "string")
    return refusal(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
  const branch = input.branch ?? repo.defaultBranch;
  const head = await repo.git.branchHead(branch);
  if (!head) return refusal(404, `Branch ${branch} not found`);
  const current = await repo.git.blobAt(head, path);
  if (remove && !current) return notFound();
  if (current && !input.sha) return refusal(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  if (input.sha && input.sha !== current) return refusal(409, `${path} does not match ${input.sha}`);
  const blob = remove ? null : await repo.git.writeBlob(Buffer.from(input.content!, "base64"));
  const tree = await repo.git.writeTree((await repo.git.treeSha(head))!, [{ path, mode: "100644", sha: blob }]);
  const bot = botIdentity(ctx);
  const commit = await repo.git.commitTree(tree, [head], input.message, bot, bot);
  // The branch moved since it was read: GitHub answers 409 too.
  if (!(await moveBranch(ctx, repo, branch, commit, head))) return refusal(409, `${branch} moved while committing`);
  const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const web = `${ctx.sim.url}/${repo.owner.login}/${repo.name}`;
  const info = (await repo.git.readCommit(commit))!;
  const content = blob && {
    name: path.split("/").pop(),
    path,
    sha: blob,
    size: Buffer.from(input.content!, "base64").length,
    url: `${api}/contents/${path}?ref=${branch}`,
    html_url: `${web}/blob/${branch}/${path}`,
    git_url: `${api}/git/blobs/${blob}`,
    type: "file",
  };
  const payload = ctx.sim.payloads.commit(repo, info);
  return json(remove || current ? 200 : 201, {
    content,
    commit: {
      sha: commit,
      html_url: payload.html_url,
      message: payload.commit.message,
      author: info.author,
      committer: info.committer,
      verification: payload.commit.verification,
    },
  });
}

export const contentsWriteRoutes: Route[] = [
  {
    method: "PUT",
    pattern: "/repos/{owner}/{repo}/contents/{path+}",
    handler: (ctx) =>
      requirePermission(ctx, "contents", "write") ?? withRepo((c, repo) => commitFile(c, repo, false))(ctx),
  },
  {
    method: "DELETE",
    pattern: "/repos/{owner}/{repo}/contents/{path+}",
    handler: (ctx) =>
      requirePermission(ctx, "contents", "write") ?? withRepo((c, repo) => commitFile(c, repo, true))(ctx),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/commits",
    handler: withRepo(async (ctx, repo) => {
      const ref = ctx.url.searchParams.get("sha") ?? repo.defaultBranch;
      const path = ctx.url.searchParams.get("path");
      const shas = await repo.git.logPath(ref, path, 10_000);
      if (!shas.length && !(await repo.git.resolveCommit(ref))) return refusal(404, `No commit found for SHA: ${ref}`);
      const { page, headers } = paginate(ctx, shas);
      const commits = [];
      for (const sha of page) commits.push(ctx.sim.payloads.commit(repo, (await repo.git.readCommit(sha))!));
      return json(200, commits, headers);
    }),
  },
];
