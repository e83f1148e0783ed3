import { newToken } from "./auth";
import type { Context, Route } from "./http";
import type { Repository } from "./model";
import { iso } from "./payloads";
import { effectivePermissions } from "./permissions";
import { json, notFound, type Reply } from "./reply";

const GITHUB_TREE_LIMIT = 100_000;
const COMPARE_FILES_LIMIT = 300;
const CONTENTS_INLINE_LIMIT = 1024 * 1024;

/** page/per_page pagination with GitHub's Link header. */
export function paginate<T>(ctx: Context, items: T[]): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
  const page = Math.max(1, Number(ctx.url.searchParams.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const url = new URL(ctx.url);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(p));
    return `<${url}>; rel="${rel}"`;
  };
  const links = [];
  if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

/** The repository named in the path, when the calling installation can see it. */
function repoFor(ctx: Context): Repository | null {
  const repo = ctx.sim.findRepository(ctx.params.owner!, ctx.params.repo!);
  if (!repo || !ctx.installation?.repositoryIds.has(repo.id)) return null;
  return repo;
}

export function withRepo(handler: (ctx: Context, repo: Repository) => Promise<Reply> | Reply) {
  return (ctx: Context) => {
    const repo = repoFor(ctx);
    return repo ? handler(ctx, repo) : notFound();
  };
}

const base64Lines = (buffer: Buffer) =>
  buffer.toString("base64").replace(/(.{60})/g, "$1\n") + (buffer.length ? "\n" : "");

async function branchObject(ctx: Context, repo: Repository, name: string) {
  const sha = await repo.git.branchHead(name);
  if (!sha) return null;
  const info = (await repo.git.readCommit(sha))!;
  const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  return {
    name,
    commit: ctx.sim.payloads.commit(repo, info),
    _links: { self: `${api}/branches/${name}`, html: `${ctx.sim.url}/${repo.owner.login}/${repo.name}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
    protection_url: `${api}/branches/${name}/protection`,
  };
}

function refObject(ctx: Context, repo: Repository, ref: string, sha: string) {
  const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  return {
    ref,
    node_id: Buffer.from(`REF_${repo.id}_${ref}`).toString("base64"),
    url: `${api}/git/${ref}`,
    object: { sha, type: "commit", url: `${api}/git/commits/${sha}` },
  };
}

export const restRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/app",
    handler: (ctx) => json(200, ctx.sim.payloads.app(ctx.sim.app, ctx.sim.installations.size)),
  },
  {
    method: "GET",
    pattern: "/app/installations",
    handler: (ctx) => {
      const all = [...ctx.sim.installations.values()].map((i) => ctx.sim.payloads.installation(ctx.sim.app, i));
      const { page, headers } = paginate(ctx, all);
      return json(200, page, headers);
    },
  },
  {
    method: "GET",
    pattern: "/app/installations/{id}",
    handler: (ctx) => {
      const installation = ctx.sim.installations.get(Number(ctx.params.id));
      return installation ? json(200, ctx.sim.payloads.installation(ctx.sim.app, installation)) : notFound();
    },
  },
  {
    method: "POST",
    pattern: "/app/installations/{id}/access_tokens",
    handler: (ctx) => {
      const installation = ctx.sim.installations.get(Number(ctx.params.id));
      if (!installation) return notFound();
      if (installation.suspendedAt)
        return json(403, {
          message: "This installation has been suspended",
          documentation_url: "https://docs.github.com/rest",
        });
      const token = newToken("ghs");
      const expiresAt = new Date(ctx.sim.now() + 3600_000);
      ctx.sim.tokens.set(token, { token, installationId: installation.id, expiresAt });
      ctx.installation = installation;
      return json(201, {
        token,
        expires_at: iso(expiresAt),
        permissions: effectivePermissions(ctx.sim.app, installation),
        repository_selection: installation.repositorySelection,
      });
    },
  },
  {
    method: "GET",
    pattern: "/installation/repositories",
    handler: (ctx) => {
      const installation = ctx.installation!;
      const repos = ctx.sim.installationRepositories(installation);
      const { page, headers } = paginate(ctx, repos);
      return json(
        200,
        {
          total_count: repos.length,
          repository_selection: installation.repositorySelection,
          repositories: page.map((r) => ctx.sim.payloads.repository(r)),
        },
        headers,
      );
    },
  },
  {
    method: "GET",
    pattern: "/rate_limit",
    handler: (ctx) => {
      const i = ctx.installation;
      const core = {
        limit: i?.rateLimit ?? 5000,
        used: i?.used ?? 0,
        remaining: (i?.rateLimit ?? 5000) - (i?.used ?? 0),
        reset: Math.ceil((i?.windowResetAt ?? ctx.sim.now()) / 1000),
      };
      return json(200, { resources: { core }, rate: core });
    },
  },
  {
    // Undocumented in GitHub's REST reference but stable: the repository by its id, under its current name.
    method: "GET",
    pattern: "/repositories/{id}",
    handler: (ctx) => {
      const repo = ctx.sim.repositories.get(Number(ctx.params.id));
      if (!repo || !ctx.installation?.repositoryIds.has(repo.id)) return notFound();
      return json(200, {
        ...ctx.sim.payloads.repository(repo),
        permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
      });
    },
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}",
    handler: withRepo((ctx, repo) =>
      json(200, {
        ...ctx.sim.payloads.repository(repo),
        permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
      }),
    ),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/branches",
    handler: withRepo(async (ctx, repo) => {
      const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
      const branches = (await repo.git.branches()).map((b) => ({
        name: b.name,
        commit: { sha: b.sha, url: `${api}/commits/${b.sha}` },
        protected: false,
      }));
      const { page, headers } = paginate(ctx, branches);
      return json(200, page, headers);
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/branches/{branch+}",
    handler: withRepo(async (ctx, repo) => {
      const branch = await branchObject(ctx, repo, ctx.params.branch!);
      return branch
        ? json(200, branch)
        : json(404, {
            message: "Branch not found",
            documentation_url: "https://docs.github.com/rest/branches/branches#get-a-branch",
          });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/git/ref/{ref+}",
    handler: withRepo(async (ctx, repo) => {
      const ref = ctx.params.ref!;
      const sha = ref.startsWith("heads/")
        ? await repo.git.branchHead(ref.slice(6))
        : ref.startsWith("tags/")
          ? await repo.git.resolveCommit(`refs/${ref}`)
          : null;
      return sha ? json(200, refObject(ctx, repo, `refs/${ref}`, sha)) : notFound();
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/git/matching-refs/{ref*}",
    handler: withRepo(async (ctx, repo) => {
      const prefix = ctx.params.ref ?? "";
      const out = await repo.git.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/"]);
      const refs = out
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(" ") as [string, string])
        .filter(([name]) => name.startsWith(`refs/${prefix}`))
        .map(([name, sha]) => refObject(ctx, repo, name, sha));
      return json(200, refs);
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/commits/{ref+}",
    handler: withRepo(async (ctx, repo) => {
      const sha = await repo.git.resolveCommit(ctx.params.ref!);
      if (!sha)
        return json(422, {
          message: `No commit found for SHA: ${ctx.params.ref}`,
          documentation_url: "https://docs.github.com/rest/commits/commits#get-a-commit",
        });
      const info = (await repo.git.readCommit(sha))!;
      const files = info.parents[0] ? await repo.git.diff(info.parents[0], sha) : [];
      return json(200, {
        ...ctx.sim.payloads.commit(repo, info),
        stats: {
          total: files.reduce((n, f) => n + f.additions + f.deletions, 0),
          additions: files.reduce((n, f) => n + f.additions, 0),
          deletions: files.reduce((n, f) => n + f.deletions, 0),
        },
        files: files.slice(0, COMPARE_FILES_LIMIT).map((f) => fileEntry(ctx, repo, sha, f)),
      });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/git/trees/{sha+}",
    handler: withRepo(async (ctx, repo) => {
      const treeSha = await repo.git.treeSha(ctx.params.sha!);
      if (!treeSha) return notFound();
      // GitHub treats any value of `recursive` as recursive.
      const recursive = ctx.url.searchParams.has("recursive");
      let entries = await repo.git.listTree(treeSha, recursive);
      const limit = Math.min(
        GITHUB_TREE_LIMIT,
        recursive ? (repo.truncateTreesAt ?? GITHUB_TREE_LIMIT) : GITHUB_TREE_LIMIT,
      );
      const truncated = entries.length > limit;
      if (truncated) entries = entries.slice(0, limit);
      const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
      return json(200, {
        sha: treeSha,
        url: `${api}/git/trees/${treeSha}`,
        tree: entries.map((e) => ({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(e.type === "blob" ? { size: e.size } : {}),
          url: `${api}/git/${e.type === "blob" ? "blobs" : "trees"}/${e.sha}`,
        })),
        truncated,
      });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/git/blobs/{sha}",
    handler: withRepo(async (ctx, repo) => {
      const object = await repo.git.readObject(ctx.params.sha!);
      if (!object || object.type !== "blob") return notFound();
      return json(200, {
        sha: ctx.params.sha,
        node_id: Buffer.from(`BLOB_${ctx.params.sha}`).toString("base64"),
        size: object.content.length,
        url: `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/blobs/${ctx.params.sha}`,
        content: base64Lines(object.content),
        encoding: "base64",
      });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/contents/{path*}",
    handler: withRepo(async (ctx, repo) => {
      const ref = ctx.url.searchParams.get("ref") ?? repo.defaultBranch;
      const sha = await repo.git.resolveCommit(ref);
      if (!sha)
        return json(404, {
          message: `No commit found for the ref ${ref}`,
          documentation_url: "https://docs.github.com/rest/repos/contents",
        });
      const target = (ctx.params.path ?? "").replace(/\/+$/, "");
      const api = `${ctx.sim.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
      const web = `${ctx.sim.url}/${repo.owner.login}/${repo.name}`;
      const entry = (e: { path: string; type: string; sha: string; size?: number }) => ({
        name: e.path.split("/").pop(),
        path: e.path,
        sha: e.sha,
        size: e.size ?? 0,
        url: `${api}/contents/${e.path}?ref=${ref}`,
        html_url: `${web}/${e.type === "tree" ? "tree" : "blob"}/${ref}/${e.path}`,
        git_url: `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
        download_url: e.type === "blob" ? `${ctx.sim.url}/${repo.owner.login}/${repo.name}/raw/${ref}/${e.path}` : null,
        type: e.type === "tree" ? "dir" : "file",
        _links: {
          self: `${api}/contents/${e.path}?ref=${ref}`,
          git: `${api}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
          html: `${web}/blob/${ref}/${e.path}`,
        },
      });
      if (target === "") {
        return json(200, (await repo.git.listTree(sha, false)).map(entry));
      }
      const all = await repo.git.listTree(sha, true);
      const found = all.find((e) => e.path === target);
      if (!found) return notFound();
      if (found.type === "tree")
        return json(
          200,
          all
            .filter((e) => e.path.startsWith(`${target}/`) && !e.path.slice(target.length + 1).includes("/"))
            .map(entry),
        );
      const object = (await repo.git.readObject(found.sha))!;
      const inline = object.content.length <= CONTENTS_INLINE_LIMIT;
      return json(200, {
        ...entry(found),
        content: inline ? base64Lines(object.content) : "",
        encoding: inline ? "base64" : "none",
      });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/compare/{basehead+}",
    handler: withRepo(async (ctx, repo) => {
      const [baseRef, headRef] = ctx.params.basehead!.split("...");
      const base = baseRef ? await repo.git.resolveCommit(baseRef) : null;
      const head = headRef ? await repo.git.resolveCommit(headRef) : null;
      if (!base || !head) return notFound();
      const mergeBase = await repo.git.mergeBase(base, head);
      const ahead = await repo.git.commitsBetween(base, head);
      const behind = await repo.git.commitsBetween(head, base);
      const files = mergeBase ? await repo.git.diff(mergeBase, head) : [];
      const commits = [];
      for (const sha of ahead.slice(0, 250))
        commits.push(ctx.sim.payloads.commit(repo, (await repo.git.readCommit(sha))!));
      const full = `${repo.owner.login}/${repo.name}`;
      return json(200, {
        url: `${ctx.sim.apiUrl}/repos/${full}/compare/${baseRef}...${headRef}`,
        html_url: `${ctx.sim.url}/${full}/compare/${baseRef}...${headRef}`,
        base_commit: ctx.sim.payloads.commit(repo, (await repo.git.readCommit(base))!),
        merge_base_commit: mergeBase ? ctx.sim.payloads.commit(repo, (await repo.git.readCommit(mergeBase))!) : null,
        status:
          ahead.length && behind.length ? "diverged" : ahead.length ? "ahead" : behind.length ? "behind" : "identical",
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits,
        files: files.slice(0, COMPARE_FILES_LIMIT).map((f) => fileEntry(ctx, repo, head, f)),
      });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/{owner}/{repo}/tarball/{ref*}",
    handler: withRepo(async (ctx, repo) => {
      const sha = await repo.git.resolveCommit(ctx.params.ref || repo.defaultBranch);
      if (!sha) return notFound();
      const token = newToken("codeload");
      ctx.sim.codeload.set(token, { repositoryId: repo.id, sha, expiresAt: ctx.sim.now() + 5 * 60_000 });
      return { status: 302, headers: { location: `${ctx.sim.url}/_codeload/${token}` }, raw: "" };
    }),
  },
  {
    method: "GET",
    pattern: "/user",
    handler: (ctx) => json(200, ctx.sim.payloads.user(ctx.sim.findAccount(ctx.params.__user!)!)),
  },
  {
    method: "GET",
    pattern: "/user/installations",
    handler: (ctx) => {
      const user = ctx.sim.findAccount(ctx.params.__user!)!;
      const visible = [...ctx.sim.installations.values()].filter((i) => ctx.sim.canSee(user, i.account));
      const { page, headers } = paginate(ctx, visible);
      return json(
        200,
        { total_count: visible.length, installations: page.map((i) => ctx.sim.payloads.installation(ctx.sim.app, i)) },
        headers,
      );
    },
  },
];

export function fileEntry(
  ctx: Context,
  repo: Repository,
  sha: string,
  f: { status: string; path: string; previous?: string; sha: string; additions: number; deletions: number },
) {
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    sha: f.status === "removed" ? "0000000000000000000000000000000000000000" : f.sha,
    filename: f.path,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${ctx.sim.url}/${full}/blob/${sha}/${f.path}`,
    raw_url: `${ctx.sim.url}/${full}/raw/${sha}/${f.path}`,
    contents_url: `${ctx.sim.apiUrl}/repos/${full}/contents/${f.path}?ref=${sha}`,
    ...(f.previous ? { previous_filename: f.previous } : {}),
  };
}
