import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { after } from "next/server";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/server";
import { getDb } from "@/lib/db/client";
import { connectErrorMessage } from "@/lib/github-sync/connect-errors";
import { readInstallConfirmation } from "@/lib/github-sync/install-confirm";
import { findReconnectOffer } from "@/lib/github-sync/reconnect";
import { accountNeedsRefresh, refreshInstallationAccount } from "@/lib/github-sync/account-refresh";
import { listRepositoryOptions } from "@/lib/github-sync/repositories";
import { loadSettingsPage, type SettingsPageData } from "@/lib/github-sync/settings-page";
import { PAGE_GITHUB_BUDGET_MS, withinMs } from "@/lib/github/within";
import { connectGithub, reconnectGithub } from "./actions";
import { Banner } from "./banner";
import { ConnectionCard } from "./connection-card";
import { DeleteConfirmation } from "./delete-confirmation";
import { DisconnectButton } from "./disconnect-button";
import { ForgetNotice } from "./forget-notice";
import { NOTICES } from "./notices";
import { NotConnected } from "./not-connected";
import { RecentDeliveries } from "./recent-deliveries";
import { RepositoryPicker } from "./repository-picker";
import { SubmitButton } from "./submit-button";
import { SyncPanel } from "./sync-panel";
import { WaitingBanner } from "./waiting-banner";
import { ChecksPermissionNotice } from "./checks-permission-notice";
import { SetupNotice } from "./setup-notice";
import { relayAfterResponse } from "@/inngest/outbox-relay";
import { NotificationsPanel } from "./notifications/notifications-panel";
import { OpenProposals } from "./open-proposals";

export const metadata: Metadata = { title: "GitHub Sync" };

type Search = { error?: string; notice?: string; confirm?: string; q?: string; page?: string; edit?: string };

export default async function GithubSyncSettingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("/settings/github-sync");
  if (actor.role !== "admin") forbidden();
  // The connection is read once here and handed to every section below.
  const [data, search] = await Promise.all([loadSettingsPage(actor), searchParams]);
  const { settings, record } = data;
  // The account's avatar and type are stored with the connection: refreshed after the response, never awaited.
  if (record && accountNeedsRefresh(record)) after(() => refreshInstallationAccount(getDb(), record.installationId));
  const error = connectErrorMessage(search.error);
  const notice = search.notice && Object.hasOwn(NOTICES, search.notice) ? NOTICES[search.notice] : undefined;
  // Opening the page is also a chance to hand waiting requests to the job service again.
  if (settings.waiting) relayAfterResponse();
  const confirmation = search.confirm ? await readInstallConfirmation(search.confirm, actor) : null;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">Organization Settings</p>
        <h1 className="text-2xl font-semibold">GitHub Sync</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keep {actor.tenantName}’s templates equal to the .json files of a GitHub repository.
        </p>
      </div>
      {error && (
        <Banner tone="failure" title="Not connected">
          {error}
        </Banner>
      )}
      {notice && <Banner tone={notice.tone}>{notice.text}</Banner>}
      {(notice || error) && <ForgetNotice />}
      {settings.waiting && <WaitingBanner waiting={settings.waiting} />}
      <ChecksPermissionNotice gap={data.checksGap} />
      {confirmation && (
        <Banner tone="info" title={`Link ${confirmation.account} to ${actor.tenantName}?`}>
          <p>
            The GitHub App is installed on <strong>{confirmation.account}</strong>. You pass through GitHub once more,
            so it can confirm that your GitHub account can access it.
          </p>
          <form action={reconnectGithub} className="mt-3">
            <input type="hidden" name="confirm" value={search.confirm} />
            <SubmitButton
              pendingText="Opening GitHub…"
              className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700"
            >
              Link it to {actor.tenantName}
            </SubmitButton>
          </form>
        </Banner>
      )}
      <StateView actor={actor} data={data} search={search} />
      {data.proposals && <OpenProposals {...data.proposals} />}
      <NotificationsPanel initial={data.destinations} />
    </div>
  );
}

async function StateView({ actor, data, search }: { actor: Actor; data: SettingsPageData; search: Search }) {
  const { settings, record, history, deliveries } = data;
  const c = settings.connection;
  switch (settings.state) {
    case "not_configured":
      return (
        <section aria-labelledby="not-configured" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
          <h2 id="not-configured" className="text-lg font-semibold">
            GitHub App not configured
          </h2>
          <SetupNotice />
          <p className="mt-2 text-sm">
            To sync templates from a GitHub repository, register a GitHub App and set these variables on the server,
            then restart it:
          </p>
          <ul className="mt-3 list-disc space-y-1 pl-6 font-mono text-sm">
            {settings.missingVariables.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <p className="mt-3 text-sm">
            See the Configuration section of the README. To try it offline, run <code>npm run github:simulator</code>{" "}
            and follow what it prints.
          </p>
        </section>
      );
    case "not_connected":
      return (
        <NotConnected
          settings={settings}
          offer={await withinMs(findReconnectOffer(actor), PAGE_GITHUB_BUDGET_MS)}
          connect={connectGithub}
          reconnect={reconnectGithub}
        />
      );
    case "no_repository":
    case "broken":
    case "connected":
    case "suspended": {
      const choosing = settings.state === "no_repository" || settings.state === "broken";
      const editing = choosing || (settings.state === "connected" && search.edit === "1");
      const page = Math.max(1, Number(search.page) || 1);
      const options = editing
        ? await withinMs(
            listRepositoryOptions(actor, { query: search.q ?? "", page, loaded: record }),
            PAGE_GITHUB_BUDGET_MS,
          )
        : null;
      return (
        <div className="space-y-4">
          <ConnectionCard settings={settings} editable={settings.state === "connected" && !editing} />
          {editing &&
            (options ? (
              <RepositoryPicker
                {...options}
                query={search.q ?? ""}
                mode={settings.state === "no_repository" ? "choose" : "edit"}
                configureUrl={settings.configureUrl}
                initial={{ repository: c!.repository ?? "", branch: c!.branch ?? "", folder: c!.folder }}
              />
            ) : (
              <Banner tone="failure" title="The repositories could not be loaded from GitHub.">
                Reload to try again. If it persists, check the installation on GitHub
                {settings.configureUrl && (
                  <>
                    {" "}
                    (
                    <a href={settings.configureUrl} className="underline">
                      Configure on GitHub
                    </a>
                    )
                  </>
                )}
                .
              </Banner>
            ))}
          {c!.repository && <DeleteConfirmation pending={data.pending} />}
          {/* A decision on a held plan adds a run: a new key starts the panel (and its polling) from it. */}
          {history && (
            <SyncPanel key={history.runs[0]?.id} initial={history} requested={c!.status?.kind === "syncing"} />
          )}
          <RecentDeliveries deliveries={deliveries} />
          <DisconnectButton />
        </div>
      );
    }
  }
}
