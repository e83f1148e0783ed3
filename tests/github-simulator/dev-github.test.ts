import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTemplateText } from "@/lib/templates/document";
import { startPersistentSimulator } from "../../scripts/dev-github";
import { DEMO_REPOSITORY } from "../../scripts/demo-repository";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dev-github-"));
const appUrl = "http://localhost:39999";
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function readDemoFiles(sim: Awaited<ReturnType<typeof startPersistentSimulator>>) {
  const repo = sim.repository(DEMO_REPOSITORY);
  const head = (await repo.git.branchHead("main"))!;
  const entries = (await repo.git.listTree(head, true)).filter((e) => e.type === "blob");
  const files = new Map<string, string>();
  for (const entry of entries) files.set(entry.path, (await repo.git.readObject(entry.sha))!.content.toString("utf8"));
  return { head, files };
}

describe("npm run dev's GitHub simulator (scripts/dev-github.ts)", () => {
  it("seeds acme-corp/templates once: valid templates pointing at the app's schema, one invalid file, a README", async () => {
    const sim = await startPersistentSimulator({ dir, appUrl });
    try {
      expect(sim.restored).toBe(false);
      const octocat = sim.findAccount("octocat")!;
      expect(sim.canAdminister(octocat, sim.findAccount("acme-corp")!)).toBe(true);
      expect(sim.installations.size).toBe(0);
      const { files } = await readDemoFiles(sim);
      expect(files.get("README.md")).toMatch(/^# Acme templates/);
      const templates = [...files].filter(([p]) => p.startsWith("templates/") && p.endsWith(".json"));
      const parsed = templates.map(([p, text]) => ({ path: p, text, result: parseTemplateText(text) }));
      const valid = parsed.filter((p) => p.result.ok);
      expect(valid.length).toBeGreaterThanOrEqual(5);
      for (const file of valid) expect(JSON.parse(file.text).$schema).toBe(`${appUrl}/schemas/template.json`);
      const invalid = parsed.filter((p) => !p.result.ok);
      expect(invalid.map((p) => p.path)).toEqual(["templates/broken-banner.json"]);
      expect(invalid[0]!.result).toMatchObject({ ok: false, problem: { line: 4, column: expect.any(Number) } });
    } finally {
      await sim.stop();
    }
  });

  it("starts again on the same data: no second seed, the installation and new commits kept, the same port", async () => {
    const first = await startPersistentSimulator({ dir, appUrl });
    const { installation } = await first.install("acme-corp", { sender: "octocat" });
    await first.commit(DEMO_REPOSITORY, { changes: [{ action: "put", path: "templates/extra.json", content: "{}" }] });
    first.save();
    const { head } = await readDemoFiles(first);
    await first.stop();

    const second = await startPersistentSimulator({ dir, appUrl });
    try {
      expect(second.restored).toBe(true);
      expect(second.url).toBe(first.url);
      expect(second.installationOf("acme-corp")?.id).toBe(installation.id);
      expect(second.installationRepositories(second.installationOf("acme-corp")!).map((r) => r.name)).toEqual([
        "templates",
      ]);
      const { head: restoredHead, files } = await readDemoFiles(second);
      expect(restoredHead).toBe(head);
      expect(files.has("templates/extra.json")).toBe(true);
      expect(second.repositories.size).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
