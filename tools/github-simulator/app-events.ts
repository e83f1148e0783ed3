import type { WebhookEventMap } from "@octokit/webhooks-types";
import type { Accounts } from "./accounts";
import type { WebhookDispatcher } from "./deliveries";
import type { Account, AppIdentity, Installation, Repository } from "./model";
import type { Payloads } from "./payloads";
import type { Repositories } from "./repositories";

export type InstallationAction = "deleted" | "suspend" | "unsuspend" | "new_permissions_accepted";

/** The webhooks about the app itself: `installation`, `installation_repositories` and `ping`. */
export class AppEvents {
  constructor(
    private readonly deps: {
      app: AppIdentity;
      webhooks: WebhookDispatcher;
      accounts: Accounts;
      repositories: Repositories;
      /** Payloads know the simulator's URL, so they exist once it listens. */
      payloads: () => Payloads;
    },
  ) {}

  created(installation: Installation, selected: Repository[], sender: Account, requester?: Account) {
    const { app, webhooks } = this.deps;
    const payloads = this.deps.payloads();
    return webhooks.send("installation", {
      action: "created",
      installation: payloads.installation(app, installation),
      repositories: selected.map((r) => payloads.repositoryLite(r)),
      // Present only when an owner approved a member's request.
      ...(requester ? { requester: payloads.user(requester) } : {}),
      sender: payloads.user(sender),
    });
  }

  changed(action: InstallationAction, installation: Installation) {
    const { app, webhooks, accounts, repositories } = this.deps;
    const payloads = this.deps.payloads();
    const common = {
      installation: payloads.installation(app, installation),
      repositories: repositories.visibleTo(installation).map((r) => payloads.repositoryLite(r)),
      requester: null,
      sender: payloads.user(installation.suspendedBy ?? accounts.actingFor(installation.account)),
    };
    // One literal action per call, so each payload is checked against its own event type.
    switch (action) {
      case "deleted":
        return webhooks.send("installation", { ...common, action });
      case "suspend":
        return webhooks.send("installation", {
          ...common,
          action,
          installation: {
            ...common.installation,
            suspended_by: common.sender,
            suspended_at: common.installation.suspended_at!,
          },
        });
      case "unsuspend":
        return webhooks.send("installation", {
          ...common,
          action,
          installation: { ...common.installation, suspended_by: null, suspended_at: null },
        });
      case "new_permissions_accepted":
        return webhooks.send("installation", { ...common, action });
    }
  }

  /** One `installation_repositories` delivery for the added repositories, one for the removed ones. */
  async repositoriesChanged(installation: Installation, added: Repository[], removed: Repository[]) {
    const { app, webhooks, accounts } = this.deps;
    const payloads = this.deps.payloads();
    const common = {
      installation: payloads.installation(app, installation),
      repository_selection: installation.repositorySelection,
      requester: null,
      sender: payloads.user(accounts.actingFor(installation.account)),
    };
    const deliveries = [];
    if (added.length) {
      deliveries.push(
        await webhooks.send("installation_repositories", {
          ...common,
          action: "added",
          repositories_added: added.map((r) => payloads.repositoryLite(r)),
          repositories_removed: [],
        }),
      );
    }
    if (removed.length) {
      deliveries.push(
        await webhooks.send("installation_repositories", {
          ...common,
          action: "removed",
          repositories_added: [],
          repositories_removed: removed.map((r) => payloads.repositoryLite(r)),
        }),
      );
    }
    return deliveries;
  }

  ping() {
    const { app, webhooks } = this.deps;
    const payloads = this.deps.payloads();
    const api = payloads.api;
    return webhooks.send("ping", {
      zen: "Keep it logically awesome.",
      hook_id: 1,
      hook: {
        type: "App",
        id: 1,
        name: "web",
        active: true,
        app_id: app.id,
        events: app.events as WebhookEventMap["ping"]["hook"]["events"],
        config: { content_type: "json", insecure_ssl: "0", url: app.webhookUrl ?? "" },
        updated_at: new Date().toISOString(),
        created_at: app.createdAt.toISOString(),
        url: `${api}/app/hook/config`,
        ping_url: `${api}/app/hook/pings`,
        deliveries_url: `${api}/app/hook/deliveries`,
      },
      sender: payloads.user(app.owner),
    });
  }
}
