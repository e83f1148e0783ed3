import type { Prisma } from "../db/generated/client.ts";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw">;

/** What an apply changed, as its plan says (lib/sync/apply-plan.ts), by template id. */
export type AppliedChanges = {
  createdIds: bigint[];
  updates: { id: bigint }[];
  moves: { id: bigint }[];
  revivals: bigint[];
  deletes: bigint[];
};

export type SyncVersionScope = {
  tenantId: bigint;
  runId: bigint;
  /** The github_app_installations row: its repository_url is kept on each version for the links. */
  installationRowId: bigint;
  commit: string;
  now: Date;
};

/** One event per changed template: an edited and moved file is one "moved" version with the new text. */
function eventsOf(changes: AppliedChanges): { ids: string[]; events: string[] } {
  const events = new Map<bigint, string>();
  for (const id of changes.createdIds) events.set(id, "created");
  for (const { id } of changes.moves) events.set(id, "moved");
  for (const { id } of changes.updates) if (!events.has(id)) events.set(id, "changed");
  for (const id of changes.revivals) events.set(id, "revived");
  for (const id of changes.deletes) events.set(id, "deleted");
  return { ids: [...events.keys()].map(String), events: [...events.values()] };
}

/**
 * The sync's versions, written by the apply transaction after its template writes,
 * as one statement whatever the number of files: each changed template's text as it
 * now is (stored once per distinct text), path, blob SHA, and the commit with its
 * subject line and author as resolve-head recorded them on the run.
 */
export async function recordSyncVersions(tx: Tx, scope: SyncVersionScope, changes: AppliedChanges) {
  const { ids, events } = eventsOf(changes);
  if (!ids.length) return;
  const { tenantId, runId, installationRowId, commit, now } = scope;
  await tx.$executeRaw`
    WITH changed(id, event) AS (
      SELECT * FROM unnest(${ids}::bigint[], ${events}::text[])
    ), texts AS MATERIALIZED (
      SELECT c.id, c.event, t.sync_source, t.sync_sha, x.body, sha256(convert_to(x.body, 'UTF8')) AS hash
      FROM changed c JOIN templates t ON t.id = c.id AND t.tenant_id = ${tenantId}
      CROSS JOIN LATERAL (SELECT COALESCE(t.source_text, t.content::text) AS body) x
    ), stored AS (
      -- Files with the same text in this sync conflict with each other too: DO NOTHING keeps one.
      INSERT INTO template_texts (sha256, text)
      SELECT hash, body FROM texts
      ON CONFLICT DO NOTHING
    )
    INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256, path, blob_sha,
      commit_sha, commit_message, commit_author, repository_url, created_at)
    SELECT ${tenantId}, v.id, 'github', v.event, v.hash, v.sync_source, v.sync_sha,
      ${commit}, run.commit_message, run.commit_author, connection.repository_url, ${now}
    FROM texts v
    CROSS JOIN (SELECT commit_message, commit_author FROM sync_runs WHERE id = ${runId}) run
    CROSS JOIN (SELECT repository_url FROM github_app_installations WHERE id = ${installationRowId}) connection
    ORDER BY v.sync_source, v.id`;
}
