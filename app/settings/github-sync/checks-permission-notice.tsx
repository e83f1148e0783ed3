import { findCheckPermissionGap } from "@/lib/checks/permission-notice";
import { getDb } from "@/lib/db/client";
import { loadGithubConfig } from "@/lib/github/config";

/** Syncing works without them; pull request checks and check runs need checks: write and pull_requests: read. */
export async function ChecksPermissionNotice({ tenantId }: { tenantId: bigint }) {
  const github = await loadGithubConfig().catch(() => null);
  if (!github) return null;
  const gap = await findCheckPermissionGap(getDb(), tenantId, github.webUrl);
  if (!gap) return null;
  return (
    <section
      aria-labelledby="checks-permission"
      className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <h2 id="checks-permission" className="font-semibold">
        Pull request checks are off
      </h2>
      <p className="mt-1">
        Syncing continues. To check pull requests and report each sync on its commit, grant the GitHub App{" "}
        {gap.missing.map((permission, index) => (
          <span key={permission}>
            {index > 0 && " and "}
            <code>{permission}</code>
          </span>
        ))}{" "}
        on{" "}
        <a className="font-medium underline" href={gap.installationSettingsUrl}>
          the installation’s settings page on GitHub
        </a>
        . Checks turn on as soon as the new permissions are accepted.
      </p>
    </section>
  );
}
