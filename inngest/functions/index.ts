import { pruneExpiredRecords } from "./prune-expired-records";
import { deliverNotification, relayNotificationsCron } from "./deliver-notification";
import { checkGithubTemplates } from "./check-github-templates";
import { processGithubDelivery } from "./process-github-delivery";
import { recoverGithubDeliveries } from "./recover-github-deliveries";
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
  processGithubDelivery,
  recoverGithubDeliveries,
  closeAbandonedChecks,
  deliverNotification,
  relayNotificationsCron,
];
