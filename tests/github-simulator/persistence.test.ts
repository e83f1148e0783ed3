import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator, type SimulatorOptions } from "../../tools/github-simulator";
import { appFor } from "../helpers/github";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const dirs: string[] = [];
const running: GithubSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: SimulatorOptions) {
  const sim = await startGithubSimulator(options);
  running.push(sim);
  return sim;
}

/** Changes made over HTTP, as people and the app make them (each saves the state). */
async function post(sim: GithubSimulator, pathname: string, body: unknown, type = "application/json") {
  const response = await fetch(`${sim.url}${pathname}`, {
    method: "POST",
    headers: { "content-type": type },
    body: type === "application/json" ? JSON.stringify(body) : String(body),
    redirect: "manual",
  });
  expect(response.status).toBeLessThan(400);
  return response;
}

describe("a simulator with a stateFile", () => {
  it("is the same GitHub after a restart: accounts, repositories with their commits, installations and tokens", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "simulator-state-"));
    dirs.push(dir);
    const receiver = await startWebhookReceiver();
    const options = { dataDir: path.join(dir, "repos"), stateFile: path.join(dir, "state.json") };
    const first = await start({ ...options, webhookUrl: receiver.url });
    expect(first.restored).toBe(false);

    await post(first, "/_simulator/accounts", { login: "keep-user" });
    await post(first, "/_simulator/accounts", {
      login: "keep-org",
      type: "Organization",
      members: [{ login: "keep-user", role: "admin" }],
    });
    await post(first, "/_simulator/repositories", { owner: "keep-org", name: "templates", files: { "a.json": "{}" } });
    const form = new URLSearchParams({ user: "keep-user", account: "keep-org", selection: "all" });
    await post(first, `/apps/${first.app.slug}/installations/new`, form, "application/x-www-form-urlencoded");
    await post(first, "/_simulator/repositories/keep-org/templates/commits", {
      changes: [{ action: "put", path: "b.json", content: '{"name":"B"}' }],
    });
    const installation = first.installationOf("keep-org")!;
    const token = await appFor(first).octokit.request("POST /app/installations/{installation_id}/access_tokens", {
      installation_id: installation.id,
    });
    const repo = first.findRepository("keep-org", "templates")!;
    const head = await repo.git.branchHead("main");
    const app = { ...first.app };
    await first.stop();
    running.splice(0);

    const second = await start({ ...options, webhookUrl: receiver.url, app });
    expect(second.restored).toBe(true);
    expect(second.findAccount("keep-org")).toMatchObject({ id: first.findAccount("keep-org")!.id });
    expect(second.canAdminister(second.findAccount("keep-user")!, second.findAccount("keep-org")!)).toBe(true);
    const restoredRepo = second.findRepository("keep-org", "templates")!;
    expect(restoredRepo.id).toBe(repo.id);
    expect(await restoredRepo.git.branchHead("main")).toBe(head);
    const restoredInstallation = second.installationOf("keep-org")!;
    expect(restoredInstallation.id).toBe(installation.id);
    expect(second.installationRepositories(restoredInstallation).map((r) => r.id)).toEqual([repo.id]);

    // The token issued before the restart still reads the repository.
    const contents = await fetch(`${second.apiUrl}/repos/keep-org/templates/contents/b.json`, {
      headers: { authorization: `token ${token.data.token}` },
    });
    expect(contents.status).toBe(200);

    // New objects get new ids, and a commit still reaches the installation as a push.
    expect(second.createAccount({ login: "later-user" }).id).toBeGreaterThan(first.findAccount("keep-user")!.id);
    const pushed = await second.commit("keep-org/templates", {
      changes: [{ action: "put", path: "c.json", content: "{}" }],
    });
    expect(pushed.before).toBe(head);
    expect(pushed.deliveries.map((d) => d?.status)).toEqual([200]);
    await receiver.close();
  });

  it("refuses a stateFile without a dataDir that persists", async () => {
    await expect(startGithubSimulator({ stateFile: path.join(os.tmpdir(), "never.json") })).rejects.toThrow(/dataDir/);
  });
});
