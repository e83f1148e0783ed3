import { RequestError } from "@octokit/request-error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, WRITE_PERMISSIONS, type GithubSimulator } from "../../tools/github-simulator";
import { appFor, orgWithRepo } from "../helpers/github";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

let sim: GithubSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startGithubSimulator({
    webhookUrl: receiver.url,
    setupUrl: "http://127.0.0.1:1/github/callback",
    app: { permissions: { ...WRITE_PERMISSIONS } },
  });
});
afterAll(async () => {
  await sim.stop();
  await receiver.close();
});

async function world() {
  const gh = await orgWithRepo(sim, { "templates/a.json": '{"name":"A"}\n' });
  const octokit = await appFor(sim).getInstallationOctokit(gh.installation!.id);
  const [owner, repo] = gh.fullName.split("/") as [string, string];
  const main = (await sim.repository(gh.fullName).git.branchHead("main"))!;
  return { ...gh, octokit, owner, repo, main };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: RequestError) => ({ status: error.status, message: error.message }),
  );

const text = async (sim_: GithubSimulator, fullName: string, ref: string, path: string) => {
  const git = sim_.repository(fullName).git;
  const sha = await git.blobAt((await git.resolveCommit(ref))!, path);
  return sha ? (await git.readObject(sha))!.content.toString() : null;
};

describe("Git Data API writes", () => {
  it("blobs, a tree on base_tree, a commit with no author (the bot's, Verified) and a fast-forward ref update", async () => {
    const w = await world();
    const { octokit, owner, repo } = w;
    const blob = await octokit.rest.git.createBlob({ owner, repo, content: '{"name":"B"}\n', encoding: "utf-8" });
    const base = await octokit.rest.git.getCommit({ owner, repo, commit_sha: w.main });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: "templates/b.json", mode: "100644", type: "blob", sha: blob.data.sha },
        { path: "templates/c.json", mode: "100644", type: "blob", content: '{"name":"C"}\n' },
        { path: "templates/a.json", mode: "100644", type: "blob", sha: null },
      ],
    });
    const paths = (await sim.repository(w.fullName).git.listTree(tree.data.sha, true)).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["templates/b.json", "templates/c.json"]));
    expect(paths).not.toContain("templates/a.json");
    const commit = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: "Add B and C\n\nCo-authored-by: Ada <ada@example.test>",
      tree: tree.data.sha,
      parents: [w.main],
    });
    expect(commit.data.author.name).toBe(`${sim.app.slug}[bot]`);
    expect(commit.data.verification).toMatchObject({ verified: true, reason: "valid" });
    await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/feature", sha: w.main });
    await octokit.rest.git.updateRef({ owner, repo, ref: "heads/feature", sha: commit.data.sha, force: false });
    expect(await text(sim, w.fullName, "feature", "templates/c.json")).toBe('{"name":"C"}\n');
    expect(
      await failure(octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/feature", sha: w.main })),
    ).toMatchObject({
      status: 422,
      message: expect.stringContaining("Reference already exists"),
    });
  });

  it("refuses a ref update that is not a fast-forward unless forced, and leaves the branch where it was", async () => {
    const w = await world();
    const { octokit, owner, repo } = w;
    const other = await sim.commit(w.fullName, { changes: [{ action: "put", path: "x.txt", content: "x" }] });
    const tree = await octokit.rest.git.createTree({
      owner,
      repo,
      tree: [{ path: "y.txt", mode: "100644", type: "blob", content: "y" }],
    });
    const unrelated = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: "root",
      tree: tree.data.sha,
      parents: [],
    });
    const refused = await failure(
      octokit.rest.git.updateRef({ owner, repo, ref: "heads/main", sha: unrelated.data.sha, force: false }),
    );
    expect(refused).toMatchObject({ status: 422, message: expect.stringContaining("Update is not a fast forward") });
    expect(await sim.repository(w.fullName).git.branchHead("main")).toBe(other.sha);
  });

  it("needs contents: write (403 Resource not accessible by integration)", async () => {
    const w = await world();
    sim.setInstallationPermissions(w.installation!.id, { contents: "read", metadata: "read", pull_requests: "read" });
    const octokit = await appFor(sim).getInstallationOctokit(w.installation!.id);
    const refused = await failure(octokit.rest.git.createBlob({ owner: w.owner, repo: w.repo, content: "x" }));
    expect(refused).toMatchObject({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    const pr = await failure(
      octokit.rest.pulls.create({ owner: w.owner, repo: w.repo, head: "main", base: "main", title: "x" }),
    );
    expect(pr).toMatchObject({ status: 403 });
  });
});

describe("Contents API writes", () => {
  it("updates with the current sha, refuses a stale one (409) or none (422), deletes, and delivers the push", async () => {
    const w = await world();
    const { octokit, owner, repo } = w;
    await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/edit", sha: w.main });
    const current = (await sim.repository(w.fullName).git.blobAt(w.main, "templates/a.json"))!;
    const from = receiver.received.length;
    const put = await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "templates/a.json",
      branch: "edit",
      message: "Update A",
      content: Buffer.from('{"name":"A2"}\n').toString("base64"),
      sha: current,
    });
    expect(put.status).toBe(200);
    expect(put.data.commit.verification).toMatchObject({ verified: true });
    expect(await text(sim, w.fullName, "edit", "templates/a.json")).toBe('{"name":"A2"}\n');
    const pushes = receiver.received.slice(from).filter((d) => d.headers["x-github-event"] === "push");
    expect(pushes.map((d) => JSON.parse(d.body).ref)).toEqual(["refs/heads/edit"]);

    const stale = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: "templates/a.json",
        branch: "edit",
        message: "again",
        content: "e30=",
        sha: current,
      }),
    );
    expect(stale).toMatchObject({ status: 409 });
    const missing = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: "templates/a.json",
        branch: "edit",
        message: "x",
        content: "e30=",
      }),
    );
    expect(missing).toMatchObject({ status: 422 });
    expect(await text(sim, w.fullName, "edit", "templates/a.json")).toBe('{"name":"A2"}\n');

    const staleDelete = await failure(
      octokit.rest.repos.deleteFile({
        owner,
        repo,
        path: "templates/a.json",
        branch: "edit",
        message: "rm",
        sha: current,
      }),
    );
    expect(staleDelete).toMatchObject({ status: 409 });
    await octokit.rest.repos.deleteFile({
      owner,
      repo,
      path: "templates/a.json",
      branch: "edit",
      message: "rm",
      sha: put.data.content!.sha!,
    });
    expect(await text(sim, w.fullName, "edit", "templates/a.json")).toBeNull();
    expect(await text(sim, w.fullName, "main", "templates/a.json")).toBe('{"name":"A"}\n');
  });

  it("lists the commits that touched a path, newest first", async () => {
    const w = await world();
    const touched = await sim.commit(w.fullName, {
      changes: [{ action: "put", path: "templates/a.json", content: '{"name":"A3"}' }],
    });
    await sim.commit(w.fullName, { changes: [{ action: "put", path: "other.txt", content: "o" }] });
    const { data } = await w.octokit.rest.repos.listCommits({
      owner: w.owner,
      repo: w.repo,
      sha: "main",
      path: "templates/a.json",
      per_page: 1,
    });
    expect(data.map((c) => c.sha)).toEqual([touched.sha]);
  });
});

describe("pull requests through the REST API", () => {
  it("opens one as the app's bot (pull_request.opened delivered), lists it by head, and shows its commits with trailers", async () => {
    const w = await world();
    const { octokit, owner, repo } = w;
    await octokit.rest.git.createRef({ owner, repo, ref: "refs/heads/allegro/a-1", sha: w.main });
    const current = (await sim.repository(w.fullName).git.blobAt(w.main, "templates/a.json"))!;
    await octokit.rest.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "templates/a.json",
      branch: "allegro/a-1",
      sha: current,
      message: "Update A\n\nCo-authored-by: Ada Lovelace <ada@example.test>\n",
      content: Buffer.from('{"name":"A4"}').toString("base64"),
    });
    const from = receiver.received.length;
    const created = await octokit.rest.pulls.create({
      owner,
      repo,
      head: "allegro/a-1",
      base: "main",
      title: "Update A",
      body: "From Allegro",
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe(`${sim.app.slug}[bot]`);
    const opened = receiver.received
      .slice(from)
      .map((d) => `${d.headers["x-github-event"]}.${JSON.parse(d.body).action}`);
    expect(opened).toEqual(["pull_request.opened"]);
    const listed = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:allegro/a-1`, state: "open" });
    expect(listed.data.map((p) => p.number)).toEqual([created.data.number]);
    const duplicate = await failure(
      octokit.rest.pulls.create({ owner, repo, head: "allegro/a-1", base: "main", title: "again" }),
    );
    expect(duplicate).toMatchObject({ status: 422 });
    const page = await (await fetch(created.data.html_url)).text();
    expect(page).toContain("Co-authored-by: Ada Lovelace &#60;ada@example.test&#62;");
    expect(page).toContain("Verified");
  });
});
