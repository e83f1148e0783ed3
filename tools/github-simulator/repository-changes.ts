import type { Accounts } from "./accounts";
import { ZERO_SHA, type FileChange } from "./git-store";
import type { Installations } from "./installations";
import type { Repository } from "./model";
import type { PullRequests } from "./pull-requests";
import type { NewRepository, Repositories } from "./repositories";
import type { RepositoryEvents } from "./repository-events";

export type CommitInput = { branch?: string; changes: FileChange[]; message?: string; pusher?: string };

/** What people do to repositories on GitHub; each change delivers its webhooks to the installations that see it. */
export class RepositoryChanges {
  constructor(
    private readonly deps: {
      accounts: Accounts;
      repositories: Repositories;
      installations: Installations;
      events: RepositoryEvents;
      pulls: PullRequests;
    },
  ) {}

  /** Creates a repository; installations on all of the owner's repositories see it. */
  async create(input: NewRepository) {
    const repo = await this.deps.repositories.create(input);
    this.deps.installations.followOwner(repo);
    return repo;
  }

  /** Commits to a branch (default: the default branch) and delivers the `push` webhook. */
  async commit(fullName: string, { branch, changes, message = "Update templates", pusher }: CommitInput) {
    const repo = this.deps.repositories.get(fullName);
    const target = branch ?? repo.defaultBranch;
    const before = (await repo.git.branchHead(target)) ?? ZERO_SHA;
    const after = await repo.git.commit(target, changes, message);
    repo.pushedAt = new Date();
    const deliveries = await this.deps.events.push(repo, `refs/heads/${target}`, before, after, pusher);
    // GitHub sends the pull_request events of a push after its push event.
    deliveries.push(...(await this.deps.pulls.branchMoved(repo, target, before, after)));
    return { sha: after, before, deliveries };
  }

  /** A branch the REST API moved (a ref update, a Contents API commit): its push and pull request events. */
  async branchMoved(repo: Repository, branch: string, before: string, after: string, pusher?: string) {
    repo.pushedAt = new Date();
    const deliveries = await this.deps.events.push(repo, `refs/heads/${branch}`, before, after, pusher);
    if (after !== ZERO_SHA) deliveries.push(...(await this.deps.pulls.branchMoved(repo, branch, before, after)));
    return deliveries;
  }

  async createBranch(fullName: string, branch: string, from?: string) {
    const repo = this.deps.repositories.get(fullName);
    const sha = await repo.git.resolveCommit(from ?? repo.defaultBranch);
    if (!sha) throw new Error(`no ref ${from}`);
    await repo.git.createBranch(branch, sha);
    return { sha, deliveries: await this.deps.events.push(repo, `refs/heads/${branch}`, ZERO_SHA, sha) };
  }

  async deleteBranch(fullName: string, branch: string) {
    const repo = this.deps.repositories.get(fullName);
    const sha = await repo.git.branchHead(branch);
    if (!sha) throw new Error(`no branch ${branch}`);
    await repo.git.deleteBranch(branch);
    return { deliveries: await this.deps.events.push(repo, `refs/heads/${branch}`, sha, ZERO_SHA) };
  }

  async createTag(fullName: string, tag: string, from?: string) {
    const repo = this.deps.repositories.get(fullName);
    const sha = (await repo.git.resolveCommit(from ?? repo.defaultBranch))!;
    await repo.git.git(["update-ref", `refs/tags/${tag}`, sha]);
    return { sha, deliveries: await this.deps.events.push(repo, `refs/tags/${tag}`, ZERO_SHA, sha) };
  }

  async rename(fullName: string, newName: string) {
    const repo = this.deps.repositories.get(fullName);
    const from = repo.name;
    repo.name = newName;
    return this.deps.events.renamed(repo, from);
  }

  /** Moves the repository to another account; installations of the old owner lose it. */
  async transfer(fullName: string, newOwner: string) {
    const { accounts, repositories, installations, events } = this.deps;
    const repo = repositories.get(fullName);
    const target = accounts.find(newOwner);
    if (!target) throw new Error(`no account ${newOwner}`);
    const previous = repo.owner;
    const sawBefore = installations.seeing(repo);
    repo.owner = target;
    installations.followOwner(repo, previous.id);
    return events.transferred(repo, previous, sawBefore);
  }

  async setDefaultBranch(fullName: string, branch: string) {
    const repo = this.deps.repositories.get(fullName);
    const from = repo.defaultBranch;
    repo.defaultBranch = branch;
    return this.deps.events.defaultBranchChanged(repo, from);
  }
}
