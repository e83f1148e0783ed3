import { pruneExpiredRecords } from "./prune-expired-records";
import { checkGithubTemplates } from "./check-github-templates";
import { closeAbandonedChecks } from "./close-abandoned-checks";
import { reconcileGithubSyncs } from "./reconcile-github-syncs";
import { closeCancelledSyncs, syncGithubTemplates, syncNowGithubTemplates } from "./sync-github-templates";

export const functions = [
  syncGithubTemplates,
  syncNowGithubTemplates,
  closeCancelledSyncs,
  reconcileGithubSyncs,
  pruneExpiredRecords,
  checkGithubTemplates,
  closeAbandonedChecks,
];
