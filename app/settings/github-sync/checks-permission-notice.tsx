import type { CheckPermissionGap } from "@/lib/checks/permission-notice";

/** Syncing works without them; pull request checks and check runs need checks: write and pull_requests: read. */
export function ChecksPermissionNotice({ gap }: { gap: CheckPermissionGap | null }) {
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
