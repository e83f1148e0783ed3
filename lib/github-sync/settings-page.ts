import { assertAdmin, type Actor } from "../auth/actor";
import { findCheckPermissionGap, type CheckPermissionGap } from "../checks/permission-notice";
import { getDb, type Db } from "../db/client";
import { getEnv } from "../env";
import { loadGithubConfig } from "../github/config";
import { listDestinations, type DestinationView } from "../notifications/destinations";
import { listOpenProposals, type ProposalView } from "../proposals/list";
import { readBranchPattern } from "../proposals/settings";
import { findPendingConfirmation, type PendingConfirmation } from "../sync/delete-confirmation";
import { getSyncHistory, type SyncHistory } from "../sync/history";
import { liveConnectionOf, type InstallationRecord } from "./connection";
import { listRecentDeliveries, type DeliveryView } from "./recent-deliveries";
import { readSyncSettings, type SyncSettings } from "./settings";

export type SettingsPageData = {
  settings: SyncSettings;
  /** The connection row, read once and handed to every section (and to the repository picker). */
  record: InstallationRecord | null;
  history: SyncHistory | null;
  deliveries: DeliveryView[];
  pending: PendingConfirmation | null;
  checksGap: CheckPermissionGap | null;
  /** Proposed changes: the open pull requests from Allegro and the branch name pattern (once a repository is chosen). */
  proposals: { open: ProposalView[]; pattern: { pattern: string; saved: boolean } } | null;
  /** Notifications: the organization's destinations. */
  destinations: DestinationView[];
};

/**
 * Everything Settings → GitHub Sync shows, from the database only (with the session check, at
 * most 12 SQL statements): the connection is read once and passed to each section, and the history's runs give the status its latest run.
 * Nothing here calls GitHub (the account's avatar and type are stored with the connection).
 */
export async function loadSettingsPage(
  actor: Actor,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<SettingsPageData> {
  assertAdmin(actor);
  const env = getEnv();
  // The App from the environment or, set up in one click, from the database.
  const github = await loadGithubConfig(db).catch(() => null);
  const record = await db.githubAppInstallation.findFirst({ where: liveConnectionOf(actor.tenantId) });
  const linked = record && github ? record : null;
  const [history, deliveries, pending, checksGap, open, pattern, destinations] = await Promise.all([
    linked?.repository
      ? getSyncHistory({ db, now: () => now }, actor, { dashboardUrl: env.inngestDashboardUrl, connection: linked })
      : null,
    linked ? listRecentDeliveries(db, actor, linked) : [],
    linked?.repository ? findPendingConfirmation({ db }, actor, linked) : null,
    github ? findCheckPermissionGap(db, actor.tenantId, github.webUrl, record) : null,
    record?.repository ? listOpenProposals(db, actor.tenantId) : null,
    record?.repository ? readBranchPattern(db, actor.tenantId) : null,
    listDestinations(actor, db),
  ]);
  const settings = await readSyncSettings(actor, { db, record, runs: history?.runs ?? null, now });
  const proposals = open && pattern ? { open, pattern } : null;
  return { settings, record, history, deliveries, pending, checksGap, proposals, destinations };
}
