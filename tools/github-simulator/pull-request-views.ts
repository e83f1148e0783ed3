import { escape, page } from "./html";
import type { CommitInfo } from "./git-store";
import type { CheckRun, PullRequest, Repository } from "./model";
import type { Reply } from "./reply";
import { repoUrl } from "./repository-views";

/** Pages of pull requests and check runs, laid out as GitHub's: the list, the new-pull-request form, one pull request, one check run. */
const pullUrl = (repo: Repository, n: number) => `${repoUrl(repo)}/pull/${n}`;
const runUrl = (repo: Repository, id: number) => `${repoUrl(repo)}/runs/${id}`;
const heading = (repo: Repository, rest: string) =>
  `<h1><a href="${escape(repoUrl(repo))}">${escape(`${repo.owner.login}/${repo.name}`)}</a>${rest}</h1>`;

const stateOf = (pr: PullRequest) =>
  pr.merged ? "Merged" : pr.state === "open" ? (pr.draft ? "Draft" : "Open") : "Closed";

export function pullListView(repo: Repository, pulls: PullRequest[]): Reply {
  const items = pulls
    .slice()
    .reverse()
    .map(
      (pr) =>
        `<li><a href="${escape(pullUrl(repo, pr.number))}">${escape(pr.title)}</a> <span class="note">#${pr.number} · ${stateOf(pr)} · ${escape(pr.head)} → ${escape(pr.base)}</span></li>`,
    );
  return page(
    `Pull requests · ${repo.owner.login}/${repo.name}`,
    `${heading(repo, " / pull requests")}<p class="actions"><a href="${escape(`${repoUrl(repo)}/compare`)}">New pull request</a></p>
${items.length ? `<ul class="list">${items.join("")}</ul>` : "<p>No pull requests yet.</p>"}`,
  );
}

export function compareView(repo: Repository, branches: string[], chosen: { base: string; head: string }): Reply {
  const options = (selected: string) =>
    branches.map((b) => `<option${b === selected ? " selected" : ""}>${escape(b)}</option>`).join("");
  return page(
    `Open a pull request · ${repo.owner.login}/${repo.name}`,
    `${heading(repo, " / compare")}<h2>Open a pull request</h2>
<form method="post" action="${escape(`${repoUrl(repo)}/pulls`)}">
<label for="base">base</label><select id="base" name="base">${options(chosen.base)}</select>
<label for="head">compare</label><select id="head" name="head">${options(chosen.head)}</select>
<label for="title">Title</label><input type="text" id="title" name="title" value="${escape(chosen.head === chosen.base ? "" : `Update from ${chosen.head}`)}" required>
<label for="body">Description</label><textarea id="body" name="body" style="min-height:80px"></textarea>
<button type="submit">Create pull request</button></form>`,
  );
}

const conclusionBadge = (run: CheckRun) =>
  run.status === "completed" ? escape(run.conclusion ?? "") : escape(run.status.replace("_", " "));

function annotationList(run: CheckRun, limit = 200) {
  if (!run.annotations.length) return "";
  const items = run.annotations.slice(0, limit).map((a) => {
    const where = `${a.path}:${a.start_line}${a.start_column ? `:${a.start_column}` : ""}`;
    return `<li><strong>${escape(a.annotation_level)}</strong> <code>${escape(where)}</code> ${escape(a.message)}</li>`;
  });
  const more = run.annotations.length > limit ? `<li>… and ${run.annotations.length - limit} more</li>` : "";
  return `<h4>Annotations (${run.annotations.length})</h4><ul class="list" aria-label="Annotations of ${escape(run.name)}">${items.join("")}${more}</ul>`;
}

/** One check run: its status or conclusion, output and annotations, with GitHub's "Re-run". */
export function checkRunBlock(repo: Repository, run: CheckRun) {
  return `<section aria-label="Check run ${escape(run.name)}" class="check">
<h3><a href="${escape(runUrl(repo, run.id))}">${escape(run.name)}</a> — <span class="conclusion">${conclusionBadge(run)}</span></h3>
${run.output.title ? `<p><strong>${escape(run.output.title)}</strong></p>` : ""}
${run.output.summary ? `<pre aria-label="Summary">${escape(run.output.summary)}</pre>` : ""}
${annotationList(run)}
<form method="post" action="${escape(`${runUrl(repo, run.id)}/rerequest`)}"><button type="submit">Re-run</button></form></section>`;
}

export function checksSection(repo: Repository, runs: CheckRun[]) {
  return `<h2 id="checks">Checks</h2>${runs.length ? runs.map((r) => checkRunBlock(repo, r)).join("") : "<p>No checks on this commit.</p>"}`;
}

/** The pull request's commits, each with its whole message (trailers such as Co-authored-by included). */
function commitsSection(repo: Repository, commits: CommitInfo[]) {
  const items = commits.map((c) => {
    const verified = c.committer.email.endsWith("[bot]@users.noreply.github.com")
      ? ' <span class="note" aria-label="Verified signature">Verified</span>'
      : "";
    return `<li><a href="${escape(`${repoUrl(repo)}/commit/${c.sha}`)}"><code>${c.sha.slice(0, 7)}</code></a> ${escape(c.author.name)}${verified}<pre class="message">${escape(c.message.trim())}</pre></li>`;
  });
  return `<h2 id="commits">Commits (${commits.length})</h2><ul class="list" aria-labelledby="commits">${items.join("")}</ul>`;
}

export function pullView(input: {
  repo: Repository;
  pr: PullRequest;
  runs: CheckRun[];
  files: { status: string; path: string; previous?: string }[];
  patch: string;
  commits?: CommitInfo[];
}): Reply {
  const { repo, pr, runs, files, patch, commits = [] } = input;
  const merge =
    pr.state === "open" && !pr.draft
      ? `<form method="post" action="${escape(`${pullUrl(repo, pr.number)}/merge`)}"><button type="submit">Merge pull request</button></form>`
      : "";
  const fileItems = files.map(
    (f) =>
      `<li><code>${escape(f.path)}</code> <span class="note">${escape(f.status)}${f.previous ? ` from ${escape(f.previous)}` : ""}</span></li>`,
  );
  return page(
    `${pr.title} · Pull request #${pr.number} · ${repo.owner.login}/${repo.name}`,
    `${heading(repo, ` / pull request #${pr.number}`)}<h2>${escape(pr.title)} <span class="note">#${pr.number}</span></h2>
<p><strong class="state">${stateOf(pr)}</strong> · ${escape(pr.user.login)} wants to merge <code>${escape(pr.head)}</code> into <code>${escape(pr.base)}</code>
· head <code>${pr.headSha.slice(0, 7)}</code>${pr.mergeCommitSha ? ` · merged as <code>${pr.mergeCommitSha.slice(0, 7)}</code>` : ""}</p>
${merge}${commitsSection(repo, commits)}${checksSection(repo, runs)}
<h2 id="files">Files changed (${files.length})</h2><ul class="list" aria-labelledby="files">${fileItems.join("")}</ul>
<pre aria-label="Changes"><code>${escape(patch || "No changes.")}</code></pre>`,
  );
}

export function checkRunView(repo: Repository, run: CheckRun): Reply {
  return page(
    `${run.name} · ${repo.owner.login}/${repo.name}`,
    `${heading(repo, ` / check run`)}<p class="note">on commit <a href="${escape(`${repoUrl(repo)}/commit/${run.headSha}`)}"><code>${run.headSha.slice(0, 7)}</code></a></p>
${checkRunBlock(repo, run)}${run.output.text ? `<pre>${escape(run.output.text)}</pre>` : ""}`,
  );
}
