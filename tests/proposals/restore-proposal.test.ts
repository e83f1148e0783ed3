import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as restoreRoute from "@/app/api/templates/[id]/versions/[versionId]/restore/route";
import { getDb } from "@/lib/db/client";
import { WRITE_PERMISSIONS } from "../../tools/github-simulator";
import { api } from "../helpers/connect";
import { runSync, startSyncWorld, type SyncWorld } from "../helpers/sync-world";
import { doc, fileAt, githubWrites, syncedTenant } from "./proposal-world";

// Syncs and GitHub round trips: on a busy machine that takes longer than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

let world: SyncWorld;
beforeAll(async () => {
  world = await startSyncWorld({
    app: { permissions: { ...WRITE_PERMISSIONS } },
    routes: { "/api/templates/:id/versions/:versionId/restore": restoreRoute },
  });
});
afterAll(() => world.stop());

/** A synced organization whose welcome.json changed once on GitHub: two versions, the first one older. */
async function twoVersions() {
  const t = await syncedTenant(world);
  await world.sim.commit(t.fullName, {
    changes: [{ action: "put", path: "templates/welcome.json", content: doc("Welcome", { subject: "v2" }) }],
  });
  await runSync(world, t.request("push"));
  const versions = await getDb().templateVersion.findMany({
    where: { templateId: BigInt(t.welcome) },
    orderBy: { id: "asc" },
  });
  expect(versions.map((v) => v.source)).toEqual(["github", "github"]);
  return { ...t, first: versions[0]!.id.toString(), versions: versions.length };
}

const restore = (t: Awaited<ReturnType<typeof twoVersions>>, versionId: string) =>
  api(world.routes, "POST", `/api/templates/${t.welcome}/versions/${versionId}/restore`, t.actor, {});

describe("restore a version of a synced template", () => {
  it("opens a pull request with that version's text (201 {proposal}); the template and its history stay as synced", async () => {
    const t = await twoVersions();
    const before = await getDb().template.findUniqueOrThrow({ where: { id: BigInt(t.welcome) } });

    const res = await restore(t, t.first);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      proposal: {
        number: 1,
        url: expect.stringContaining(`/${t.fullName}/pull/1`),
        branch: expect.stringMatching(/^allegro\/welcome-[0-9a-f]{7}$/),
        state: "open",
      },
    });
    expect(await fileAt(world.sim, t.fullName, res.body.proposal.branch, "templates/welcome.json")).toBe(
      doc("Welcome"),
    );
    const pr = world.sim.pulls.find(world.sim.repository(t.fullName), 1)!;
    expect(pr.title).toMatch(/^Restore Welcome to its version of \d{4}-\d\d-\d\d$/);

    // Nothing synced changed here: the sync brings the text in once the pull request is merged.
    expect(await getDb().template.findUniqueOrThrow({ where: { id: BigInt(t.welcome) } })).toEqual(before);
    expect(await getDb().templateVersion.count({ where: { templateId: BigInt(t.welcome) } })).toBe(t.versions);
  });

  it("refuses with 409 and writes nothing to GitHub when the file changed there since the last sync", async () => {
    const t = await twoVersions();
    await world.sim.commit(t.fullName, {
      changes: [{ action: "put", path: "templates/welcome.json", content: doc("Welcome", { subject: "v3" }) }],
    });
    const writesBefore = await githubWrites(world.sim, t.fullName);

    const res = await restore(t, t.first);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /templates\/welcome\.json changed on main in [0-9a-f]{7} since Allegro synced it/,
    );
    expect(await githubWrites(world.sim, t.fullName)).toEqual(writesBefore);
    expect(await getDb().templateVersion.count({ where: { templateId: BigInt(t.welcome) } })).toBe(t.versions);
  });

  it("answers 422 no_change for the version that is already the synced text, and 404 for another template's version", async () => {
    const t = await twoVersions();
    const latest = await getDb().templateVersion.findFirstOrThrow({
      where: { templateId: BigInt(t.welcome) },
      orderBy: { id: "desc" },
    });
    const same = await restore(t, latest.id.toString());
    expect(same.status).toBe(422);
    expect(same.body.error.code).toBe("no_change");

    const bye = await getDb().templateVersion.findFirstOrThrow({ where: { templateId: BigInt(t.bye) } });
    expect((await restore(t, bye.id.toString())).status).toBe(404);
    expect(world.sim.pulls.list(world.sim.repository(t.fullName))).toHaveLength(0);
  });
});
