import { execFile } from "node:child_process";
import { createSign, generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { appFor, orgWithRepo } from "../helpers/github";

const run = promisify(execFile);
let sim: GithubSimulator;

beforeAll(async () => {
  sim = await startGithubSimulator();
});
afterAll(() => sim.stop());
afterEach(() => {
  sim.resetTraffic();
  sim.now = () => Date.now();
});

function jwt(claims: Record<string, unknown>, key = sim.app.privateKey) {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${createSign("RSA-SHA256").update(unsigned).sign(key, "base64url")}`;
}

async function getApp(token: string) {
  return fetch(`${sim.apiUrl}/app`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" },
  });
}

describe("app authentication", () => {
  it("accepts the app's own JWT through @octokit/app", async () => {
    const { data } = await appFor(sim).octokit.request("GET /app");
    expect(data).toMatchObject({ id: sim.app.id, slug: sim.app.slug });
  });

  it("rejects forged, expired, too-long and foreign JWTs with 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    expect((await getApp(jwt({ iss: sim.app.id, iat: now - 30, exp: now + 500 }))).status).toBe(200);
    expect((await getApp(jwt({ iss: sim.app.id, iat: now - 30, exp: now + 500 }, otherKey))).status).toBe(401);
    expect((await getApp(jwt({ iss: sim.app.id, iat: now - 700, exp: now - 100 }))).status).toBe(401);
    expect((await getApp(jwt({ iss: sim.app.id, iat: now - 30, exp: now + 900 }))).status).toBe(401);
    expect((await getApp(jwt({ iss: 1, iat: now - 30, exp: now + 500 }))).status).toBe(401);
    expect((await getApp("not-a-jwt")).status).toBe(401);
    const body = await (await getApp(jwt({ iss: sim.app.id, iat: now - 700, exp: now - 100 }))).json();
    expect(body.message).toMatch(/Expiration time/);
  });

  it("issues installation tokens that expire after an hour; unknown tokens get 401", async () => {
    const { installation, fullName } = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, repo] = fullName.split("/") as [string, string];
    expect((await octokit.rest.repos.get({ owner, repo })).data.full_name).toBe(fullName);

    sim.now = () => Date.now() + 3600_000 + 1000;
    await expect(octokit.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 401 });
    const unknown = await fetch(`${sim.apiUrl}/repos/${fullName}`, { headers: { authorization: "token ghs_unknown" } });
    expect(unknown.status).toBe(401);
  });

  it("answers 403 for a suspended installation and 404 for repositories it cannot see", async () => {
    const a = await orgWithRepo(sim);
    const b = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(a.installation!.id);
    const [owner, repo] = b.fullName.split("/") as [string, string];
    await expect(octokit.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 404 });
    await sim.suspend(a.installation!.id);
    // The token already issued is revoked (401), and no new one is issued: the client's refresh
    // of a revoked token (lib/github/refresh-revoked-token.ts) asks for one and is refused (403).
    const [ownA, repoA] = a.fullName.split("/") as [string, string];
    await expect(octokit.rest.repos.get({ owner: ownA, repo: repoA })).rejects.toMatchObject({ status: 403 });
    const fresh = await appFor(sim).getInstallationOctokit(a.installation!.id);
    await expect(fresh.rest.repos.get({ owner: ownA, repo: repoA })).rejects.toMatchObject({ status: 403 });
  });
});

describe("git data", () => {
  it("serves real git SHAs: commit, tree and blob equal git rev-parse", async () => {
    const { installation, fullName, repo } = await orgWithRepo(sim, {
      "a.json": '{"name":"A"}',
      "dir/b.json": '{"name":"B"}',
    });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, name] = fullName.split("/") as [string, string];
    const git = (rev: string) => run("git", ["-C", repo.git.dir, "rev-parse", rev]).then((r) => r.stdout.trim());

    const { data: branch } = await octokit.rest.repos.getBranch({ owner, repo: name, branch: "main" });
    expect(branch.commit.sha).toBe(await git("main"));
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo: name, ref: "heads/main" });
    expect(ref.object.sha).toBe(branch.commit.sha);
    const { data: tree } = await octokit.rest.git.getTree({
      owner,
      repo: name,
      tree_sha: branch.commit.sha,
      recursive: "1",
    });
    expect(tree.sha).toBe(await git("main^{tree}"));
    expect(tree.truncated).toBe(false);
    expect(tree.tree.map((e) => [e.path, e.type])).toEqual([
      ["a.json", "blob"],
      ["dir", "tree"],
      ["dir/b.json", "blob"],
    ]);
    const entry = tree.tree.find((e) => e.path === "dir/b.json")!;
    expect(entry.sha).toBe(await git("main:dir/b.json"));
    const { data: blob } = await octokit.rest.git.getBlob({ owner, repo: name, file_sha: entry.sha! });
    expect(Buffer.from(blob.content, "base64").toString()).toBe('{"name":"B"}');
    expect(blob.size).toBe(12);
  });

  it("truncates recursive trees when switched on, like GitHub past its limits", async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t/${i}.json`, `{"name":"${i}"}`]));
    const { installation, fullName, repo } = await orgWithRepo(sim, files);
    repo.truncateTreesAt = 5;
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, name] = fullName.split("/") as [string, string];
    const { data } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: "main", recursive: "true" });
    expect(data.truncated).toBe(true);
    expect(data.tree).toHaveLength(5);
    const { data: top } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: "main" });
    expect(top.truncated).toBe(false);
  });

  it("serves a tarball by redirect whose contents match the commit, under GitHub's folder name", async () => {
    const { installation, fullName } = await orgWithRepo(sim, {
      "x.json": '{"name":"X"}',
      "deep/er/y.json": '{"name":"Y"}',
    });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, name] = fullName.split("/") as [string, string];
    const sha = (await octokit.rest.repos.getBranch({ owner, repo: name, branch: "main" })).data.commit.sha;

    const redirect = await fetch(`${sim.apiUrl}/repos/${fullName}/tarball/main`, {
      headers: {
        authorization: `token ${((await octokit.auth({ type: "installation" })) as { token: string }).token}`,
      },
      redirect: "manual",
    });
    expect(redirect.status).toBe(302);
    const { data } = await octokit.rest.repos.downloadTarballArchive({ owner, repo: name, ref: "main" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tarball-"));
    fs.writeFileSync(path.join(dir, "a.tgz"), Buffer.from(data as ArrayBuffer));
    await run("tar", ["-xzf", "a.tgz"], { cwd: dir });
    const top = `${owner}-${name}-${sha.slice(0, 7)}`;
    expect(fs.readdirSync(dir).sort()).toEqual(["a.tgz", top]);
    expect(fs.readFileSync(path.join(dir, top, "deep/er/y.json"), "utf8")).toBe('{"name":"Y"}');
    expect(fs.readFileSync(path.join(dir, top, "x.json"), "utf8")).toBe('{"name":"X"}');
    fs.rmSync(dir, { recursive: true });
    // The short-lived URL expires.
    sim.now = () => Date.now() + 10 * 60_000;
    expect((await fetch(redirect.headers.get("location")!)).status).toBe(404);
  });

  it("compares commits with rename detection and caps files at 300", async () => {
    const files = Object.fromEntries(Array.from({ length: 305 }, (_, i) => [`f/${i}.json`, `{"name":"${i}"}`]));
    const { installation, fullName } = await orgWithRepo(sim, { "keep.json": '{"name":"keep this file"}' });
    const base = (
      await sim.commit(fullName, {
        changes: [{ action: "put", path: "old.json", content: '{"name":"moved file with enough content"}' }],
      })
    ).sha;
    await sim.commit(fullName, {
      changes: [
        { action: "move", from: "old.json", path: "new.json" },
        ...Object.entries(files).map(([p, content]) => ({ action: "put" as const, path: p, content })),
      ],
    });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, name] = fullName.split("/") as [string, string];
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo: name,
      basehead: `${base}...main`,
    });
    expect(data.status).toBe("ahead");
    expect(data.ahead_by).toBe(1);
    expect(data.files).toHaveLength(300);
    const { data: small } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo: name,
      basehead: `${base}...${base}`,
    });
    expect(small.status).toBe("identical");
    const moved = await sim.commit(fullName, { changes: [{ action: "move", from: "new.json", path: "newer.json" }] });
    const { data: rename } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo: name,
      basehead: `${moved.before}...${moved.sha}`,
    });
    expect(rename.files).toEqual([
      expect.objectContaining({ filename: "newer.json", previous_filename: "new.json", status: "renamed" }),
    ]);
  });

  it("serves file contents, inline up to 1 MB", async () => {
    const { installation, fullName } = await orgWithRepo(sim, {
      "t/a.json": '{"name":"A"}',
      "big.json": "x".repeat(1024 * 1024 + 1),
    });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, repo] = fullName.split("/") as [string, string];
    const { data: file } = await octokit.rest.repos.getContent({ owner, repo, path: "t/a.json", ref: "main" });
    expect(file).toMatchObject({ type: "file", path: "t/a.json", encoding: "base64" });
    expect(Buffer.from((file as { content: string }).content, "base64").toString()).toBe('{"name":"A"}');
    const { data: dir } = await octokit.rest.repos.getContent({ owner, repo, path: "t" });
    expect((dir as { path: string }[]).map((e) => e.path)).toEqual(["t/a.json"]);
    const { data: big } = await octokit.rest.repos.getContent({ owner, repo, path: "big.json" });
    expect(big).toMatchObject({ encoding: "none", content: "", size: 1024 * 1024 + 1 });
  });
});

describe("installation repositories", () => {
  it("paginates with a Link header, and Octokit's paginate collects every page", async () => {
    const { org, installation } = await orgWithRepo(sim);
    for (let i = 0; i < 44; i++) await sim.createRepository({ owner: org.login, name: `extra-${i}` });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const first = await octokit.request("GET /installation/repositories", { per_page: 20 });
    expect(first.data.total_count).toBe(45);
    expect(first.data.repositories).toHaveLength(20);
    expect(first.headers.link).toMatch(/page=2>; rel="next".*page=3>; rel="last"/);
    const all = await octokit.paginate("GET /installation/repositories", { per_page: 20 });
    expect(all).toHaveLength(45);
    expect(new Set(all.map((r) => r.id)).size).toBe(45);
  });
});

describe("rate limits, faults and counters", () => {
  it("sends rate-limit headers and answers 403 with remaining 0 when the primary limit is spent", async () => {
    const { installation, fullName } = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, repo] = fullName.split("/") as [string, string];
    sim.setRateLimit(installation!.id, { limit: 3 });
    const ok = await octokit.rest.repos.get({ owner, repo });
    expect(ok.headers["x-ratelimit-limit"]).toBe("3");
    expect(ok.headers["x-ratelimit-remaining"]).toBe("2");
    expect(ok.headers["x-github-request-id"]).toMatch(/^[0-9A-F]+:[0-9A-F]+$/);
    await octokit.rest.repos.get({ owner, repo });
    await octokit.rest.repos.get({ owner, repo });
    const error = await octokit.rest.repos.get({ owner, repo }).catch((e) => e);
    expect(error.status).toBe(403);
    expect(error.response.headers["x-ratelimit-remaining"]).toBe("0");
    expect(Number(error.response.headers["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);
  });

  it("injects fixed statuses, secondary rate limits and latency per route, then resets", async () => {
    const { installation, fullName } = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, repo] = fullName.split("/") as [string, string];
    sim.injectFault({ route: "GET /repos/{owner}/{repo}", status: 502, times: 1 });
    await expect(octokit.rest.repos.get({ owner, repo })).rejects.toMatchObject({ status: 502 });
    expect((await octokit.rest.repos.get({ owner, repo })).status).toBe(200);

    sim.injectFault({ route: "GET /repos/{owner}/{repo}", secondaryRateLimit: { retryAfterSeconds: 7 }, times: 1 });
    const limited = await octokit.rest.repos.get({ owner, repo }).catch((e) => e);
    expect(limited.status).toBe(403);
    expect(limited.response.headers["retry-after"]).toBe("7");

    sim.injectFault({ route: "*", latencyMs: 150, times: 1 });
    const started = performance.now();
    await octokit.rest.repos.get({ owner, repo });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("lets a request time out when told to", async () => {
    const { installation, fullName } = await orgWithRepo(sim);
    const token = (
      (
        await appFor(sim).octokit.request("POST /app/installations/{installation_id}/access_tokens", {
          installation_id: installation!.id,
        })
      ).data as { token: string }
    ).token;
    sim.injectFault({ route: "GET /repos/{owner}/{repo}", timeout: true, times: 1 });
    const attempt = fetch(`${sim.apiUrl}/repos/${fullName}`, {
      headers: { authorization: `token ${token}` },
      signal: AbortSignal.timeout(300),
    });
    await expect(attempt).rejects.toThrow(/timeout|aborted/i);
  });

  it("counts requests per route and per installation", async () => {
    const { installation, fullName } = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    sim.resetTraffic();
    const [owner, repo] = fullName.split("/") as [string, string];
    await octokit.rest.repos.get({ owner, repo });
    await octokit.rest.repos.getBranch({ owner, repo, branch: "main" });
    const counters = sim.counters();
    // The installation token is fetched lazily with the first request, and counted for the installation.
    expect(counters.byRoute).toEqual({
      "POST /app/installations/{id}/access_tokens": 1,
      "GET /repos/{owner}/{repo}": 1,
      "GET /repos/{owner}/{repo}/branches/{branch+}": 1,
    });
    expect(counters.byInstallation[String(installation!.id)]).toBe(3);
    expect(counters.total).toBe(3);
  });
});
