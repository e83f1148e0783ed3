import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { loadProposalContext } from "@/lib/proposals/page-context";
import { proposeNewFileAction } from "../proposals/actions";
import { ProposeForm } from "../proposals/propose-form";

const STARTER = JSON.stringify({ name: "", description: "", body: {} }, null, 2);

/** New template in a connected organization: propose it as a new file in the synced folder. */
export async function ProposeNewFile({ actor }: { actor: Actor }) {
  const context = await loadProposalContext(getDb(), actor, getEnv().githubHost.webUrl);
  if (!context.repository) return null;
  return (
    <section aria-labelledby="propose-new-heading" className="mt-8 border-t border-slate-200 pt-6">
      <h2 id="propose-new-heading" className="text-lg font-semibold">
        Or propose it on GitHub
      </h2>
      <p className="mb-4 mt-1 text-sm text-slate-700">
        Opens a pull request adding a new file to <span className="break-all font-mono">{context.repository}</span>. The
        template appears here once the pull request is merged and synced.
      </p>
      {!context.ready && context.reason && (
        <p className="mb-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">{context.reason}</p>
      )}
      <ProposeForm
        mode="new"
        initialText={STARTER}
        defaultTitle=""
        current={null}
        open={context.open}
        folder={context.folder}
        repositoryUrl={context.repositoryUrl}
        missing={context.missing}
        settingsUrl={context.installationSettingsUrl}
        ready={context.ready}
        cancelHref="/templates"
        action={proposeNewFileAction}
      />
    </section>
  );
}
