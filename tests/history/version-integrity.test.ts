import { createHash } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../helpers/eventually";
import { createActor, createTemplateRow, createUser } from "../helpers/factories";

/**
 * A version's template and text must exist, and the template must be its organization's. Statement-
 * level checks hold this (migration 20261206000300_template_versions_statement_checks) instead of
 * per-row foreign keys; deleting a template deletes its versions, and texts are append-only. These
 * are the ways a version could lose either, each refused.
 */
let client: pg.Client;
let other: pg.Client;
let observer: pg.Client;
let clientPid: number;
let otherPid: number;
beforeAll(async () => {
  const connect = () => new pg.Client({ connectionString: process.env.DATABASE_URL });
  [client, other, observer] = [connect(), connect(), connect()];
  await Promise.all([client.connect(), other.connect(), observer.connect()]);
  clientPid = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  otherPid = (await other.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
});
afterAll(() => Promise.all([client.end(), other.end(), observer.end()]));

const key = (text: string) => createHash("sha256").update(text, "utf8").digest();
const sqlState = (promise: Promise<unknown>) =>
  promise.then(
    () => "no error",
    (error: { code?: string; message: string }) => `${error.code}: ${error.message}`,
  );

async function storedText(text: string) {
  await client.query("INSERT INTO template_texts (sha256, text) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
    key(text),
    text,
  ]);
  return key(text);
}

async function aTemplate() {
  const actor = await createActor("member");
  const template = await createTemplateRow(actor.tenantId);
  return { tenantId: actor.tenantId, templateId: template.id };
}

const insertVersions = (rows: { tenantId: bigint; templateId: bigint; sha: Buffer }[]) =>
  client.query(
    `INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bytea[])`,
    [
      rows.map((r) => r.tenantId.toString()),
      rows.map((r) => r.templateId.toString()),
      rows.map(() => "allegro"),
      rows.map(() => "changed"),
      rows.map((r) => r.sha),
    ],
  );

const versionCount = async (templateId: bigint) =>
  Number(
    (await client.query("SELECT count(*) FROM template_versions WHERE template_id = $1", [templateId.toString()]))
      .rows[0].count,
  );

describe("a version's text", () => {
  it("must exist: a statement whose versions name a missing text is refused whole (SQLSTATE 23503)", async () => {
    const t = await aTemplate();
    const kept = await storedText(`{"name":"kept ${t.templateId}"}`);
    const missing = key(`{"name":"never stored ${t.templateId}"}`);

    expect(await sqlState(insertVersions([{ ...t, sha: missing }]))).toMatch(
      new RegExp(`^23503: template_versions.text_sha256 \\\\x${missing.toString("hex")} is not in template_texts$`),
    );
    // Nine good rows and one bad one: nothing is written.
    const rows = [...Array.from({ length: 9 }, () => ({ ...t, sha: kept })), { ...t, sha: missing }];
    expect(await sqlState(insertVersions(rows))).toMatch(/^23503: /);
    expect(await versionCount(t.templateId)).toBe(0);

    await insertVersions([{ ...t, sha: kept }]);
    expect(await versionCount(t.templateId)).toBe(1);
  });

  it("may be stored by the same statement that writes the version (as the sync does)", async () => {
    const t = await aTemplate();
    const text = `{"name":"in one statement ${t.templateId}"}`;
    await client.query(
      `WITH stored AS (
         INSERT INTO template_texts (sha256, text) VALUES ($3, $4) ON CONFLICT DO NOTHING)
       INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256)
       VALUES ($1, $2, 'github', 'created', $3)`,
      [t.tenantId.toString(), t.templateId.toString(), key(text), text],
    );
    expect(await versionCount(t.templateId)).toBe(1);
  });

  it("cannot be pointed at a missing text by an update; a user's deletion still clears user_id", async () => {
    const t = await aTemplate();
    const user = await createUser({ tenantId: t.tenantId, role: "member" });
    const sha = await storedText(`{"name":"updated ${t.templateId}"}`);
    await client.query(
      `INSERT INTO template_versions (tenant_id, template_id, source, event, text_sha256, user_id)
       VALUES ($1, $2, 'allegro', 'created', $3, $4)`,
      [t.tenantId.toString(), t.templateId.toString(), sha, user.id.toString()],
    );
    expect(
      await sqlState(
        client.query("UPDATE template_versions SET text_sha256 = $2 WHERE template_id = $1", [
          t.templateId.toString(),
          key("nowhere"),
        ]),
      ),
    ).toMatch(/^23503: /);

    // ON DELETE SET NULL updates the versions; the check runs and passes.
    await client.query("DELETE FROM memberships WHERE user_id = $1", [user.id.toString()]);
    await client.query("DELETE FROM users WHERE id = $1", [user.id.toString()]);
    const [row] = (
      await client.query("SELECT user_id, text_sha256 FROM template_versions WHERE template_id = $1", [
        t.templateId.toString(),
      ])
    ).rows;
    expect(row).toEqual({ user_id: null, text_sha256: sha });
  });

  it("stays: texts are append-only (UPDATE, DELETE and TRUNCATE are refused, SQLSTATE 23001)", async () => {
    const text = `{"name":"append-only ${Date.now()}"}`;
    const sha = await storedText(text);
    // Each in a transaction rolled back whatever happens: the test database is shared with other files.
    const attempt = async (sql: string, values: unknown[] = []) => {
      await client.query("BEGIN");
      try {
        return await sqlState(client.query(sql, values));
      } finally {
        await client.query("ROLLBACK");
      }
    };
    expect(await attempt("DELETE FROM template_texts WHERE sha256 = $1", [sha])).toMatch(
      /^23001: template_texts is append-only: versions refer to its rows \(DELETE refused\)$/,
    );
    expect(await attempt("UPDATE template_texts SET text = 'x' WHERE sha256 = $1", [sha])).toMatch(
      /^23001: .*\(UPDATE refused\)$/,
    );
    expect(await attempt("TRUNCATE template_texts")).toMatch(/^23001: .*\(TRUNCATE refused\)$/);
    const rows = (await client.query("SELECT text FROM template_texts WHERE sha256 = $1", [sha])).rows;
    expect(rows).toEqual([{ text }]);
  });
});

describe("a version's template", () => {
  it("must exist and be of the version's organization (SQLSTATE 23503); the statement is refused whole", async () => {
    const t = await aTemplate();
    const elsewhere = await aTemplate();
    const sha = await storedText(`{"name":"template check ${t.templateId}"}`);

    expect(await sqlState(insertVersions([{ ...t, templateId: elsewhere.templateId, sha }]))).toBe(
      `23503: template_versions.template_id ${elsewhere.templateId} is not a template of the version's organization`,
    );
    expect(
      await sqlState(
        insertVersions([
          { ...t, sha },
          { ...t, templateId: 987_654_321_000n, sha },
        ]),
      ),
    ).toMatch(/^23503: template_versions.template_id 987654321000 /);
    expect(await versionCount(t.templateId)).toBe(0);
    expect(await versionCount(elsewhere.templateId)).toBe(0);
    // Moved to another organization's template by an update: refused too.
    await insertVersions([{ ...t, sha }]);
    expect(
      await sqlState(
        client.query("UPDATE template_versions SET template_id = $2 WHERE template_id = $1", [
          t.templateId.toString(),
          elsewhere.templateId.toString(),
        ]),
      ),
    ).toMatch(/^23503: /);
    expect(await versionCount(t.templateId)).toBe(1);
  });

  it("a delete waits for a transaction writing its versions, then takes them; a version written meanwhile is refused", async () => {
    const t = await aTemplate();
    const sha = await storedText(`{"name":"held ${t.templateId}"}`);
    const waiting = (pid: number) =>
      eventually(async () => {
        const { rows } = await observer.query("SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted", [pid]);
        expect(rows).toHaveLength(1);
      });

    // The writer first: the delete waits for it to commit, then deletes the version it wrote.
    await client.query("BEGIN");
    await insertVersions([{ ...t, sha }]);
    const deleting = other.query("DELETE FROM templates WHERE id = $1", [t.templateId.toString()]);
    await waiting(otherPid);
    await client.query("COMMIT");
    await deleting;
    expect(await versionCount(t.templateId)).toBe(0);

    // The delete first: a version of that template waits for it, then is refused.
    const u = await aTemplate();
    await other.query("BEGIN");
    await other.query("DELETE FROM templates WHERE id = $1", [u.templateId.toString()]);
    const writing = sqlState(insertVersions([{ ...u, sha }]));
    await waiting(clientPid);
    await other.query("COMMIT");
    expect(await writing).toMatch(/^23503: template_versions.template_id \d+ is not a template/);
    expect(await versionCount(u.templateId)).toBe(0);
  });

  it("takes its versions with it when it is deleted (a tenant's deletion included)", async () => {
    const t = await aTemplate();
    const kept = await aTemplate();
    const sha = await storedText(`{"name":"cascade ${t.templateId}"}`);
    await insertVersions([
      { ...t, sha },
      { ...t, sha },
      { ...kept, sha },
    ]);
    await client.query("DELETE FROM templates WHERE id = $1", [t.templateId.toString()]);
    expect(await versionCount(t.templateId)).toBe(0);
    expect(await versionCount(kept.templateId)).toBe(1);

    const second = await createTemplateRow(kept.tenantId);
    await insertVersions([{ tenantId: kept.tenantId, templateId: second.id, sha }]);
    await client.query("DELETE FROM memberships WHERE tenant_id = $1", [kept.tenantId.toString()]);
    await client.query("DELETE FROM tenants WHERE id = $1", [kept.tenantId.toString()]);
    expect(await versionCount(kept.templateId)).toBe(0);
    expect(await versionCount(second.id)).toBe(0);
  });
});
