import type { CommitInfo, TreeEntry } from "./git-store";
import { escape, page } from "./html";
import type { Repository } from "./model";
import type { Reply } from "./reply";

/** The repository pages, as GitHub lays them out: code, a file, a commit, and the edit/new/delete forms. */
const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");
export const repoUrl = (repo: Repository) => `/${repo.owner.login}/${repo.name}`;
export const blobUrl = (repo: Repository, ref: string, path: string) =>
  `${repoUrl(repo)}/blob/${encodePath(ref)}/${encodePath(path)}`;
export const treeUrl = (repo: Repository, ref: string) => `${repoUrl(repo)}/tree/${encodePath(ref)}`;
const commitUrl = (repo: Repository, sha: string) => `${repoUrl(repo)}/commit/${sha}`;
const firstLine = (message: string) => message.split("\n")[0] ?? "";

/** The page's heading: the repository (a link to its page), then where in it. */
function title(repo: Repository, rest = "") {
  const name = `${repo.owner.login}/${repo.name}`;
  return `<h1><a href="${escape(repoUrl(repo))}">${escape(name)}</a>${rest}</h1>`;
}

function commitList(repo: Repository, commits: CommitInfo[]) {
  const items = commits.map(
    (c) =>
      `<li><a href="${commitUrl(repo, c.sha)}"><code>${c.sha.slice(0, 7)}</code></a> ${escape(firstLine(c.message))}
<span class="note">by ${escape(c.author.name)} on <time datetime="${c.author.date}">${c.author.date.replace("T", " ").replace("Z", " UTC")}</time></span></li>`,
  );
  return `<ul class="list">${items.join("")}</ul>`;
}

export function repositoryView(input: {
  repo: Repository;
  ref: string;
  files: TreeEntry[];
  branches: { name: string; sha: string }[];
  commits: CommitInfo[];
  canCommit: boolean;
}): Reply {
  const { repo, ref, files, branches, commits, canCommit } = input;
  const fileItems = files.map(
    (f) =>
      `<li><a href="${escape(blobUrl(repo, ref, f.path))}">${escape(f.path)}</a> <span class="note">${f.size} B</span></li>`,
  );
  const branchItems = branches.map(
    (b) =>
      `<li><a href="${escape(treeUrl(repo, b.name))}"${b.name === ref ? ' aria-current="page"' : ""}>${escape(b.name)}</a>${b.name === repo.defaultBranch ? ' <span class="note">default</span>' : ""}</li>`,
  );
  const pulls = `<a href="${escape(`${repoUrl(repo)}/pulls`)}">Pull requests</a>`;
  const add = `<p class="actions">${canCommit ? `<a href="${escape(`${repoUrl(repo)}/new/${encodePath(ref)}`)}">Add file</a>` : ""}${pulls}</p>`;
  return page(
    `${repo.owner.login}/${repo.name}`,
    `${title(repo)}<p class="note">${repo.private ? "Private" : "Public"} repository · showing <strong>${escape(ref)}</strong></p>
<h2 id="files">Files</h2>${add}${files.length ? `<ul class="list" aria-labelledby="files">${fileItems.join("")}</ul>` : "<p>No files.</p>"}
<h2 id="branches">Branches</h2><ul class="list" aria-labelledby="branches">${branchItems.join("")}</ul>
<h2>Recent commits</h2>${commitList(repo, commits)}`,
  );
}

export function blobView(input: { repo: Repository; ref: string; path: string; content: Buffer; canCommit: boolean }) {
  const { repo, ref, path, content, canCommit } = input;
  const binary = content.subarray(0, 8000).includes(0);
  const actions = canCommit
    ? `<p class="actions"><a href="${escape(`${repoUrl(repo)}/edit/${encodePath(ref)}/${encodePath(path)}`)}">Edit file</a>
<a href="${escape(`${repoUrl(repo)}/delete/${encodePath(ref)}/${encodePath(path)}`)}">Delete file</a></p>`
    : `<p class="note">Not a branch: open a branch to edit.</p>`;
  return page(
    `${path} at ${ref} · ${repo.owner.login}/${repo.name}`,
    `${title(repo, ` / <a href="${escape(treeUrl(repo, ref))}">${escape(ref)}</a>`)}
<h2><code>${escape(path)}</code></h2><p class="note">${content.length} bytes</p>${actions}
${binary ? "<p>Binary file not shown.</p>" : `<pre aria-label="File content"><code>${escape(content.toString("utf8"))}</code></pre>`}`,
  );
}

export function commitView(input: { repo: Repository; commit: CommitInfo; patch: string; checks?: string }) {
  const { repo, commit, patch, checks = "" } = input;
  const parents = commit.parents.map((p) => `<a href="${commitUrl(repo, p)}"><code>${p.slice(0, 7)}</code></a>`);
  return page(
    `${firstLine(commit.message)} · ${repo.owner.login}/${repo.name}@${commit.sha.slice(0, 7)}`,
    `${title(repo, ` / commit <code>${commit.sha.slice(0, 7)}</code>`)}
<h2>${escape(firstLine(commit.message))}</h2>
<p>${escape(commit.author.name)} committed on <time datetime="${commit.author.date}">${commit.author.date}</time></p>
<p class="note">commit <code>${commit.sha}</code>${parents.length ? ` · parent ${parents.join(", ")}` : " · root commit"} ·
<a href="${escape(treeUrl(repo, commit.sha))}">Browse files</a></p>
${checks}<pre aria-label="Changes"><code>${escape(patch || "No changes.")}</code></pre>`,
  );
}

/** The commit message, and GitHub's choice between committing to the branch and to a new branch (then a pull request). */
const commitFields = (message: string, branch?: string) =>
  `<label for="message">Commit message</label><input type="text" id="message" name="message" value="${escape(message)}" required>` +
  (branch
    ? `<fieldset><legend>Where to commit</legend>
<label><input type="radio" name="commit_choice" value="direct" checked> Commit directly to the <code>${escape(branch)}</code> branch</label>
<label><input type="radio" name="commit_choice" value="new-branch"> Create a new branch for this commit and start a pull request</label>
<label for="new_branch">New branch name</label><input type="text" id="new_branch" name="new_branch" value="patch-${Date.now().toString(36)}" spellcheck="false"></fieldset>`
    : "");

export function editView(input: { repo: Repository; branch: string; path: string; content: string }) {
  const { repo, branch, path, content } = input;
  return page(
    `Editing ${path} · ${repo.owner.login}/${repo.name}`,
    `${title(repo, ` / ${escape(branch)}`)}<h2>Edit <code>${escape(path)}</code></h2>
<form method="post"><label for="content">File content</label>
<textarea id="content" name="content" spellcheck="false">\n${escape(content)}</textarea>
${commitFields(`Update ${path}`, branch)}<button type="submit">Commit changes</button></form>`,
  );
}

export function newFileView(input: { repo: Repository; branch: string; path: string }) {
  const { repo, branch, path } = input;
  return page(
    `New file · ${repo.owner.login}/${repo.name}`,
    `${title(repo, ` / ${escape(branch)}`)}<h2>Add a file</h2>
<form method="post"><label for="path">File path</label>
<input type="text" id="path" name="path" value="${escape(path)}" required spellcheck="false">
<label for="content">File content</label><textarea id="content" name="content" spellcheck="false"></textarea>
${commitFields("Add file", branch)}<button type="submit">Commit new file</button></form>`,
  );
}

export function deleteView(input: { repo: Repository; branch: string; path: string }) {
  const { repo, branch, path } = input;
  return page(
    `Delete ${path} · ${repo.owner.login}/${repo.name}`,
    `${title(repo, ` / ${escape(branch)}`)}<h2>Delete <code>${escape(path)}</code></h2>
<form method="post">${commitFields(`Delete ${path}`, branch)}<button type="submit" class="danger">Commit deletion</button></form>`,
  );
}

export const problemView = (status: number, heading: string, detail: string) =>
  page(heading, `<h1>${escape(heading)}</h1><p>${escape(detail)}</p>`, status);
