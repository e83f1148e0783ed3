import { formBody, seeOther } from "./html";
import type { Context, Route } from "./http";
import type { Repository } from "./model";
import type { Reply } from "./reply";
import { cleanPath, fromTextarea, isBranch, listFiles, readFile, splitRefPath } from "./repository-files";
import {
  blobUrl,
  blobView,
  commitView,
  deleteView,
  editView,
  newFileView,
  problemView,
  repoUrl,
  repositoryView,
  treeUrl,
} from "./repository-views";
import { checksSection } from "./pull-request-views";

/**
 * The repository web pages at GitHub's URLs (`/<owner>/<repo>`, `/tree/<ref>`, `/blob/<ref>/<path>`,
 * `/commit/<sha>`), where the app's links land, and the web editor: a commit made here goes through
 * `sim.commit`, so it delivers the push webhook like any push. Listed after the control API, whose
 * `/_simulator/...` paths these patterns would otherwise shadow.
 */
const notFoundPage = () => problemView(404, "Not Found", "No such repository, ref, commit or file.");

function repoOf(ctx: Context): Repository | undefined {
  return ctx.sim.findRepository(ctx.params.owner!, ctx.params.repo!);
}

async function showRepository(ctx: Context, ref: string | null): Promise<Reply> {
  const repo = repoOf(ctx);
  if (!repo) return notFoundPage();
  const name = ref ?? repo.defaultBranch;
  const commit = await repo.git.resolveCommit(name);
  const branches = await repo.git.branches();
  if (!commit && ref) return notFoundPage();
  return repositoryView({
    repo,
    ref: name,
    files: commit ? await listFiles(repo, commit) : [],
    branches,
    commits: commit ? await repo.git.log(commit, 10) : [],
    canCommit: branches.some((b) => b.name === name),
  });
}

/** Resolves `{rest+}` to a branch and an existing file, for the edit and delete pages. */
async function branchFile(ctx: Context) {
  const repo = repoOf(ctx);
  const target = repo && (await splitRefPath(repo, ctx.params.rest!));
  if (!repo || !target || !(await isBranch(repo, target.ref))) return null;
  const file = await readFile(repo, target.commit, target.path);
  return file ? { repo, branch: target.ref, path: target.path, file } : null;
}

/**
 * Commits the form's change to the branch, or (GitHub's "Create a new branch for this commit and
 * start a pull request") to a new branch made from it. Answers where the browser goes next:
 * `done` for a direct commit, the new pull request form otherwise.
 */
async function commitChange(
  ctx: Context,
  repo: Repository,
  branch: string,
  change: Parameters<typeof ctx.sim.commit>[1],
  done: string,
) {
  const form = formBody(ctx);
  const full = `${repo.owner.login}/${repo.name}`;
  if (form.get("commit_choice") !== "new-branch") {
    await ctx.sim.commit(full, { ...change, branch });
    return seeOther(done);
  }
  const target = (form.get("new_branch") ?? "").trim();
  if (!/^[\w.\-/]+$/.test(target) || target.startsWith("/") || target.includes(".."))
    return problemView(422, "Invalid branch name", "Give a branch name such as patch-1.");
  if (await repo.git.branchHead(target)) return problemView(422, "Branch exists", `A branch named ${target} exists.`);
  await ctx.sim.createBranch(full, target, branch);
  await ctx.sim.commit(full, { ...change, branch: target });
  return seeOther(`${repoUrl(repo)}/compare?base=${encodeURIComponent(branch)}&head=${encodeURIComponent(target)}`);
}

export const repositoryRoutes: Route[] = [
  { method: "GET", pattern: "/{owner}/{repo}", handler: (ctx) => showRepository(ctx, null) },
  { method: "GET", pattern: "/{owner}/{repo}/tree/{ref+}", handler: (ctx) => showRepository(ctx, ctx.params.ref!) },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/blob/{rest+}",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const target = repo && (await splitRefPath(repo, ctx.params.rest!));
      const file = target && (await readFile(repo, target.commit, target.path));
      if (!repo || !target || !file) return notFoundPage();
      const canCommit = await isBranch(repo, target.ref);
      return blobView({ repo, ref: target.ref, path: target.path, content: file.content, canCommit });
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/commit/{sha}",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const sha = repo && (await repo.git.resolveCommit(ctx.params.sha!));
      const commit = sha ? await repo.git.readCommit(sha) : null;
      if (!repo || !commit) return notFoundPage();
      const checks = checksSection(repo, ctx.sim.checkRuns.onCommit(repo, commit.sha));
      return commitView({ repo, commit, patch: await repo.git.patch(commit.sha), checks });
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/edit/{rest+}",
    handler: async (ctx) => {
      const found = await branchFile(ctx);
      if (!found) return notFoundPage();
      return editView({ ...found, content: found.file.content.toString("utf8") });
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/edit/{rest+}",
    handler: async (ctx) => {
      const found = await branchFile(ctx);
      if (!found) return notFoundPage();
      const form = formBody(ctx);
      const content = fromTextarea(form.get("content") ?? "");
      const message = form.get("message") || `Update ${found.path}`;
      return commitChange(
        ctx,
        found.repo,
        found.branch,
        { changes: [{ action: "put", path: found.path, content }], message },
        blobUrl(found.repo, found.branch, found.path),
      );
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/delete/{rest+}",
    handler: async (ctx) => {
      const found = await branchFile(ctx);
      return found ? deleteView(found) : notFoundPage();
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/delete/{rest+}",
    handler: async (ctx) => {
      const found = await branchFile(ctx);
      if (!found) return notFoundPage();
      const message = formBody(ctx).get("message") || `Delete ${found.path}`;
      return commitChange(
        ctx,
        found.repo,
        found.branch,
        { changes: [{ action: "delete", path: found.path }], message },
        treeUrl(found.repo, found.branch),
      );
    },
  },
  {
    method: "GET",
    pattern: "/{owner}/{repo}/new/{branch+}",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      if (!repo || !(await isBranch(repo, ctx.params.branch!))) return notFoundPage();
      return newFileView({ repo, branch: ctx.params.branch!, path: ctx.url.searchParams.get("path") ?? "" });
    },
  },
  {
    method: "POST",
    pattern: "/{owner}/{repo}/new/{branch+}",
    handler: async (ctx) => {
      const repo = repoOf(ctx);
      const branch = ctx.params.branch!;
      const head = repo && (await repo.git.branchHead(branch));
      if (!repo || !head) return notFoundPage();
      const form = formBody(ctx);
      const path = cleanPath(form.get("path") ?? "");
      if (!path) return problemView(422, "Invalid file path", "Give a relative path such as templates/welcome.json.");
      if (await readFile(repo, head, path))
        return problemView(422, "File exists", `A file named ${path} already exists on ${branch}.`);
      const content = fromTextarea(form.get("content") ?? "");
      return commitChange(
        ctx,
        repo,
        branch,
        { changes: [{ action: "put", path, content }], message: form.get("message") || `Create ${path}` },
        blobUrl(repo, branch, path),
      );
    },
  },
];
