import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { listProposalsOfTemplate } from "@/lib/proposals/list";
import { loadProposalContext } from "@/lib/proposals/page-context";
import { proposeChangeAction } from "../proposals/actions";
import { ProposalPermissionNotice } from "../proposals/permission-notice";
import { ProposalStatus } from "../proposals/proposal-status";
import { ProposeDeletion } from "../proposals/propose-deletion";

/** On a synced template's page: its pull requests from Allegro, Propose change and Propose deletion. */
export async function SyncedProposals({
  actor,
  template,
  proposed,
}: {
  actor: Actor;
  template: { id: string; name: string };
  proposed: { number: number; added: boolean } | null;
}) {
  const db = getDb();
  const [proposals, context] = await Promise.all([
    listProposalsOfTemplate(db, actor, template.id),
    loadProposalContext(db, actor, getEnv().githubHost.webUrl),
  ]);
  const current = proposals.find((p) => p.state === "open") ?? null;
  const blocked = !context.ready || context.missing.length > 0;
  return (
    <div className="space-y-4">
      {proposed && (
        <p role="status" className="rounded bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="proposed-notice">
          {proposed.added ? "Your change was added to" : "Opened"} pull request #{proposed.number}. The template stays
          as synced until it is merged.
        </p>
      )}
      <ProposalPermissionNotice missing={context.missing} settingsUrl={context.installationSettingsUrl} />
      <ProposalStatus proposals={proposals} />
      <div className="flex flex-wrap items-center gap-3">
        {blocked ? (
          <span
            aria-disabled="true"
            className="cursor-not-allowed rounded bg-indigo-600 px-4 py-2 font-medium text-white opacity-60"
          >
            Propose change
          </span>
        ) : (
          <Link
            href={`/templates/${template.id}/propose`}
            className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700"
          >
            Propose change
          </Link>
        )}
        {current && (
          <p className="text-sm text-slate-700" data-testid="adds-to-open">
            Pull request #{current.number} is open: a proposed change is added to it.
          </p>
        )}
        {!context.ready && context.reason && <p className="text-sm text-slate-700">{context.reason}</p>}
      </div>
      {context.ready && (
        <ProposeDeletion
          templateId={template.id}
          name={template.name}
          current={current?.number ?? null}
          repositoryUrl={context.repositoryUrl}
          missing={context.missing}
          settingsUrl={context.installationSettingsUrl}
          action={proposeChangeAction}
        />
      )}
    </div>
  );
}
