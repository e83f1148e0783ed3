import { missingCheckPermissions } from "../checks/permissions";
import type { Prisma } from "../db/generated/client.ts";
import { connectionStateOf } from "../github-sync/connection";
import { notificationData, type FileError } from "./context";
import { enqueueNotification } from "./enqueue";
import { moveState } from "./state";

/**
 * "Record a transition": called by the domain functions that change a sync's or a
 * connection's state, inside their transaction. Each compares with what the
 * organization was last notified about (notification_states) and records a
 * notification only on a change: a hundred failing runs make one "failing".
 */
type Tx = Prisma.TransactionClient;

export type RunOutcome = {
  tenantId: bigint;
  runId: bigint | string;
  status: string;
  commit?: string | null;
  errors?: FileError[] | null;
  message?: string | null;
};

const GOOD = new Set(["succeeded"]);
const FAILING = new Set(["succeeded_with_errors", "failed"]);

/** A run ended: good → maybe "recovered", failing or invalid files → maybe "failing", held → "needs decision". */
export async function noteRunOutcome(tx: Tx, outcome: RunOutcome): Promise<void> {
  const { tenantId, status } = outcome;
  const data = () =>
    notificationData(tx, tenantId, {
      commit: outcome.commit,
      run: { id: outcome.runId, status },
      errors: outcome.errors ?? [],
      message: outcome.message,
    });
  if (GOOD.has(status)) {
    const previous = await moveState(tx, tenantId, "sync", "good", "good");
    // A good run also settles what it supersedes: no plan waits, the connection works.
    await moveState(tx, tenantId, "decision", "", "");
    await moveState(tx, tenantId, "connection", "ok", "ok");
    if (previous === "failing") await enqueueNotification(tx, tenantId, "sync.recovered", await data());
  } else if (FAILING.has(status)) {
    if ((await moveState(tx, tenantId, "sync", "failing", "good")) !== null)
      await enqueueNotification(tx, tenantId, "sync.failing", await data());
  } else if (status === "needs_confirmation" && outcome.commit) {
    if ((await moveState(tx, tenantId, "decision", outcome.commit, "")) !== null)
      await enqueueNotification(tx, tenantId, "sync.needs_decision", await data());
  }
}

/**
 * The installation's connection changed (suspended, unsuspended, repository removed or back,
 * broken, permissions): re-read it in the transaction and notify when it newly needs attention.
 */
export async function noteConnectionOf(tx: Tx, installationId: bigint): Promise<void> {
  const row = await tx.githubAppInstallation.findFirst({ where: { installationId, deletedAt: null } });
  if (!row?.tenantId) return;
  const { state, reason } = connectionStateOf(row);
  const missing = missingCheckPermissions(row.permissions);
  if (state === "suspended" || state === "broken") {
    await noteAttention(tx, row.tenantId, state, reason ?? state, row);
  } else if (missing.length) {
    const message = `The GitHub App installation lacks ${missing.join(", ")}: accept the permissions on GitHub (the installation's settings page).`;
    await noteAttention(tx, row.tenantId, "permission", message, row);
  } else if (state === "connected") {
    await moveState(tx, row.tenantId, "connection", "ok", "ok");
  }
}

/** The app was uninstalled on GitHub (the connection is gone): call before or after the disconnect, with the row as it was. */
export async function noteUninstalled(
  tx: Tx,
  record: {
    tenantId: bigint | null;
    accountLogin?: string | null;
    repository: string | null;
    defaultBranch: string | null;
  },
): Promise<void> {
  if (record.tenantId === null) return;
  const message = `The GitHub App was uninstalled from ${record.accountLogin || "its GitHub account"}: connect GitHub again in Settings → GitHub Sync.`;
  await noteAttention(tx, record.tenantId, "uninstalled", message, record);
}

async function noteAttention(
  tx: Tx,
  tenantId: bigint,
  state: string,
  message: string,
  connection: { repository: string | null; defaultBranch: string | null },
): Promise<void> {
  if ((await moveState(tx, tenantId, "connection", state, "ok")) === null) return;
  await enqueueNotification(
    tx,
    tenantId,
    "connection.needs_attention",
    await notificationData(tx, tenantId, { message, connection }),
  );
}
