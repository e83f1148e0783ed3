import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/server";
import { connectErrorMessage } from "@/lib/github-sync/connect-errors";
import { readInstallConfirmation } from "@/lib/github-sync/install-confirm";
import { listRepositoryOptions } from "@/lib/github-sync/repositories";
import { getSyncSettings, type SyncSettings } from "@/lib/github-sync/settings";
import { getEnv } from "@/lib/env";
import { defaultSyncDeps } from "@/lib/sync/deps";
import { getSyncHistory } from "@/lib/sync/history";
import { RelativeTime } from "@/components/relative-time";
import { connectGithub } from "./actions";
import { DeleteConfirmation } from "./delete-confirmation";
import { DisconnectButton } from "./disconnect-button";
import { RepositoryPicker } from "./repository-picker";
import { SyncPanel } from "./sync-panel";
import { WaitingBanner } from "./waiting-banner";
import { ChecksPermissionNotice } from "./checks-permission-notice";
import { relayAfterResponse } from "@/inngest/outbox-relay";

export const metadata: Metadata = { title: "GitHub Sync" };

const NOTICES: Record<string, string> = {
  installed: "The GitHub App is installed and connected. Now choose the repository to sync.",
  updated: "The GitHub App installation was updated on GitHub.",
  requested: "Waiting for an organization owner to approve the installation on GitHub. Once approved, connect again.",
  saved: "Repository saved. The initial sync is queued.",
  disconnected: "GitHub Sync is disconnected. Your templates were kept and are editable again.",
};

type Search = { error?: string; notice?: string; confirm?: string; q?: string; page?: string };

export default async function GithubSyncSettingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requireActor("/settings/github-sync");
  if (actor.role !== "admin") forbidden();
  const [settings, search] = await Promise.all([getSyncSettings(actor), searchParams]);
  const error = connectErrorMessage(search.error);
  const notice = search.notice && Object.hasOwn(NOTICES, search.notice) ? NOTICES[search.notice] : undefined;
  // Opening the page is also a chance to hand waiting requests to the job service again.
  if (settings.waiting) relayAfterResponse();
  const confirmation = search.confirm ? await readInstallConfirmation(search.confirm, actor) : null;

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">Organization Settings</p>
        <h1 className="text-2xl font-semibold">GitHub Sync</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keep {actor.tenantName}’s templates equal to the .json files of a GitHub repository.
        </p>
      </div>
      {error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="rounded border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
          {notice}
        </p>
      )}
      {settings.waiting && <WaitingBanner waiting={settings.waiting} />}
      <ChecksPermissionNotice tenantId={actor.tenantId} />
      {confirmation && (
        <section role="status" className="rounded border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900">
          <p>
            An owner approved the installation on <strong>{confirmation.account}</strong>. Link it to {actor.tenantName}
            ? You pass through GitHub once more, so it can confirm your access.
          </p>
          <form action={connectGithub} className="mt-3">
            <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
              Link it to {actor.tenantName}
            </button>
          </form>
        </section>
      )}
      <StateView actor={actor} settings={settings} search={search} />
    </div>
  );
}

async function StateView({ actor, settings, search }: { actor: Actor; settings: SyncSettings; search: Search }) {
  const c = settings.connection;
  switch (settings.state) {
    case "not_configured":
      return (
        <section aria-labelledby="not-configured" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
          <h2 id="not-configured" className="text-lg font-semibold">
            GitHub App not configured
          </h2>
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
        <section aria-labelledby="not-connected" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="not-connected" className="text-lg font-semibold">
            Not connected
          </h2>
          <p className="mt-2 text-sm text-slate-600">
            Install Allegro’s GitHub App on the account that owns your templates repository. You will come back here to
            pick the repository.
          </p>
          {!settings.verifiedInstalls && (
            <p className="mt-3 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {settings.insecureInstalls
                ? "Development mode (ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP): installations are linked without proof that your GitHub account can access them."
                : "Connecting is turned off: OAuth verification of installs is not configured (GITHUB_APP_CLIENT_ID / GITHUB_APP_CLIENT_SECRET are not set), so nobody can prove who installed the app. An administrator must enable “Request user authorization (OAuth) during installation” on the GitHub App and set both variables."}
            </p>
          )}
          <form action={connectGithub} className="mt-4">
            <button type="submit" className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700">
              Connect GitHub Repository
            </button>
          </form>
        </section>
      );
    case "no_repository":
    case "broken": {
      const page = Math.max(1, Number(search.page) || 1);
      const options = await listRepositoryOptions(actor, { query: search.q ?? "", page }).catch(() => null);
      return (
        <div className="space-y-4">
          {settings.state === "broken" && (
            <p role="alert" className="rounded border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
              <strong>Sync is broken.</strong> {c!.brokenReason}
            </p>
          )}
          <ConnectionSummary settings={settings} />
          {options ? (
            <RepositoryPicker {...options} query={search.q ?? ""} current={c!.repository} />
          ) : (
            <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-800">
              The repositories could not be loaded from GitHub. Reload to try again.
            </p>
          )}
          <DisconnectButton />
        </div>
      );
    }
    case "connected":
    case "suspended": {
      const history = await getSyncHistory(defaultSyncDeps(), actor, { dashboardUrl: getEnv().inngestDashboardUrl });
      return (
        <div className="space-y-4">
          {settings.state === "suspended" && (
            <p role="alert" className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              <strong>The GitHub App installation is suspended</strong> on {c!.accountLogin}. No syncs run until an
              owner unsuspends it on GitHub.
            </p>
          )}
          <ConnectionSummary settings={settings} />
          <DeleteConfirmation actor={actor} />
          {/* A decision on a held plan adds a run: a new key starts the panel (and its polling) from it. */}
          <SyncPanel key={history.runs[0]?.id} initial={history} />
          <DisconnectButton />
        </div>
      );
    }
  }
}

function ConnectionSummary({ settings }: { settings: SyncSettings }) {
  const c = settings.connection!;
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-3 gap-4 px-4 py-3">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm">{value}</dd>
    </div>
  );
  return (
    <section aria-labelledby="connection" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="connection" className="border-b border-slate-200 px-4 py-3 text-lg font-semibold">
        Connection
      </h2>
      <dl className="divide-y divide-slate-100" data-testid="connection">
        {row("Account", c.accountLogin ?? "—")}
        {row(
          "Repository",
          c.repository && c.repositoryUrl ? (
            <a href={c.repositoryUrl} className="font-mono text-indigo-700 hover:underline">
              {c.repository}
            </a>
          ) : (
            "Not chosen yet"
          ),
        )}
        {c.repository && row("Branch", <span className="font-mono">{c.branch}</span>)}
        {c.repository && row("Folder", c.folder ? <span className="font-mono">{c.folder}/</span> : "Whole repository")}
        {c.repository && row("Last sync", c.lastSyncAt ? <RelativeTime iso={c.lastSyncAt} /> : "Not synced yet")}
        {c.repository &&
          row(
            "Last synced commit",
            c.lastSyncHash && c.commitUrl ? (
              <a href={c.commitUrl} className="font-mono text-indigo-700 hover:underline" title={c.lastSyncHash}>
                {c.lastSyncHash.slice(0, 7)}
              </a>
            ) : (
              "—"
            ),
          )}
      </dl>
      {c.lastSyncErrors.length > 0 && (
        <div className="border-t border-slate-200 px-4 py-3">
          <h3 className="text-sm font-semibold text-red-800">Last sync errors</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {c.lastSyncErrors.map((e) => (
              <li key={e.path}>
                {e.url ? (
                  <a href={e.url} className="font-mono text-indigo-700 hover:underline">
                    {e.path}
                  </a>
                ) : (
                  <span className="font-mono">{e.path}</span>
                )}
                {e.line ? (
                  <span className="text-slate-500">
                    {" "}
                    {e.line}:{e.column}
                  </span>
                ) : null}{" "}
                — {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
