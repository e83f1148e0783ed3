import type { Actor } from "../auth/actor";
import type { Db } from "../db/client";
import { installationSettingsUrl } from "../github/links";
import { findConnection } from "../github-sync/connection";
import { missingProposalPermissions } from "./permissions";

/** What the proposal forms need to know before anything is proposed (read from PostgreSQL only). */
export type ProposalContext = {
  /** Connected, with a repository and a first sync: proposals can be made. */
  ready: boolean;
  /** Why not, shown beside the disabled buttons. */
  reason: string | null;
  repository: string | null;
  repositoryUrl: string | null;
  branch: string | null;
  /** The synced folder ("" for the whole repository): new files go inside it. */
  folder: string;
  /** Write permissions the installation lacks, and where to grant them on GitHub. */
  missing: string[];
  installationSettingsUrl: string | null;
  /** The organization's open proposals in the synced repository, newest first (to add a change to). */
  open: { number: number; title: string; url: string }[];
};

export async function loadProposalContext(db: Db, actor: Actor, webUrl: string): Promise<ProposalContext> {
  const connection = await findConnection(db, actor.tenantId);
  const record = connection.record;
  const settingsUrl = record
    ? installationSettingsUrl(webUrl.replace(/\/+$/, ""), {
        id: record.installationId.toString(),
        accountLogin: record.accountLogin ?? "",
        accountType: record.accountType === "Organization" && record.accountLogin ? "Organization" : "User",
      })
    : null;
  const open =
    record?.repositoryId != null
      ? await db.templateProposal.findMany({
          where: { tenantId: actor.tenantId, repositoryId: record.repositoryId, state: "open" },
          select: { number: true, title: true, url: true },
          orderBy: { id: "desc" },
          take: 50,
        })
      : [];
  const synced = connection.state === "connected" && Boolean(record?.lastSyncHash);
  return {
    ready: synced,
    reason:
      connection.state !== "connected"
        ? (connection.reason ?? connection.summary)
        : synced
          ? null
          : "Nothing has been synced from GitHub yet: propose changes after the first sync.",
    repository: record?.repository ?? null,
    repositoryUrl: record?.repositoryUrl ?? null,
    branch: record?.defaultBranch ?? null,
    folder: (record?.folder ?? "").replace(/^\/+|\/+$/g, ""),
    missing: record ? missingProposalPermissions(record.permissions) : [],
    installationSettingsUrl: settingsUrl,
    open,
  };
}
