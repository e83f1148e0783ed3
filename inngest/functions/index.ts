import { reconcileGithubSyncs } from "./reconcile-github-syncs";
import { syncGithubTemplates } from "./sync-github-templates";

export const functions = [syncGithubTemplates, reconcileGithubSyncs];
