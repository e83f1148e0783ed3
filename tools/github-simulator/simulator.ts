import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { GitRepository, repoDir, ZERO_SHA, type FileChange } from "./git-store";
import type { Account, AppIdentity, Installation, InstallationToken, Repository, UserToken } from "./model";
import type { User, WebhookEventMap, WebhookEventName } from "@octokit/webhooks-types";
import { Payloads } from "./payloads";
import { handleRequest } from "./http";
import { Traffic, type Fault } from "./traffic";
import { WebhookDispatcher, type Delivery } from "./webhooks";

export type SimulatorOptions = {
  /** Port to listen on (0: a free one). */
  port?: number;
  host?: string;
  /** Folder for the git repositories (default: a fresh temp folder, removed on stop). */
  dataDir?: string;
  app?: Partial<
    Pick<
      AppIdentity,
      "id" | "slug" | "name" | "privateKey" | "publicKey" | "webhookSecret" | "clientId" | "clientSecret"
    >
  >;
  /** The app's Setup URL (where the install flow redirects) and webhook URL. */
  setupUrl?: string;
  webhookUrl?: string;
  /** Include an OAuth `code` in the install redirect ("request user authorization during installation"). */
  oauthOnInstall?: boolean;
};

export type InstallRequest = {
  id: number;
  account: Account;
  requester: Account;
  repositorySelection: "all" | "selected";
  repositoryIds: number[];
};

export class GithubSimulator {
  readonly traffic = new Traffic();
  readonly app: AppIdentity;
  readonly accounts = new Map<string, Account>();
  /** Organization login → member login → role. */
  readonly orgMembers = new Map<string, Map<string, "admin" | "member">>();
  readonly repositories = new Map<number, Repository>();
  readonly installations = new Map<number, Installation>();
  readonly tokens = new Map<string, InstallationToken>();
  readonly userTokens = new Map<string, UserToken>();
  readonly oauthCodes = new Map<string, { login: string; expiresAt: number }>();
  readonly codeload = new Map<string, { repositoryId: number; sha: string; expiresAt: number }>();
  readonly installRequests = new Map<number, InstallRequest>();
  readonly webhooks: WebhookDispatcher;
  oauthOnInstall: boolean;
  /** Overrides Date.now() for token and JWT expiry (tests fix the clock). */
  now: () => number = () => Date.now();

  private server: http.Server | null = null;
  // GitHub's ids are unique across all of GitHub; simulators started by different
  // test files share one database, so each starts its sequences at a random base.
  private ids = (() => {
    const base = 1000 + Math.floor(Math.random() * 2_000_000) * 1000;
    return { account: base, repository: base, installation: base, request: 1 };
  })();
  private ownsDataDir: boolean;
  private dataDir: string;
  payloads!: Payloads;
  url = "";

  constructor(options: SimulatorOptions = {}) {
    this.dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "github-simulator-"));
    this.ownsDataDir = !options.dataDir;
    const keys = options.app?.privateKey
      ? { privateKey: options.app.privateKey, publicKey: options.app.publicKey ?? "" }
      : generateKeyPairSync("rsa", {
          modulusLength: 2048,
          privateKeyEncoding: { type: "pkcs1", format: "pem" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        });
    const owner = this.createAccount({ login: "allegro-dev", type: "Organization" });
    this.app = {
      id: options.app?.id ?? 424242,
      slug: options.app?.slug ?? "allegro-template-sync",
      name: options.app?.name ?? "Allegro Template Sync",
      owner,
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      webhookSecret: options.app?.webhookSecret ?? randomBytes(20).toString("hex"),
      clientId: options.app?.clientId ?? `Iv23li${randomBytes(5).toString("hex")}`,
      clientSecret: options.app?.clientSecret ?? randomBytes(20).toString("hex"),
      setupUrl: options.setupUrl ?? null,
      webhookUrl: options.webhookUrl ?? null,
      permissions: { contents: "read", metadata: "read" },
      events: ["push", "repository"],
      createdAt: new Date(),
    };
    this.oauthOnInstall = options.oauthOnInstall ?? false;
    this.webhooks = new WebhookDispatcher({
      secret: () => this.app.webhookSecret,
      url: () => this.app.webhookUrl,
      appId: this.app.id,
      hookId: 1,
    });
  }

  async start(port = 0, host = "127.0.0.1"): Promise<this> {
    this.server = http.createServer((req, res) => void handleRequest(this, req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    this.payloads = new Payloads(this.url, this.apiUrl);
    return this;
  }

  async stop() {
    for (const repo of this.repositories.values()) repo.git.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    if (this.ownsDataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  get apiUrl() {
    return `${this.url}/api/v3`;
  }

  /** What the app needs to talk to this simulator. */
  appEnv(): Record<string, string> {
    if (!this.app.publicKey) throw new Error("a given private key needs its public key too");
    return {
      GITHUB_APP_ID: String(this.app.id),
      GITHUB_APP_PRIVATE_KEY: this.app.privateKey,
      GITHUB_WEBHOOK_SECRET: this.app.webhookSecret,
      GITHUB_APP_URL: `${this.url}/apps/${this.app.slug}/installations/new`,
      GITHUB_API_URL: this.apiUrl,
      GITHUB_APP_CLIENT_ID: this.app.clientId,
      GITHUB_APP_CLIENT_SECRET: this.app.clientSecret,
    };
  }

  configureApp(settings: { setupUrl?: string | null; webhookUrl?: string | null; oauthOnInstall?: boolean }) {
    if (settings.setupUrl !== undefined) this.app.setupUrl = settings.setupUrl;
    if (settings.webhookUrl !== undefined) this.app.webhookUrl = settings.webhookUrl;
    if (settings.oauthOnInstall !== undefined) this.oauthOnInstall = settings.oauthOnInstall;
  }

  // ---- accounts and repositories -------------------------------------------------

  createAccount({
    login,
    type = "User",
    members = [],
  }: {
    login?: string;
    type?: Account["type"];
    members?: { login: string; role: "admin" | "member" }[];
  }): Account {
    const id = ++this.ids.account;
    const account: Account = {
      id,
      login: login ?? `${type === "User" ? "user" : "org"}-${id}`,
      type,
      name: login ?? `Account ${id}`,
      email: type === "User" ? `${id}+${login ?? "user"}@users.noreply.github.com` : null,
    };
    if (this.findAccount(account.login)) throw new Error(`account ${account.login} exists`);
    this.accounts.set(account.login.toLowerCase(), account);
    if (type === "Organization") {
      const roles = new Map<string, "admin" | "member">();
      for (const member of members) {
        if (!this.findAccount(member.login)) this.createAccount({ login: member.login });
        roles.set(member.login.toLowerCase(), member.role);
      }
      this.orgMembers.set(account.login.toLowerCase(), roles);
    }
    return account;
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  /** Whether `user` may install apps on `account` (itself, or an organization it administers). */
  canAdminister(user: Account, account: Account): boolean {
    if (user.id === account.id) return true;
    return this.orgMembers.get(account.login.toLowerCase())?.get(user.login.toLowerCase()) === "admin";
  }

  canSee(user: Account, account: Account): boolean {
    return (
      user.id === account.id || Boolean(this.orgMembers.get(account.login.toLowerCase())?.has(user.login.toLowerCase()))
    );
  }

  async createRepository({
    owner,
    name,
    private: isPrivate = true,
    defaultBranch = "main",
    files,
  }: {
    owner: string;
    name?: string;
    private?: boolean;
    defaultBranch?: string;
    files?: Record<string, string | Buffer>;
  }) {
    const account = this.findAccount(owner);
    if (!account) throw new Error(`no account ${owner}`);
    const id = ++this.ids.repository;
    const repo: Repository = {
      id,
      owner: account,
      name: name ?? `repo-${id}`,
      private: isPrivate,
      defaultBranch,
      description: null,
      git: await GitRepository.create(repoDir(this.dataDir, id)),
      createdAt: new Date(),
      pushedAt: new Date(),
    };
    if (this.findRepository(account.login, repo.name))
      throw new Error(`repository ${account.login}/${repo.name} exists`);
    this.repositories.set(id, repo);
    if (files)
      await repo.git.commit(
        defaultBranch,
        Object.entries(files).map(([p, content]) => ({ action: "put", path: p, content })),
        "Initial commit",
      );
    // Repositories of an account installed with "all" become visible to that installation.
    for (const installation of this.installations.values()) {
      if (installation.account.id === account.id && installation.repositorySelection === "all")
        installation.repositoryIds.add(id);
    }
    return repo;
  }

  findRepository(owner: string, name: string): Repository | undefined {
    for (const repo of this.repositories.values()) {
      if (repo.owner.login.toLowerCase() === owner.toLowerCase() && repo.name.toLowerCase() === name.toLowerCase())
        return repo;
    }
    return undefined;
  }

  repository(fullName: string): Repository {
    const [owner, name] = fullName.split("/");
    const repo = this.findRepository(owner ?? "", name ?? "");
    if (!repo) throw new Error(`no repository ${fullName}`);
    return repo;
  }

  /**
   * Commits to a branch and delivers the `push` webhook to every installation
   * that can see the repository. Returns the new commit SHA and the delivery.
   */
  async commit(
    fullName: string,
    {
      branch,
      changes,
      message = "Update templates",
      pusher,
    }: { branch?: string; changes: FileChange[]; message?: string; pusher?: string },
  ) {
    const repo = this.repository(fullName);
    const target = branch ?? repo.defaultBranch;
    const before = (await repo.git.branchHead(target)) ?? ZERO_SHA;
    const after = await repo.git.commit(target, changes, message);
    repo.pushedAt = new Date();
    const deliveries = await this.deliverPush(repo, `refs/heads/${target}`, before, after, pusher);
    return { sha: after, before, deliveries };
  }

  async createBranch(fullName: string, branch: string, from?: string) {
    const repo = this.repository(fullName);
    const sha = await repo.git.resolveCommit(from ?? repo.defaultBranch);
    if (!sha) throw new Error(`no ref ${from}`);
    await repo.git.createBranch(branch, sha);
    return { sha, deliveries: await this.deliverPush(repo, `refs/heads/${branch}`, ZERO_SHA, sha) };
  }

  async deleteBranch(fullName: string, branch: string) {
    const repo = this.repository(fullName);
    const sha = await repo.git.branchHead(branch);
    if (!sha) throw new Error(`no branch ${branch}`);
    await repo.git.deleteBranch(branch);
    return { deliveries: await this.deliverPush(repo, `refs/heads/${branch}`, sha, ZERO_SHA) };
  }

  async createTag(fullName: string, tag: string, from?: string) {
    const repo = this.repository(fullName);
    const sha = (await repo.git.resolveCommit(from ?? repo.defaultBranch))!;
    await repo.git.git(["update-ref", `refs/tags/${tag}`, sha]);
    return { sha, deliveries: await this.deliverPush(repo, `refs/tags/${tag}`, ZERO_SHA, sha) };
  }

  async renameRepository(fullName: string, newName: string) {
    const repo = this.repository(fullName);
    const from = repo.name;
    repo.name = newName;
    return this.deliverToInstallations(repo, "repository", (installation) => ({
      action: "renamed",
      changes: { repository: { name: { from } } },
      repository: this.payloads.repository(repo),
      sender: this.payloads.user(repo.owner),
      installation: { id: installation.id, node_id: installationNodeId(installation.id) },
    }));
  }

  async transferRepository(fullName: string, newOwner: string) {
    const repo = this.repository(fullName);
    const target = this.findAccount(newOwner);
    if (!target) throw new Error(`no account ${newOwner}`);
    const previous = repo.owner;
    const before = this.installationsSeeing(repo);
    repo.owner = target;
    for (const installation of this.installations.values()) {
      if (installation.account.id === previous.id) installation.repositoryIds.delete(repo.id);
      if (installation.account.id === target.id && installation.repositorySelection === "all")
        installation.repositoryIds.add(repo.id);
    }
    const audience = new Map([...before, ...this.installationsSeeing(repo)].map((i) => [i.id, i]));
    const deliveries = [];
    for (const installation of audience.values()) {
      deliveries.push(
        await this.webhooks.send("repository", {
          action: "transferred",
          // GitHub sends from.organization for organization owners; @octokit/webhooks-types only knows from.user.
          changes: {
            owner: {
              from: (previous.type === "User"
                ? { user: this.payloads.user(previous) }
                : { organization: orgPayload(this.payloads.user(previous)) }) as { user: User },
            },
          },
          repository: this.payloads.repository(repo),
          sender: this.payloads.user(target),
          installation: { id: installation.id, node_id: installationNodeId(installation.id) },
        }),
      );
    }
    return deliveries;
  }

  async setDefaultBranch(fullName: string, branch: string) {
    const repo = this.repository(fullName);
    const from = repo.defaultBranch;
    repo.defaultBranch = branch;
    return this.deliverToInstallations(repo, "repository", (installation) => ({
      action: "edited",
      changes: { default_branch: { from } },
      repository: this.payloads.repository(repo),
      sender: this.payloads.user(repo.owner),
      installation: { id: installation.id, node_id: installationNodeId(installation.id) },
    }));
  }

  // ---- installations -----------------------------------------------------------------

  /** Installs the app on an account, as its owner, and delivers `installation.created`. */
  async install(
    accountLogin: string,
    {
      repositories = "all",
      sender,
      requester,
    }: { repositories?: "all" | string[]; sender?: string; requester?: string } = {},
  ) {
    const account = this.findAccount(accountLogin);
    if (!account) throw new Error(`no account ${accountLogin}`);
    for (const existing of this.installations.values()) {
      if (existing.account.id === account.id) throw new Error(`the app is already installed on ${accountLogin}`);
    }
    const id = ++this.ids.installation;
    const selected =
      repositories === "all"
        ? this.repositoriesOf(account)
        : repositories.map((name) => this.repository(name.includes("/") ? name : `${account.login}/${name}`));
    const installation: Installation = {
      id,
      account,
      repositorySelection: repositories === "all" ? "all" : "selected",
      repositoryIds: new Set(selected.map((r) => r.id)),
      suspendedAt: null,
      suspendedBy: null,
      createdAt: new Date(),
      updatedAt: new Date(),
      rateLimit: 5000,
      used: 0,
      windowResetAt: this.now() + 3600_000,
    };
    this.installations.set(id, installation);
    const senderAccount = sender
      ? this.findAccount(sender)!
      : account.type === "User"
        ? account
        : this.adminOf(account);
    const delivery = await this.webhooks.send("installation", {
      action: "created",
      installation: this.payloads.installation(this.app, installation),
      repositories: selected.map((r) => this.payloads.repositoryLite(r)),
      // Present only when an owner approved a member's request.
      ...(requester ? { requester: this.payloads.user(this.findAccount(requester)!) } : {}),
      sender: this.payloads.user(senderAccount),
    });
    return { installation, delivery };
  }

  installationOf(accountLogin: string): Installation | undefined {
    for (const installation of this.installations.values())
      if (installation.account.login.toLowerCase() === accountLogin.toLowerCase()) return installation;
    return undefined;
  }

  /** Changes which repositories an installation can see; delivers installation_repositories. */
  async setInstallationRepositories(installationId: number, change: { add?: string[]; remove?: string[] }) {
    const installation = this.mustInstallation(installationId);
    const added = (change.add ?? [])
      .map((n) => this.repository(n))
      .filter((r) => !installation.repositoryIds.has(r.id));
    const removed = (change.remove ?? [])
      .map((n) => this.repository(n))
      .filter((r) => installation.repositoryIds.has(r.id));
    for (const r of added) installation.repositoryIds.add(r.id);
    for (const r of removed) installation.repositoryIds.delete(r.id);
    installation.repositorySelection = "selected";
    installation.updatedAt = new Date();
    const sender = installation.account.type === "User" ? installation.account : this.adminOf(installation.account);
    const common = {
      installation: this.payloads.installation(this.app, installation),
      repository_selection: installation.repositorySelection,
      requester: null,
      sender: this.payloads.user(sender),
    };
    const deliveries = [];
    if (added.length) {
      deliveries.push(
        await this.webhooks.send("installation_repositories", {
          ...common,
          action: "added",
          repositories_added: added.map((r) => this.payloads.repositoryLite(r)),
          repositories_removed: [],
        }),
      );
    }
    if (removed.length) {
      deliveries.push(
        await this.webhooks.send("installation_repositories", {
          ...common,
          action: "removed",
          repositories_added: [],
          repositories_removed: removed.map((r) => this.payloads.repositoryLite(r)),
        }),
      );
    }
    return deliveries;
  }

  async suspend(installationId: number) {
    const installation = this.mustInstallation(installationId);
    installation.suspendedAt = new Date();
    installation.suspendedBy =
      installation.account.type === "User" ? installation.account : this.adminOf(installation.account);
    for (const [token, t] of this.tokens) if (t.installationId === installationId) this.tokens.delete(token);
    return this.installationEvent("suspend", installation);
  }

  async unsuspend(installationId: number) {
    const installation = this.mustInstallation(installationId);
    installation.suspendedAt = null;
    installation.suspendedBy = null;
    return this.installationEvent("unsuspend", installation);
  }

  async uninstall(installationId: number) {
    const installation = this.mustInstallation(installationId);
    const delivery = await this.installationEvent("deleted", installation);
    this.installations.delete(installationId);
    for (const [token, t] of this.tokens) if (t.installationId === installationId) this.tokens.delete(token);
    return delivery;
  }

  async acceptNewPermissions(installationId: number) {
    return this.installationEvent("new_permissions_accepted", this.mustInstallation(installationId));
  }

  /** An organization member who is not an owner asks for the app: no installation yet. */
  requestInstall(accountLogin: string, requesterLogin: string, repositories: "all" | string[] = "all"): InstallRequest {
    const account = this.findAccount(accountLogin)!;
    const requester = this.findAccount(requesterLogin)!;
    const ids =
      repositories === "all"
        ? this.repositoriesOf(account).map((r) => r.id)
        : repositories.map((n) => this.repository(n).id);
    const request: InstallRequest = {
      id: this.ids.request++,
      account,
      requester,
      repositorySelection: repositories === "all" ? "all" : "selected",
      repositoryIds: ids,
    };
    this.installRequests.set(request.id, request);
    return request;
  }

  /**
   * An owner approves a request: the installation is created and the owner's
   * browser is sent to the Setup URL with installation_id, without the original state.
   */
  async approveInstallRequest(requestId: number, ownerLogin: string) {
    const request = this.installRequests.get(requestId);
    if (!request) throw new Error(`no install request ${requestId}`);
    this.installRequests.delete(requestId);
    const names =
      request.repositorySelection === "all"
        ? "all"
        : request.repositoryIds.map((id) => {
            const r = this.repositories.get(id)!;
            return `${r.owner.login}/${r.name}`;
          });
    const { installation } = await this.install(request.account.login, {
      repositories: names,
      sender: ownerLogin,
      requester: request.requester.login,
    });
    return {
      installation,
      redirectUrl: this.setupRedirect(
        { installation_id: String(installation.id), setup_action: "install" },
        ownerLogin,
      ),
    };
  }

  /** The Setup URL GitHub would send the browser to (with an OAuth code when enabled). */
  setupRedirect(params: Record<string, string>, userLogin: string): string {
    if (!this.app.setupUrl) throw new Error("the app has no Setup URL configured");
    const url = new URL(this.app.setupUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    if (this.oauthOnInstall) url.searchParams.set("code", this.issueOauthCode(userLogin));
    return url.toString();
  }

  issueOauthCode(login: string): string {
    const code = randomBytes(10).toString("hex");
    this.oauthCodes.set(code, { login, expiresAt: this.now() + 10 * 60_000 });
    return code;
  }

  async ping() {
    return this.webhooks.send("ping", {
      zen: "Keep it logically awesome.",
      hook_id: 1,
      hook: {
        type: "App",
        id: 1,
        name: "web",
        active: true,
        app_id: this.app.id,
        events: this.app.events as WebhookEventMap["ping"]["hook"]["events"],
        config: { content_type: "json", insecure_ssl: "0", url: this.app.webhookUrl ?? "" },
        updated_at: new Date().toISOString(),
        created_at: this.app.createdAt.toISOString(),
        url: `${this.apiUrl}/app/hook/config`,
        ping_url: `${this.apiUrl}/app/hook/pings`,
        deliveries_url: `${this.apiUrl}/app/hook/deliveries`,
      },
      sender: this.payloads.user(this.app.owner),
    });
  }

  // ---- faults, counters, rate limits ---------------------------------------------------

  injectFault(fault: Fault) {
    this.traffic.addFault(fault);
  }

  setLatency(ms: number) {
    this.traffic.latencyMs = ms;
  }

  /** Sets an installation's primary rate limit; `remaining: 0` spends it until `resetInSeconds`. */
  setRateLimit(
    installationId: number,
    { limit, remaining, resetInSeconds = 3600 }: { limit?: number; remaining?: number; resetInSeconds?: number },
  ) {
    const installation = this.mustInstallation(installationId);
    if (limit !== undefined) installation.rateLimit = limit;
    installation.windowResetAt = this.now() + resetInSeconds * 1000;
    installation.used = remaining === undefined ? 0 : installation.rateLimit - remaining;
  }

  counters() {
    return this.traffic.snapshot();
  }

  /** Clears faults, latency and counters (between tests). */
  resetTraffic() {
    this.traffic.reset();
  }

  deliveries(): Delivery[] {
    return this.webhooks.deliveries;
  }

  // ---- helpers ---------------------------------------------------------------------------

  mustInstallation(id: number): Installation {
    const installation = this.installations.get(id);
    if (!installation) throw new Error(`no installation ${id}`);
    return installation;
  }

  repositoriesOf(account: Account): Repository[] {
    return [...this.repositories.values()].filter((r) => r.owner.id === account.id);
  }

  installationRepositories(installation: Installation): Repository[] {
    return [...installation.repositoryIds]
      .map((id) => this.repositories.get(id))
      .filter((r): r is Repository => Boolean(r))
      .sort((a, b) => a.id - b.id);
  }

  private adminOf(org: Account): Account {
    const admin = [...(this.orgMembers.get(org.login.toLowerCase()) ?? new Map()).entries()].find(
      ([, role]) => role === "admin",
    );
    return admin ? this.findAccount(admin[0])! : this.app.owner;
  }

  /** Installations that get this repository's events (GitHub sends none to a suspended one). */
  private installationsSeeing(repo: Repository): Installation[] {
    return [...this.installations.values()].filter((i) => i.repositoryIds.has(repo.id) && !i.suspendedAt);
  }

  private async installationEvent(
    action: "deleted" | "suspend" | "unsuspend" | "new_permissions_accepted",
    installation: Installation,
  ) {
    const common = {
      installation: this.payloads.installation(this.app, installation),
      repositories: this.installationRepositories(installation).map((r) => this.payloads.repositoryLite(r)),
      requester: null,
      sender: this.payloads.user(
        installation.suspendedBy ??
          (installation.account.type === "User" ? installation.account : this.adminOf(installation.account)),
      ),
    };
    // One literal action per call, so each payload is checked against its own event type.
    switch (action) {
      case "deleted":
        return this.webhooks.send("installation", { ...common, action });
      case "suspend":
        return this.webhooks.send("installation", {
          ...common,
          action,
          installation: {
            ...common.installation,
            suspended_by: common.sender,
            suspended_at: common.installation.suspended_at!,
          },
        });
      case "unsuspend":
        return this.webhooks.send("installation", {
          ...common,
          action,
          installation: { ...common.installation, suspended_by: null, suspended_at: null },
        });
      case "new_permissions_accepted":
        return this.webhooks.send("installation", { ...common, action });
    }
  }

  private async deliverToInstallations<E extends WebhookEventName>(
    repo: Repository,
    event: E,
    build: (installation: Installation) => WebhookEventMap[E],
  ) {
    const deliveries: (Delivery | null)[] = [];
    for (const installation of this.installationsSeeing(repo))
      deliveries.push(await this.webhooks.send(event, build(installation)));
    return deliveries;
  }

  private async deliverPush(repo: Repository, ref: string, before: string, after: string, pusherLogin?: string) {
    const pusher =
      (pusherLogin && this.findAccount(pusherLogin)) ||
      (repo.owner.type === "User" ? repo.owner : this.adminOf(repo.owner));
    const deleted = after === ZERO_SHA;
    const created = before === ZERO_SHA;
    const commits: ReturnType<Payloads["pushCommit"]>[] = [];
    if (!deleted) {
      const shas = created ? [after] : await repo.git.commitsBetween(before, after);
      for (const sha of shas.slice(-20)) {
        const info = (await repo.git.readCommit(sha))!;
        const parent = info.parents[0];
        const files = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
        if (parent) {
          for (const f of await repo.git.diff(parent, sha)) {
            if (f.status === "added") files.added.push(f.path);
            else if (f.status === "removed") files.removed.push(f.path);
            else if (f.status === "renamed") {
              files.removed.push(f.previous!);
              files.added.push(f.path);
            } else files.modified.push(f.path);
          }
        } else {
          files.added = (await repo.git.listTree(sha, true)).filter((e) => e.type === "blob").map((e) => e.path);
        }
        commits.push(this.payloads.pushCommit(repo, info, files));
      }
    }
    const forced = !created && !deleted && !(await repo.git.mergeBase(before, after).then((base) => base === before));
    const full = `${repo.owner.login}/${repo.name}`;
    return this.deliverToInstallations(repo, "push", (installation) => ({
      ref,
      before,
      after,
      repository: this.payloads.repository(repo, { pushStyle: true }),
      pusher: { name: pusher.login, email: pusher.email },
      sender: this.payloads.user(pusher),
      installation: { id: installation.id, node_id: installationNodeId(installation.id) },
      ...(repo.owner.type === "Organization" ? { organization: orgPayload(this.payloads.user(repo.owner)) } : {}),
      created,
      deleted,
      forced,
      base_ref: null,
      compare:
        created || deleted
          ? `${this.url}/${full}/compare/${ref.replace(/^refs\/(heads|tags)\//, "")}`
          : `${this.url}/${full}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
    }));
  }
}

export const installationNodeId = (id: number) =>
  Buffer.from(`MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${id}`).toString("base64");

/** Webhook payloads describe organizations with the organization object, not the user one. */
function orgPayload(user: ReturnType<Payloads["user"]>) {
  const api = user.url.replace("/users/", "/orgs/");
  return {
    login: user.login,
    id: user.id,
    node_id: user.node_id,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: user.avatar_url,
    description: null,
  };
}

export async function startGithubSimulator(options: SimulatorOptions = {}): Promise<GithubSimulator> {
  return new GithubSimulator(options).start(options.port ?? 0, options.host ?? "127.0.0.1");
}
