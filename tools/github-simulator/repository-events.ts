import type { User, WebhookEventMap, WebhookEventName } from "@octokit/webhooks-types";
import type { Accounts } from "./accounts";
import type { Delivery, WebhookDispatcher } from "./deliveries";
import { ZERO_SHA } from "./git-store";
import type { Installations } from "./installations";
import type { Account, Installation, Repository } from "./model";
import type { Payloads } from "./payloads";
import { pushCommits } from "./push-commits";

/** The `push` and `repository` webhooks, sent to every installation that sees the repository. */
export class RepositoryEvents {
  constructor(
    private readonly deps: {
      webhooks: WebhookDispatcher;
      accounts: Accounts;
      installations: Installations;
      payloads: () => Payloads;
    },
  ) {}

  /** A ref moved from `before` to `after` (ZERO_SHA when created or deleted). */
  async push(repo: Repository, ref: string, before: string, after: string, pusherLogin?: string) {
    const { accounts } = this.deps;
    const payloads = this.deps.payloads();
    const pusher = (pusherLogin && accounts.find(pusherLogin)) || accounts.actingFor(repo.owner);
    const deleted = after === ZERO_SHA;
    const created = before === ZERO_SHA;
    const shas = deleted ? [] : created ? [after] : await repo.git.commitsBetween(before, after);
    const commits = await pushCommits(repo, payloads, shas);
    const forced = !created && !deleted && (await repo.git.mergeBase(before, after)) !== before;
    const full = `${repo.owner.login}/${repo.name}`;
    const compare =
      created || deleted
        ? `${payloads.web}/${full}/compare/${ref.replace(/^refs\/(heads|tags)\//, "")}`
        : `${payloads.web}/${full}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`;
    return this.toInstallations(repo, "push", (installation) => ({
      ref,
      before,
      after,
      repository: payloads.repository(repo, { pushStyle: true }),
      pusher: { name: pusher.login, email: pusher.email },
      sender: payloads.user(pusher),
      installation: payloads.installationRef(installation),
      ...(repo.owner.type === "Organization" ? { organization: payloads.organization(repo.owner) } : {}),
      created,
      deleted,
      forced,
      base_ref: null,
      compare,
      commits,
      head_commit: commits.at(-1) ?? null,
    }));
  }

  renamed(repo: Repository, from: string) {
    const payloads = this.deps.payloads();
    return this.toInstallations(repo, "repository", (installation) => ({
      action: "renamed",
      changes: { repository: { name: { from } } },
      repository: payloads.repository(repo),
      sender: payloads.user(repo.owner),
      installation: payloads.installationRef(installation),
    }));
  }

  /** Sent to the installations that saw the repository before and to those that see it now. */
  async transferred(repo: Repository, previous: Account, sawBefore: Installation[]) {
    const payloads = this.deps.payloads();
    const audience = new Map([...sawBefore, ...this.deps.installations.seeing(repo)].map((i) => [i.id, i]));
    const deliveries = [];
    for (const installation of audience.values()) {
      deliveries.push(
        await this.deps.webhooks.send("repository", {
          action: "transferred",
          // GitHub sends from.organization for organization owners; @octokit/webhooks-types only knows from.user.
          changes: {
            owner: {
              from: (previous.type === "User"
                ? { user: payloads.user(previous) }
                : { organization: payloads.organization(previous) }) as { user: User },
            },
          },
          repository: payloads.repository(repo),
          sender: payloads.user(repo.owner),
          installation: payloads.installationRef(installation),
        }),
      );
    }
    return deliveries;
  }

  defaultBranchChanged(repo: Repository, from: string) {
    const payloads = this.deps.payloads();
    return this.toInstallations(repo, "repository", (installation) => ({
      action: "edited",
      changes: { default_branch: { from } },
      repository: payloads.repository(repo),
      sender: payloads.user(repo.owner),
      installation: payloads.installationRef(installation),
    }));
  }

  private async toInstallations<E extends WebhookEventName>(
    repo: Repository,
    event: E,
    build: (installation: Installation) => WebhookEventMap[E],
  ) {
    const deliveries: (Delivery | null)[] = [];
    for (const installation of this.deps.installations.seeing(repo))
      deliveries.push(await this.deps.webhooks.send(event, build(installation)));
    return deliveries;
  }
}
