import { randomBytes } from "node:crypto";
import type { Accounts } from "./accounts";
import type { IdSequences } from "./ids";
import type { Installations } from "./installations";
import type { AppIdentity, InstallRequest, UserToken } from "./model";
import type { Repositories } from "./repositories";

/**
 * The browser's side of installing the app: members' install requests and owners' approvals,
 * the redirect to the app's Setup URL, and the OAuth code it may carry.
 */
export class InstallFlow {
  readonly requests = new Map<number, InstallRequest>();
  /** OAuth code → the user it signs in, until it expires (ten minutes, used once). */
  readonly oauthCodes = new Map<string, { login: string; expiresAt: number }>();
  /** User access token → the user (what the OAuth code was exchanged for). */
  readonly userTokens = new Map<string, UserToken>();
  /** Include an OAuth `code` in the Setup URL redirect ("request user authorization during installation"). */
  oauthOnInstall: boolean;

  constructor(
    private readonly deps: {
      app: AppIdentity;
      accounts: Accounts;
      repositories: Repositories;
      installations: Installations;
      ids: IdSequences;
      now: () => number;
    },
    oauthOnInstall: boolean,
  ) {
    this.oauthOnInstall = oauthOnInstall;
  }

  /** An organization member who is not an owner asks for the app: no installation yet. */
  request(accountLogin: string, requesterLogin: string, repositories: "all" | string[] = "all"): InstallRequest {
    const { accounts, repositories: repos } = this.deps;
    const account = accounts.find(accountLogin)!;
    const ids =
      repositories === "all" ? repos.ownedBy(account).map((r) => r.id) : repositories.map((n) => repos.get(n).id);
    const request: InstallRequest = {
      id: this.deps.ids.next("request"),
      account,
      requester: accounts.find(requesterLogin)!,
      repositorySelection: repositories === "all" ? "all" : "selected",
      repositoryIds: ids,
    };
    this.requests.set(request.id, request);
    return request;
  }

  /**
   * An owner approves a request: the installation is created and the owner's
   * browser is sent to the Setup URL with installation_id, without the original state.
   */
  async approve(requestId: number, ownerLogin: string) {
    const request = this.requests.get(requestId);
    if (!request) throw new Error(`no install request ${requestId}`);
    this.requests.delete(requestId);
    const names =
      request.repositorySelection === "all"
        ? "all"
        : request.repositoryIds.map((id) => {
            const r = this.deps.repositories.byId.get(id)!;
            return `${r.owner.login}/${r.name}`;
          });
    const { installation } = await this.deps.installations.install(request.account.login, {
      repositories: names,
      sender: ownerLogin,
      requester: request.requester.login,
    });
    const params = { installation_id: String(installation.id), setup_action: "install" };
    return { installation, redirectUrl: this.setupRedirect(params, ownerLogin) };
  }

  /** The Setup URL GitHub would send the browser to (with an OAuth code when enabled). */
  setupRedirect(params: Record<string, string>, userLogin: string): string {
    if (!this.deps.app.setupUrl) throw new Error("the app has no Setup URL configured");
    const url = new URL(this.deps.app.setupUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    if (this.oauthOnInstall) url.searchParams.set("code", this.issueOauthCode(userLogin));
    return url.toString();
  }

  issueOauthCode(login: string): string {
    const code = randomBytes(10).toString("hex");
    this.oauthCodes.set(code, { login, expiresAt: this.deps.now() + 10 * 60_000 });
    return code;
  }
}
