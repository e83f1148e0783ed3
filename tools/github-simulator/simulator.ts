import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Accounts, type NewAccount } from "./accounts";
import { AppEvents } from "./app-events";
import { CheckRunViews } from "./check-run-events";
import { CheckRuns } from "./check-runs";
import { appEnvFor, createAppIdentity, type AppOptions } from "./app-identity";
import { WebhookDispatcher } from "./deliveries";
import { Faults, type Fault } from "./faults";
import { handleRequest } from "./http";
import { IdSequences } from "./ids";
import { InstallFlow } from "./install-flow";
import { ManifestFlow } from "./manifest-flow";
import { Installations, type InstallOptions } from "./installations";
import type { Account, AppIdentity, Installation, Permissions, Repository } from "./model";
import { Payloads } from "./payloads";
import { PullRequests, type NewPullRequest } from "./pull-requests";
import { captureState, readStateFile, restoreState, writeStateFile, type StateParts } from "./persistence";
import { setRateLimit } from "./rate-limits";
import { Repositories, type NewRepository } from "./repositories";
import { RepositoryChanges, type CommitInput } from "./repository-changes";
import { RepositoryEvents } from "./repository-events";
import { Traffic } from "./traffic";

export type { InstallRequest } from "./model";

export type SimulatorOptions = {
  /** Port to listen on (0: a free one). */
  port?: number;
  host?: string;
  /** Folder for the git repositories (default: a fresh temp folder, removed on stop). */
  dataDir?: string;
  app?: AppOptions;
  /** The app's Setup URL (where the install flow redirects) and webhook URL. */
  setupUrl?: string;
  webhookUrl?: string;
  /** Include an OAuth `code` in the install redirect ("request user authorization during installation"). */
  oauthOnInstall?: boolean;
  /**
   * Keep the state (accounts, repositories, installations, tokens) in this JSON file: loaded when
   * it exists, written after every change made over HTTP and on `save()`. Needs a `dataDir`.
   */
  stateFile?: string;
  /** Called when the manifest flow creates a new App (the dev launcher keeps its identity across restarts). */
  onAppCreated?: (app: AppIdentity) => void;
};

/**
 * A local GitHub for one GitHub App, as tests, scripts and the bench drive it. The state lives
 * in small parts (accounts, repositories, installations, the install flow, webhook deliveries,
 * faults); this facade wires them together, serves them over HTTP (http.ts) and delegates.
 */
export class GithubSimulator {
  readonly app: AppIdentity;
  readonly webhooks: WebhookDispatcher;
  readonly traffic = new Traffic();
  readonly faults = new Faults();
  /** Overrides Date.now() for token and JWT expiry (tests fix the clock). */
  now: () => number = () => Date.now();
  payloads!: Payloads;
  url = "";
  readonly pulls: PullRequests;
  readonly checkRuns: CheckRuns;
  readonly checkRunViews: CheckRunViews;
  readonly manifests: ManifestFlow;

  private readonly people: Accounts;
  private readonly repos: Repositories;
  private readonly installs: Installations;
  private readonly changes: RepositoryChanges;
  private readonly flow: InstallFlow;
  private readonly appEvents: AppEvents;
  private readonly dataDir: string;
  private readonly ownsDataDir: boolean;
  private readonly stateFile: string | null;
  private readonly stateParts: StateParts;
  /** Whether the state was loaded from `stateFile` (a restart) rather than started empty. */
  readonly restored: boolean;
  private server: http.Server | null = null;

  constructor(options: SimulatorOptions = {}) {
    if (options.stateFile && !options.dataDir) throw new Error("a stateFile needs a dataDir that persists too");
    this.dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "github-simulator-"));
    this.ownsDataDir = !options.dataDir;
    this.stateFile = options.stateFile ?? null;
    const ids = new IdSequences();
    const now = () => this.now();
    const payloads = () => this.payloads;
    this.people = new Accounts(ids);
    this.app = createAppIdentity(options, this.people.appOwner);
    const app = this.app;
    this.webhooks = new WebhookDispatcher({
      secret: () => app.webhookSecret,
      url: () => app.webhookUrl,
      appId: () => app.id,
      hookId: 1,
    });
    this.repos = new Repositories(this.people, ids, this.dataDir);
    const { webhooks, people: accounts, repos: repositories } = this;
    this.appEvents = new AppEvents({ app, webhooks, accounts, repositories, payloads });
    this.installs = new Installations({ accounts, repositories, events: this.appEvents, ids, now });
    const installations = this.installs;
    const events = new RepositoryEvents({ webhooks, accounts, installations, payloads });
    this.pulls = new PullRequests({ app, accounts, repositories, installations, webhooks, events, ids, payloads });
    this.checkRuns = new CheckRuns(ids);
    const { pulls, checkRuns } = this;
    this.checkRunViews = new CheckRunViews({ app, accounts, installations, webhooks, checkRuns, pulls, payloads });
    this.changes = new RepositoryChanges({ accounts, repositories, installations, events, pulls });
    const oauthOnInstall = options.oauthOnInstall ?? false;
    this.manifests = new ManifestFlow({
      app,
      now,
      replaceApp: (created) => {
        // Parts hold the identity object: the new App takes its place, and the old App's installations go.
        Object.assign(app, created);
        this.installs.byId.clear();
        this.installs.tokens.clear();
        options.onAppCreated?.(app);
      },
    });
    this.flow = new InstallFlow({ app, accounts, repositories, installations, ids, now }, oauthOnInstall);
    this.stateParts = { ids, accounts, repositories, installations, flow: this.flow, dataDir: this.dataDir };
    const stored = this.stateFile ? readStateFile(this.stateFile) : null;
    if (stored) restoreState(this.stateParts, stored);
    this.restored = Boolean(stored);
  }

  /** Writes the state to `stateFile` (no-op without one). HTTP changes call it themselves. */
  save() {
    if (this.stateFile) writeStateFile(this.stateFile, captureState(this.stateParts));
  }

  async start(port = 0, host = "127.0.0.1"): Promise<this> {
    this.server = http.createServer((req, res) => void handleRequest(this, req, res));
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, resolve);
    });
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    this.payloads = new Payloads(this.url, this.apiUrl);
    return this;
  }

  async stop() {
    this.repos.closeAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    if (this.ownsDataDir) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  get apiUrl() {
    return `${this.url}/api/v3`;
  }

  /** What the app needs to talk to this simulator. */
  appEnv = () => appEnvFor(this.app, this.url);

  configureApp(settings: { setupUrl?: string | null; webhookUrl?: string | null; oauthOnInstall?: boolean }) {
    if (settings.setupUrl !== undefined) this.app.setupUrl = settings.setupUrl;
    if (settings.webhookUrl !== undefined) this.app.webhookUrl = settings.webhookUrl;
    if (settings.oauthOnInstall !== undefined) this.oauthOnInstall = settings.oauthOnInstall;
  }

  get oauthOnInstall() {
    return this.flow.oauthOnInstall;
  }
  set oauthOnInstall(value: boolean) {
    this.flow.oauthOnInstall = value;
  }

  // The parts' state, as the HTTP routes and tests read it.
  get accounts() {
    return this.people.byLogin;
  }
  /** Organization login → member login → role (lower-case logins). */
  get orgMembers() {
    return this.people.orgMembers;
  }
  get repositories() {
    return this.repos.byId;
  }
  get codeload() {
    return this.repos.codeload;
  }
  get installations() {
    return this.installs.byId;
  }
  get tokens() {
    return this.installs.tokens;
  }
  get installRequests() {
    return this.flow.requests;
  }
  get oauthCodes() {
    return this.flow.oauthCodes;
  }
  get userTokens() {
    return this.flow.userTokens;
  }

  // Accounts (accounts.ts).
  createAccount = (input: NewAccount) => this.people.create(input);
  findAccount = (login: string) => this.people.find(login);
  canAdminister = (user: Account, account: Account) => this.people.canAdminister(user, account);
  canSee = (user: Account, account: Account) => this.people.canSee(user, account);

  // Repositories (repositories.ts) and what people do to them (repository-changes.ts, each delivers its webhooks).
  createRepository = (input: NewRepository) => this.changes.create(input);
  findRepository = (owner: string, name: string) => this.repos.find(owner, name);
  repository = (fullName: string) => this.repos.get(fullName);
  repositoriesOf = (account: Account) => this.repos.ownedBy(account);
  installationRepositories = (installation: Installation) => this.repos.visibleTo(installation);
  commit = (fullName: string, input: CommitInput) => this.changes.commit(fullName, input);
  createBranch = (fullName: string, branch: string, from?: string) => this.changes.createBranch(fullName, branch, from);
  /** After the REST API moved a branch: its `push` and `pull_request.synchronize` webhooks. */
  branchMoved = (repo: Repository, branch: string, before: string, after: string, pusher?: string) =>
    this.changes.branchMoved(repo, branch, before, after, pusher);
  /** The app's bot account: GitHub's author of what the app writes with an installation token. */
  appBot = () => {
    const login = `${this.app.slug}[bot]`;
    return this.people.find(login) ?? this.people.create({ login });
  };

  deleteBranch = (fullName: string, branch: string) => this.changes.deleteBranch(fullName, branch);
  createTag = (fullName: string, tag: string, from?: string) => this.changes.createTag(fullName, tag, from);
  renameRepository = (fullName: string, newName: string) => this.changes.rename(fullName, newName);
  transferRepository = (fullName: string, newOwner: string) => this.changes.transfer(fullName, newOwner);
  setDefaultBranch = (fullName: string, branch: string) => this.changes.setDefaultBranch(fullName, branch);

  // Installations (installations.ts) and the browser's install flow (install-flow.ts).
  install = (accountLogin: string, options: InstallOptions = {}) => this.installs.install(accountLogin, options);
  installationOf = (accountLogin: string) => this.installs.of(accountLogin);
  mustInstallation = (id: number) => this.installs.get(id);
  setInstallationRepositories = (id: number, change: { add?: string[]; remove?: string[] }) =>
    this.installs.setRepositories(id, change);
  suspend = (installationId: number) => this.installs.suspend(installationId);
  unsuspend = (installationId: number) => this.installs.unsuspend(installationId);
  uninstall = (installationId: number) => this.installs.uninstall(installationId);
  acceptNewPermissions = (installationId: number) => this.installs.acceptNewPermissions(installationId);
  /** The installation keeps only these permissions until `acceptNewPermissions` (an owner who has not accepted yet). */
  setInstallationPermissions = (installationId: number, permissions: Permissions) =>
    this.installs.setPermissions(installationId, permissions);

  // Pull requests (pull-requests.ts) and check runs (check-runs.ts, check-run-events.ts).
  openPullRequest = (fullName: string, input: NewPullRequest) => this.pulls.open(fullName, input);
  mergePullRequest = (fullName: string, number: number) => this.pulls.merge(fullName, number);
  closePullRequest = (fullName: string, number: number) => this.pulls.close(fullName, number);
  reopenPullRequest = (fullName: string, number: number) => this.pulls.reopen(fullName, number);
  readyForReview = (fullName: string, number: number) => this.pulls.readyForReview(fullName, number);
  /** "Re-run" on a check run: delivers `check_run.rerequested` to the app. */
  rerequestCheckRun = (id: number) => {
    const run = this.checkRuns.byId.get(id);
    if (!run) throw new Error(`no check run ${id}`);
    return this.checkRunViews.rerequest(this.repos.byId.get(run.repositoryId)!, run);
  };
  requestInstall = (accountLogin: string, requesterLogin: string, repositories: "all" | string[] = "all") =>
    this.flow.request(accountLogin, requesterLogin, repositories);
  approveInstallRequest = (requestId: number, ownerLogin: string) => this.flow.approve(requestId, ownerLogin);
  setupRedirect = (params: Record<string, string>, userLogin: string) => this.flow.setupRedirect(params, userLogin);
  issueOauthCode = (login: string) => this.flow.issueOauthCode(login);

  // Webhooks (deliveries.ts, app-events.ts), faults and rate limits (faults.ts, rate-limits.ts), counters (traffic.ts).
  ping = () => this.appEvents.ping();
  deliveries = () => this.webhooks.deliveries;
  injectFault = (fault: Fault) => this.faults.add(fault);
  setLatency = (ms: number) => {
    this.faults.latencyMs = ms;
  };
  /** Sets an installation's primary rate limit; `remaining: 0` spends it until `resetInSeconds`. */
  setRateLimit = (installationId: number, limits: Parameters<typeof setRateLimit>[1]) =>
    setRateLimit(this.installs.get(installationId), limits, this.now());
  counters = () => this.traffic.snapshot();
  /** Clears faults, latency and counters (between tests). */
  resetTraffic = () => {
    this.faults.reset();
    this.traffic.resetCounters();
  };
}

export async function startGithubSimulator(options: SimulatorOptions = {}): Promise<GithubSimulator> {
  return new GithubSimulator(options).start(options.port ?? 0, options.host ?? "127.0.0.1");
}
