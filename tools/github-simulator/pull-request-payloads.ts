import type { CheckRun, PullRequest, Repository } from "./model";
import { iso, type Payloads } from "./payloads";

/**
 * Pull requests and check runs as GitHub's REST API and webhooks show them
 * (https://docs.github.com/en/rest/pulls/pulls, https://docs.github.com/en/rest/checks/runs).
 * Only same-repository branches exist here, so head.repo and base.repo are the same repository.
 */
export function pullRequestObject(payloads: Payloads, repo: Repository, pr: PullRequest) {
  const full = `${repo.owner.login}/${repo.name}`;
  const api = `${payloads.api}/repos/${full}`;
  const html = `${payloads.web}/${full}/pull/${pr.number}`;
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: payloads.user(repo.owner),
    repo: payloads.repository(repo),
  });
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: Buffer.from(`PR_${pr.id}`).toString("base64"),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: payloads.user(pr.user),
    body: pr.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: iso(pr.createdAt),
    updated_at: iso(pr.updatedAt),
    closed_at: pr.closedAt ? iso(pr.closedAt) : null,
    merged_at: pr.mergedAt ? iso(pr.mergedAt) : null,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pr.head, pr.headSha),
    base: side(pr.base, pr.baseSha),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` },
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: pr.draft,
    merged: pr.merged,
    mergeable: pr.state === "open" ? true : null,
    rebaseable: null,
    mergeable_state: pr.state === "open" ? "clean" : "unknown",
    merged_by: pr.merged ? payloads.user(pr.user) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** The short form check runs and check suites list their pull requests in. */
export function pullRequestRef(payloads: Payloads, repo: Repository, pr: PullRequest) {
  const full = `${repo.owner.login}/${repo.name}`;
  const lite = { id: repo.id, url: `${payloads.api}/repos/${full}`, name: repo.name };
  return {
    url: `${payloads.api}/repos/${full}/pulls/${pr.number}`,
    id: pr.id,
    number: pr.number,
    head: { ref: pr.head, sha: pr.headSha, repo: lite },
    base: { ref: pr.base, sha: pr.baseSha, repo: lite },
  };
}

export function checkRunObject(
  payloads: Payloads,
  repo: Repository,
  run: CheckRun,
  extra: { app: unknown; pullRequests: ReturnType<typeof pullRequestRef>[] },
) {
  const full = `${repo.owner.login}/${repo.name}`;
  const api = `${payloads.api}/repos/${full}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: Buffer.from(`CR_${run.id}`).toString("base64"),
    external_id: run.externalId ?? "",
    url: `${api}/check-runs/${run.id}`,
    html_url: `${payloads.web}/${full}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${payloads.web}/${full}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: iso(run.startedAt),
    completed_at: run.completedAt ? iso(run.completedAt) : null,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: extra.app,
    pull_requests: extra.pullRequests,
  };
}
