import type { Accounts } from "./accounts";
import type { WebhookDispatcher } from "./deliveries";
import type { IdSequences } from "./ids";
import type { Installations } from "./installations";
import type { AppIdentity, PullRequest, Repository } from "./model";
import type { Payloads } from "./payloads";
import { hasPermission } from "./permissions";
import { pullRequestObject } from "./pull-request-payloads";
import type { Repositories } from "./repositories";
import type { RepositoryEvents } from "./repository-events";

export type NewPullRequest = {
  head: string;
  base?: string;
  title: string;
  body?: string;
  draft?: boolean;
  user?: string;
};
export type PullRequestAction = "opened" | "synchronize" | "reopened" | "closed" | "ready_for_review";

/**
 * Pull requests between branches of one repository: open, update (a push to the head branch),
 * merge (a merge commit on the base, which delivers its push), close, reopen, ready for review.
 * Each delivers `pull_request` to the installations that see the repository and may read pull
 * requests (GitHub sends an app only the events its permissions cover). Kept in memory only.
 */
export class PullRequests {
  readonly byRepository = new Map<number, PullRequest[]>();

  constructor(
    private readonly deps: {
      app: AppIdentity;
      accounts: Accounts;
      repositories: Repositories;
      installations: Installations;
      webhooks: WebhookDispatcher;
      events: RepositoryEvents;
      ids: IdSequences;
      payloads: () => Payloads;
    },
  ) {}

  list(repo: Repository): PullRequest[] {
    return this.byRepository.get(repo.id) ?? [];
  }

  find(repo: Repository, number: number): PullRequest | undefined {
    return this.list(repo).find((pr) => pr.number === number);
  }

  get(fullName: string, number: number) {
    const repo = this.deps.repositories.get(fullName);
    const pr = this.find(repo, number);
    if (!pr) throw new Error(`no pull request #${number} in ${fullName}`);
    return { repo, pr };
  }

  async open(fullName: string, input: NewPullRequest) {
    const repo = this.deps.repositories.get(fullName);
    const base = input.base ?? repo.defaultBranch;
    const headSha = await repo.git.branchHead(input.head);
    const baseSha = await repo.git.branchHead(base);
    if (!headSha) throw new Error(`no branch ${input.head}`);
    if (!baseSha) throw new Error(`no branch ${base}`);
    if (input.head === base) throw new Error("the head and base branches must differ");
    if (!input.title?.trim()) throw new Error("a pull request needs a title");
    if (this.list(repo).some((pr) => pr.state === "open" && pr.head === input.head && pr.base === base))
      throw new Error(`a pull request already exists for ${repo.owner.login}:${input.head}`);
    const now = new Date();
    const user = (input.user && this.deps.accounts.find(input.user)) || this.deps.accounts.actingFor(repo.owner);
    const pr: PullRequest = {
      number: this.list(repo).length + 1,
      id: this.deps.ids.next("pull"),
      repositoryId: repo.id,
      title: input.title.trim(),
      body: input.body ?? null,
      user,
      head: input.head,
      base,
      headSha,
      baseSha,
      state: "open",
      draft: input.draft ?? false,
      merged: false,
      mergeCommitSha: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
    };
    this.byRepository.set(repo.id, [...this.list(repo), pr]);
    return { pr, deliveries: await this.send(repo, pr, "opened") };
  }

  /** A push moved `branch`: open pull requests from it get `synchronize` with before and after. */
  async branchMoved(repo: Repository, branch: string, before: string, after: string) {
    const deliveries = [];
    for (const pr of this.list(repo)) {
      if (pr.state !== "open") continue;
      if (pr.base === branch) pr.baseSha = after;
      if (pr.head !== branch) continue;
      pr.headSha = after;
      pr.updatedAt = new Date();
      deliveries.push(...(await this.send(repo, pr, "synchronize", { before, after })));
    }
    return deliveries;
  }

  async merge(fullName: string, number: number, message?: string) {
    const { repo, pr } = this.get(fullName, number);
    if (pr.state !== "open") throw new Error(`pull request #${number} is not open`);
    if (pr.draft) throw new Error(`pull request #${number} is a draft`);
    const before = (await repo.git.branchHead(pr.base))!;
    const title = message ?? `Merge pull request #${pr.number} from ${repo.owner.login}/${pr.head}\n\n${pr.title}`;
    const sha = await repo.git.merge(pr.base, pr.headSha, title);
    if (!sha) throw new Error(`pull request #${number} has conflicts with ${pr.base}`);
    repo.pushedAt = new Date();
    Object.assign(pr, { state: "closed", merged: true, mergeCommitSha: sha, mergedAt: new Date() });
    pr.closedAt = pr.mergedAt;
    pr.updatedAt = pr.mergedAt!;
    const pushes = await this.deps.events.push(repo, `refs/heads/${pr.base}`, before, sha);
    await this.branchMoved(repo, pr.base, before, sha);
    return { pr, sha, deliveries: [...pushes, ...(await this.send(repo, pr, "closed"))] };
  }

  async close(fullName: string, number: number) {
    const { repo, pr } = this.get(fullName, number);
    Object.assign(pr, { state: "closed", closedAt: new Date(), updatedAt: new Date() });
    return this.send(repo, pr, "closed");
  }

  async reopen(fullName: string, number: number) {
    const { repo, pr } = this.get(fullName, number);
    if (pr.merged) throw new Error(`pull request #${number} was merged`);
    pr.headSha = (await repo.git.branchHead(pr.head)) ?? pr.headSha;
    Object.assign(pr, { state: "open", closedAt: null, updatedAt: new Date() });
    return this.send(repo, pr, "reopened");
  }

  async readyForReview(fullName: string, number: number) {
    const { repo, pr } = this.get(fullName, number);
    Object.assign(pr, { draft: false, updatedAt: new Date() });
    return this.send(repo, pr, "ready_for_review");
  }

  private async send(repo: Repository, pr: PullRequest, action: PullRequestAction, extra = {}) {
    const { app, installations, webhooks } = this.deps;
    const payloads = this.deps.payloads();
    const deliveries = [];
    for (const installation of installations.seeing(repo)) {
      if (!hasPermission(app, installation, "pull_requests", "read")) continue;
      const payload = {
        action,
        number: pr.number,
        ...extra,
        pull_request: pullRequestObject(payloads, repo, pr),
        repository: payloads.repository(repo),
        ...(repo.owner.type === "Organization" ? { organization: payloads.organization(repo.owner) } : {}),
        sender: payloads.user(pr.user),
        installation: payloads.installationRef(installation),
      };
      // The payload follows GitHub's documented shape; @octokit/webhooks-types' PullRequest lists more optional fields.
      deliveries.push(await webhooks.send("pull_request", payload as never));
    }
    return deliveries;
  }
}
