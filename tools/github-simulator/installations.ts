import type { Accounts } from "./accounts";
import type { AppEvents } from "./app-events";
import type { IdSequences } from "./ids";
import type { Installation, InstallationToken, Permissions, Repository } from "./model";
import type { Repositories } from "./repositories";

export type InstallOptions = {
  /** "all", or names (`owner/name`, or `name` within the account). */
  repositories?: "all" | string[];
  /** Login of who installs (default: the account, or an admin of the organization). */
  sender?: string;
  /** Login of the member whose request an owner approved. */
  requester?: string;
};

/** Installations of the app, their tokens, and what an account's owner changes about them (each sends its webhook). */
export class Installations {
  readonly byId = new Map<number, Installation>();
  /** Installation access token → the installation it acts for, until it expires. */
  readonly tokens = new Map<string, InstallationToken>();

  constructor(
    private readonly deps: {
      accounts: Accounts;
      repositories: Repositories;
      events: AppEvents;
      ids: IdSequences;
      now: () => number;
    },
  ) {}

  /** Installs the app on an account, as its owner, and delivers `installation.created`. */
  async install(accountLogin: string, { repositories = "all", sender, requester }: InstallOptions = {}) {
    const { accounts, repositories: repos, events } = this.deps;
    const account = accounts.find(accountLogin);
    if (!account) throw new Error(`no account ${accountLogin}`);
    if (this.of(account.login)) throw new Error(`the app is already installed on ${accountLogin}`);
    const selected =
      repositories === "all"
        ? repos.ownedBy(account)
        : repositories.map((name) => repos.get(name.includes("/") ? name : `${account.login}/${name}`));
    const installation: Installation = {
      id: this.deps.ids.next("installation"),
      account,
      repositorySelection: repositories === "all" ? "all" : "selected",
      repositoryIds: new Set(selected.map((r) => r.id)),
      suspendedAt: null,
      suspendedBy: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      rateLimit: 5000,
      used: 0,
      windowResetAt: this.deps.now() + 3600_000,
    };
    this.byId.set(installation.id, installation);
    const senderAccount = sender ? accounts.find(sender)! : accounts.actingFor(account);
    const requesterAccount = requester ? accounts.find(requester)! : undefined;
    const delivery = await events.created(installation, selected, senderAccount, requesterAccount);
    return { installation, delivery };
  }

  of(accountLogin: string): Installation | undefined {
    for (const installation of this.byId.values())
      if (installation.account.login.toLowerCase() === accountLogin.toLowerCase()) return installation;
    return undefined;
  }

  /** The installation with this id; throws when there is none. */
  get(id: number): Installation {
    const installation = this.byId.get(id);
    if (!installation) throw new Error(`no installation ${id}`);
    return installation;
  }

  /** Installations that get this repository's events (GitHub sends none to a suspended one). */
  seeing(repo: Repository): Installation[] {
    return [...this.byId.values()].filter((i) => i.repositoryIds.has(repo.id) && !i.suspendedAt);
  }

  /** Installations on "all" repositories of an account see the account's new and transferred-in repositories. */
  followOwner(repo: Repository, previousOwnerId?: number) {
    for (const installation of this.byId.values()) {
      if (installation.account.id === previousOwnerId) installation.repositoryIds.delete(repo.id);
      if (installation.account.id === repo.owner.id && installation.repositorySelection === "all")
        installation.repositoryIds.add(repo.id);
    }
  }

  /** Changes which repositories an installation can see; delivers installation_repositories. */
  async setRepositories(id: number, change: { add?: string[]; remove?: string[] }) {
    const installation = this.get(id);
    const { repositories } = this.deps;
    const added = (change.add ?? [])
      .map((n) => repositories.get(n))
      .filter((r) => !installation.repositoryIds.has(r.id));
    const removed = (change.remove ?? [])
      .map((n) => repositories.get(n))
      .filter((r) => installation.repositoryIds.has(r.id));
    for (const r of added) installation.repositoryIds.add(r.id);
    for (const r of removed) installation.repositoryIds.delete(r.id);
    installation.repositorySelection = "selected";
    installation.updatedAt = new Date();
    return this.deps.events.repositoriesChanged(installation, added, removed);
  }

  async suspend(id: number) {
    const installation = this.get(id);
    installation.suspendedAt = new Date();
    installation.suspendedBy = this.deps.accounts.actingFor(installation.account);
    this.revokeTokens(id);
    return this.deps.events.changed("suspend", installation);
  }

  async unsuspend(id: number) {
    const installation = this.get(id);
    installation.suspendedAt = null;
    installation.suspendedBy = null;
    return this.deps.events.changed("unsuspend", installation);
  }

  /** Like GitHub: the installation is gone (GET /app/installations/{id} answers 404) when `deleted` is delivered. */
  async uninstall(id: number) {
    const delivery = this.deps.events.changed("deleted", this.get(id)); // the payload is built before the removal
    this.byId.delete(id);
    this.revokeTokens(id);
    return delivery;
  }

  /** The installation keeps `permissions` (fewer than the app asks for) until the owner accepts the new ones. */
  setPermissions(id: number, permissions: Permissions) {
    const installation = this.get(id);
    installation.permissions = { ...permissions };
    installation.updatedAt = new Date();
  }

  /** The owner accepts what the app asks for now: GitHub sends `installation.new_permissions_accepted`. */
  async acceptNewPermissions(id: number) {
    const installation = this.get(id);
    delete installation.permissions;
    installation.updatedAt = new Date();
    return this.deps.events.changed("new_permissions_accepted", installation);
  }

  private revokeTokens(installationId: number) {
    for (const [token, t] of this.tokens) if (t.installationId === installationId) this.tokens.delete(token);
  }
}
