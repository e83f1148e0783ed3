import type { Accounts } from "./accounts";
import type { CheckRuns } from "./check-runs";
import type { WebhookDispatcher } from "./deliveries";
import type { Installations } from "./installations";
import type { AppIdentity, CheckRun, Repository } from "./model";
import type { Payloads } from "./payloads";
import { hasPermission } from "./permissions";
import { checkRunObject, pullRequestRef } from "./pull-request-payloads";
import type { PullRequests } from "./pull-requests";

/** What check runs show of the app, and which open pull requests have the run's commit as head. */
export class CheckRunViews {
  constructor(
    private readonly deps: {
      app: AppIdentity;
      accounts: Accounts;
      installations: Installations;
      webhooks: WebhookDispatcher;
      checkRuns: CheckRuns;
      pulls: PullRequests;
      payloads: () => Payloads;
    },
  ) {}

  object(repo: Repository, run: CheckRun) {
    const payloads = this.deps.payloads();
    const pulls = this.deps.pulls
      .list(repo)
      .filter((pr) => pr.state === "open" && pr.headSha === run.headSha)
      .map((pr) => pullRequestRef(payloads, repo, pr));
    return checkRunObject(payloads, repo, run, { app: payloads.app(this.deps.app, 1), pullRequests: pulls });
  }

  /**
   * "Re-run" on GitHub: `check_run.rerequested` goes to the app that created the run
   * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#check_run), with the
   * check suite and the pull requests whose head is the run's commit.
   */
  async rerequest(repo: Repository, run: CheckRun, senderLogin?: string) {
    const { app, accounts, installations, webhooks } = this.deps;
    const payloads = this.deps.payloads();
    const checkRun = this.object(repo, run);
    const sender = (senderLogin && accounts.find(senderLogin)) || accounts.actingFor(repo.owner);
    const deliveries = [];
    for (const installation of installations.seeing(repo)) {
      if (run.appId !== app.id || !hasPermission(app, installation, "checks", "read")) continue;
      const payload = {
        action: "rerequested",
        check_run: {
          ...checkRun,
          check_suite: {
            id: run.checkSuiteId,
            head_sha: run.headSha,
            head_branch: checkRun.pull_requests[0]?.head.ref ?? null,
            status: run.status,
            conclusion: run.conclusion,
            app: checkRun.app,
            pull_requests: checkRun.pull_requests,
          },
        },
        repository: payloads.repository(repo),
        sender: payloads.user(sender),
        installation: payloads.installationRef(installation),
      };
      deliveries.push(await webhooks.send("check_run", payload as never));
    }
    return deliveries;
  }
}
