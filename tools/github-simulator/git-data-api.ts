import type { Context, Route } from "./http";
import type { Repository } from "./model";
import { requirePermission } from "./permissions";
import { json, notFound, type Reply } from "./reply";
import { withRepo } from "./rest-api";

/**
 * The Git Data API's writes (https://docs.github.com/en/rest/git): blobs, trees with `base_tree`,
 * commits and refs. A commit made without `author`/`committer` is the app's bot's and GitHub signs
 * it (Verified). Ref updates are fast-forward only unless `force` is true (422 "Update is not a
 * fast forward"), and every ref move is a compare-and-swap, so two writers never lose a commit.
 */
const SHA = /^[0-9a-f]{40}$/;
const body = <T>(ctx: Context) => JSON.parse(ctx.body.toString() || "{}") as T;
const invalid = (message: string) =>
  json(422, { message, documentation_url: "https://docs.github.com/rest/git", status: "422" });

const writes = (handler: (ctx: Context, repo: Repository) => Promise<Reply> | Reply) => (ctx: Context) =>
  requirePermission(ctx, "contents", "write") ?? withRepo(handler)(ctx);

/** The app's bot, as author and committer of what it writes with no custom identity. */
export function botIdentity(ctx: Context) {
  const bot = ctx.sim.appBot();
  return { name: bot.login, email: bot.email ?? `${bot.id}+${bot.login}@users.noreply.github.com` };
}

function gitCommitObject(
  ctx: Context,
  repo: Repository,
  info: NonNullable<Awaited<ReturnType<Repository["git"]["readCommit"]>>>,
) {
  const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const full = ctx.sim.payloads.commit(repo, info);
  return {
    sha: info.sha,
    url: `${api}/git/commits/${info.sha}`,
    html_url: full.html_url,
    author: info.author,
    committer: info.committer,
    message: full.commit.message,
    tree: { sha: info.tree, url: `${api}/git/trees/${info.tree}` },
    parents: info.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}` })),
    verification: full.commit.verification,
  };
}

/** Moves `ref` (refs/heads/…) to `sha` when it still points at `expected`; the push webhooks follow. */
export async function moveBranch(ctx: Context, repo: Repository, branch: string, sha: string, expected: string | null) {
  if (!(await repo.git.casBranch(branch, sha, expected))) return false;
  await ctx.sim.branchMoved(repo, branch, expected ?? "0".repeat(40), sha, ctx.sim.appBot().login);
  return true;
}

const branchOf = (ref: string) =>
  ref.startsWith("refs/heads/") ? ref.slice(11) : ref.startsWith("heads/") ? ref.slice(6) : null;

export const gitDataRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/git/blobs",
    handler: writes(async (ctx, repo) => {
      const input = body<{ content?: unknown; encoding?: string }>(ctx);
      if (typeof input.content !== "string") return invalid('Invalid request.\n\n"content" wasn\'t supplied.');
      const buffer = Buffer.from(input.content, input.encoding === "base64" ? "base64" : "utf8");
      const sha = await repo.git.writeBlob(buffer);
      return json(201, { sha, url: `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}` });
    }),
  },
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/git/trees",
    handler: writes(async (ctx, repo) => {
      type Entry = { path?: string; mode?: string; type?: string; sha?: string | null; content?: string };
      const input = body<{ base_tree?: string; tree?: Entry[] }>(ctx);
      if (!Array.isArray(input.tree)) return invalid('Invalid request.\n\n"tree" wasn\'t supplied.');
      const base = input.base_tree ? await repo.git.treeSha(input.base_tree) : null;
      if (input.base_tree && !base) return invalid("base_tree is not a valid tree");
      const entries = [];
      for (const e of input.tree) {
        if (!e.path || !e.mode || e.type !== "blob")
          return invalid("Only blob entries with a path and a mode are supported");
        if (e.content !== undefined && e.sha !== undefined) return invalid("Only one of sha or content may be given");
        let sha = e.sha ?? null;
        if (e.content !== undefined) sha = await repo.git.writeBlob(Buffer.from(e.content, "utf8"));
        else if (sha !== null && (!SHA.test(sha) || (await repo.git.readObject(sha))?.type !== "blob"))
          return invalid(`tree.sha ${sha} is not a valid blob`);
        entries.push({ path: e.path, mode: e.mode, sha });
      }
      const sha = await repo.git.writeTree(base, entries);
      const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
      const tree = await repo.git.listTree(sha, false);
      return json(201, {
        sha,
        url: `${api}/git/trees/${sha}`,
        tree: tree.map((t) => ({ path: t.path, mode: t.mode, type: t.type, sha: t.sha, size: t.size })),
        truncated: false,
      });
    }),
  },
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/git/commits",
    handler: writes(async (ctx, repo) => {
      type Person = { name?: string; email?: string };
      const input = body<{ message?: string; tree?: string; parents?: string[]; author?: Person; committer?: Person }>(
        ctx,
      );
      if (typeof input.message !== "string" || !input.tree)
        return invalid('Invalid request.\n\n"message" and "tree" are required.');
      if (!(await repo.git.treeSha(input.tree))) return invalid("Tree SHA does not exist");
      const parents = input.parents ?? [];
      for (const parent of parents)
        if (!(await repo.git.readCommit(parent))) return invalid("Parent SHA does not exist or is not a commit object");
      const bot = botIdentity(ctx);
      const person = (p: Person | undefined) => (p?.name && p.email ? { name: p.name, email: p.email } : null);
      const author = person(input.author) ?? bot;
      const committer = person(input.committer) ?? (input.author ? author : bot);
      const sha = await repo.git.commitTree(input.tree, parents, input.message, author, committer);
      return json(201, gitCommitObject(ctx, repo, (await repo.git.readCommit(sha))!));
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/git/commits/{sha}",
    handler: withRepo(async (ctx, repo) => {
      const info = await repo.git.readCommit(ctx.params.sha!);
      return info ? json(200, gitCommitObject(ctx, repo, info)) : notFound();
    }),
  },
  {
    method: "POST",
    pattern: "/repos/{owner}/{repo}/git/refs",
    handler: writes(async (ctx, repo) => {
      const input = body<{ ref?: string; sha?: string }>(ctx);
      const branch = input.ref?.startsWith("refs/") ? branchOf(input.ref) : null;
      if (!branch || !/^[\w./-]+$/.test(branch) || branch.includes(".."))
        return invalid(`${input.ref} is not a valid ref name.`);
      if (!input.sha || !(await repo.git.readCommit(input.sha))) return invalid("Object does not exist");
      if (await repo.git.branchHead(branch)) return invalid("Reference already exists");
      if (!(await moveBranch(ctx, repo, branch, input.sha, null))) return invalid("Reference already exists");
      return json(201, { ref: input.ref, object: { sha: input.sha, type: "commit" } });
    }),
  },
  {
    method: "PATCH",
    pattern: "/repos/{owner}/{repo}/git/refs/{ref+}",
    handler: writes(async (ctx, repo) => {
      const input = body<{ sha?: string; force?: boolean }>(ctx);
      const branch = branchOf(ctx.params.ref!);
      const current = branch ? await repo.git.branchHead(branch) : null;
      if (!branch || !current) return invalid("Reference does not exist");
      if (!input.sha || !(await repo.git.readCommit(input.sha))) return invalid("Object does not exist");
      if (!input.force && !(await repo.git.isAncestor(current, input.sha)))
        return invalid("Update is not a fast forward");
      if (!(await moveBranch(ctx, repo, branch, input.sha, current))) return invalid("Update is not a fast forward");
      return json(200, { ref: `refs/heads/${branch}`, object: { sha: input.sha, type: "commit" } });
    }),
  },
  {
    method: "DELETE",
    pattern: "/repos/{owner}/{repo}/git/refs/{ref+}",
    handler: writes(async (ctx, repo) => {
      const branch = branchOf(ctx.params.ref!);
      const current = branch ? await repo.git.branchHead(branch) : null;
      if (!branch || !current) return invalid("Reference does not exist");
      await repo.git.deleteBranch(branch);
      await ctx.sim.branchMoved(repo, branch, current, "0".repeat(40));
      return { status: 204, raw: "" };
    }),
  },
];
