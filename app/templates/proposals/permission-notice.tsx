/** Proposing needs contents: write and pull_requests: write; without them the installation stays read-only. */
export function ProposalPermissionNotice({
  missing,
  settingsUrl,
  id = "proposal-permission",
}: {
  missing: string[];
  settingsUrl: string | null;
  id?: string;
}) {
  if (!missing.length) return null;
  return (
    <section
      aria-labelledby={id}
      className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="proposal-permission-notice"
    >
      <h2 id={id} className="font-semibold">
        Proposing changes is off
      </h2>
      <p className="mt-1">
        Syncing continues read-only. To propose changes as pull requests, grant the GitHub App{" "}
        {missing.map((permission, index) => (
          <span key={permission}>
            {index > 0 && " and "}
            <code>{permission}: write</code>
          </span>
        ))}{" "}
        {settingsUrl ? (
          <>
            on{" "}
            <a className="font-medium underline" href={settingsUrl}>
              the installation’s settings page on GitHub
            </a>
          </>
        ) : (
          "on the installation’s settings page on GitHub"
        )}
        . The buttons turn on as soon as the new permissions are accepted.
      </p>
    </section>
  );
}
