import type { ReconnectOffer } from "@/lib/github-sync/reconnect";
import type { SyncSettings } from "@/lib/github-sync/settings";
import { SubmitButton } from "./submit-button";

type Props = {
  settings: SyncSettings;
  offer: ReconnectOffer | null;
  connect: () => Promise<void>;
  reconnect: (formData: FormData) => Promise<void>;
};

/** Not connected: reconnect the installation this organization had (when it still exists), or install anew. */
export function NotConnected({ settings, offer, connect, reconnect }: Props) {
  return (
    <section aria-labelledby="not-connected" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id="not-connected" className="text-lg font-semibold">
        Not connected
      </h2>
      {offer && (
        <div
          className="mt-3 flex flex-wrap items-center gap-3 rounded border border-slate-200 p-3"
          data-testid="reconnect"
        >
          {offer.avatarUrl && (
            // eslint-disable-next-line @next/next/no-img-element -- GitHub's avatar, at GitHub's URL
            <img src={offer.avatarUrl} alt="" width={32} height={32} className="h-8 w-8 rounded" />
          )}
          <p className="min-w-0 flex-1 text-sm">
            The GitHub App is still installed on <strong>{offer.account}</strong>, which this organization used before.
            Reconnect it: GitHub confirms that your account can access it, and you come back here to pick the
            repository.
          </p>
          <form action={reconnect}>
            <SubmitButton
              pendingText="Opening GitHub…"
              className="rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700"
            >
              Reconnect {offer.account}
            </SubmitButton>
          </form>
        </div>
      )}
      <p className="mt-3 text-sm text-slate-600">
        {offer ? "Or install" : "Install"} Allegro’s GitHub App on the account that owns your templates repository. You
        will come back here to pick the repository.
      </p>
      {!settings.verifiedInstalls && (
        <p className="mt-3 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {settings.insecureInstalls
            ? "Development mode (ALLEGRO_INSECURE_SKIP_INSTALL_OWNERSHIP): installations are linked without proof that your GitHub account can access them."
            : "Connecting is turned off: OAuth verification of installs is not configured (GITHUB_APP_CLIENT_ID / GITHUB_APP_CLIENT_SECRET are not set), so nobody can prove who installed the app. An administrator must enable “Request user authorization (OAuth) during installation” on the GitHub App and set both variables."}
        </p>
      )}
      <form action={connect} className="mt-4">
        <SubmitButton
          pendingText="Opening GitHub…"
          className={
            offer
              ? "rounded border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100"
              : "rounded bg-slate-900 px-4 py-2 font-medium text-white hover:bg-slate-700"
          }
        >
          Connect GitHub Repository
        </SubmitButton>
      </form>
    </section>
  );
}
