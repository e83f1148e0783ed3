import { RequestError } from "@octokit/request-error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { appFor, orgWithRepo } from "../helpers/github";
import { webhookValidatorFor } from "../helpers/webhook-schemas";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

let sim: GithubSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startGithubSimulator({ webhookUrl: receiver.url, setupUrl: "http://127.0.0.1:1/github/callback" });
});
afterAll(async () => {
  await sim.stop();
  await receiver.close();
});

type Payload = Record<string, unknown> & { action?: string };
const deliveredSince = (from: number) =>
  receiver.received
    .slice(from)
    .map((d) => ({ event: String(d.headers["x-github-event"]), payload: JSON.parse(d.body) as Payload }));

async function repoWithBranch() {
  const gh = await orgWithRepo(sim, { "templates/a.json": '{"name":"A"}' });
  await sim.createBranch(gh.fullName, "feature");
  const octokit = await appFor(sim).getInstallationOctokit(gh.installation!.id);
  const [owner, repo] = gh.fullName.split("/") as [string, string];
  return { ...gh, octokit, owner, repo };
}

const statusOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: RequestError) => ({ status: error.status, message: error.message }),
  );

describe("pull requests", () => {
  it("deliver opened, synchronize and closed (merged) in GitHub's payload shapes; merging pushes to the base", async () => {
    const { fullName } = await repoWithBranch();
    const from = receiver.received.length;
    const { pr } = await sim.openPullRequest(fullName, { head: "feature", title: "Add B" });
    const first = pr.headSha;
    const push = await sim.commit(fullName, {
      branch: "feature",
      changes: [{ action: "put", path: "templates/b.json", content: '{"name":"B"}' }],
    });
    const merged = await sim.mergePullRequest(fullName, pr.number);
    const events = deliveredSince(from);
    expect(events.map((e) => `${e.event}.${e.payload.action ?? ""}`)).toEqual([
      "pull_request.opened",
      "push.",
      "pull_request.synchronize",
      "push.",
      "pull_request.closed",
    ]);
    const [opened, , synchronize, mergePush, closed] = events.map((e) => e.payload) as Payload[];
    expect(opened).toMatchObject({
      number: pr.number,
      pull_request: { head: { ref: "feature", sha: first }, base: { ref: "main" }, state: "open" },
      repository: { full_name: fullName },
      installation: { id: expect.any(Number) },
    });
    expect(synchronize).toMatchObject({ before: first, after: push.sha, pull_request: { head: { sha: push.sha } } });
    expect(mergePush).toMatchObject({ ref: "refs/heads/main", after: merged.sha });
    expect(closed).toMatchObject({ pull_request: { merged: true, merge_commit_sha: merged.sha, state: "closed" } });
    for (const { event, payload } of events.filter((e) => e.event === "pull_request")) {
      const validate = webhookValidatorFor(`${event}$${payload.action}`)!;
      expect(validate(payload) ? [] : validate.errors!.slice(0, 5)).toEqual([]);
    }
    const main = sim.repository(fullName);
    expect((await main.git.listTree(merged.sha, true)).map((e) => e.path)).toContain("templates/b.json");
  });

  it("lists a pull request's files page by page (per_page at most 100), with renames", async () => {
    const { fullName, octokit, owner, repo } = await repoWithBranch();
    const files = Array.from({ length: 120 }, (_, i) => ({
      action: "put" as const,
      path: `templates/n${String(i).padStart(3, "0")}.json`,
      content: `{"name":"N${i}"}`,
    }));
    await sim.commit(fullName, {
      branch: "feature",
      changes: [...files, { action: "move", from: "templates/a.json", path: "templates/renamed.json" }],
    });
    const { pr } = await sim.openPullRequest(fullName, { head: "feature", title: "Many" });
    const page = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      owner,
      repo,
      pull_number: pr.number,
      per_page: 500,
    });
    expect(page.data).toHaveLength(100);
    expect(page.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pr.number,
      per_page: 100,
    });
    expect(all).toHaveLength(121);
    expect(all.find((f) => f.status === "renamed")).toMatchObject({
      filename: "templates/renamed.json",
      previous_filename: "templates/a.json",
    });
  });

  it("are created from the web editor's new branch, on the new pull request form, and merged with the Merge button", async () => {
    const { fullName } = await repoWithBranch();
    const edit = await fetch(`${sim.url}/${fullName}/edit/main/templates/a.json`, {
      method: "POST",
      body: new URLSearchParams({
        content: '{"name":"A2"}',
        message: "Edit A",
        commit_choice: "new-branch",
        new_branch: "edit-a",
      }),
      redirect: "manual",
    });
    expect(edit.headers.get("location")).toBe(`/${fullName}/compare?base=main&head=edit-a`);
    expect(await sim.repository(fullName).git.branchHead("main")).not.toBe(
      await sim.repository(fullName).git.branchHead("edit-a"),
    );
    const open = await fetch(`${sim.url}/${fullName}/pulls`, {
      method: "POST",
      body: new URLSearchParams({ base: "main", head: "edit-a", title: "Rename A" }),
      redirect: "manual",
    });
    const location = open.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/${fullName}/pull/\\d+$`));
    const page = await (await fetch(`${sim.url}${location}`)).text();
    expect(page).toContain("templates/a.json");
    expect(page).toContain("Merge pull request");
    await fetch(`${sim.url}${location}/merge`, { method: "POST", redirect: "manual" });
    expect(await (await fetch(`${sim.url}${location}`)).text()).toContain("Merged");
  });
});

describe("check runs", () => {
  it("are created in progress, completed with annotations appended across updates, and listed on the commit", async () => {
    const { fullName, octokit, owner, repo } = await repoWithBranch();
    const head = (await sim.repository(fullName).git.branchHead("feature"))!;
    const annotation = (i: number) => ({
      path: `templates/${i}.json`,
      start_line: 2,
      end_line: 2,
      start_column: 3,
      end_column: 3,
      annotation_level: "failure" as const,
      message: `bad ${i}`,
    });
    const { data: created } = await octokit.rest.checks.create({
      owner,
      repo,
      name: "Allegro templates",
      head_sha: head,
      status: "in_progress",
    });
    expect(created).toMatchObject({ status: "in_progress", conclusion: null, head_sha: head });
    const output = (from: number, count: number) => ({
      title: "Invalid",
      summary: "s",
      annotations: Array.from({ length: count }, (_, i) => annotation(from + i)),
    });
    await octokit.rest.checks.update({ owner, repo, check_run_id: Number(created.id), output: output(0, 50) });
    const { data: done } = await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: Number(created.id),
      conclusion: "failure",
      output: output(50, 10),
    });
    expect(done).toMatchObject({ status: "completed", conclusion: "failure", output: { annotations_count: 60 } });
    const annotations = await octokit.paginate(octokit.rest.checks.listAnnotations, {
      owner,
      repo,
      check_run_id: Number(created.id),
      per_page: 100,
    });
    expect(annotations.map((a) => a.message)).toEqual(Array.from({ length: 60 }, (_, i) => `bad ${i}`));
    const { data: listed } = await octokit.rest.checks.listForRef({ owner, repo, ref: head });
    expect(listed.check_runs.map((r) => Number(r.id))).toEqual([Number(created.id)]);
    const commitPage = await (await fetch(`${sim.url}/${fullName}/commit/${head}`)).text();
    expect(commitPage).toContain("templates/0.json:2:3");
  });

  it("refuse what GitHub refuses, with 422", async () => {
    const { fullName, octokit, owner, repo } = await repoWithBranch();
    const head = (await sim.repository(fullName).git.branchHead("main"))!;
    const one = { path: "a.json", start_line: 1, end_line: 1, annotation_level: "failure" as const, message: "m" };
    const attempts: Record<string, object> = {
      "51 annotations": {
        head_sha: head,
        name: "x",
        output: { title: "t", summary: "s", annotations: Array(51).fill(one) },
      },
      "no name": { head_sha: head },
      "no head_sha": { name: "x" },
      "an unknown commit": { name: "x", head_sha: "f".repeat(40) },
      "completed without a conclusion": { name: "x", head_sha: head, status: "completed" },
      "an unknown conclusion": { name: "x", head_sha: head, conclusion: "stale" },
      "an output without a summary": { name: "x", head_sha: head, output: { title: "t" } },
      "an unknown annotation_level": {
        name: "x",
        head_sha: head,
        output: { title: "t", summary: "s", annotations: [{ ...one, annotation_level: "error" }] },
      },
      "columns across lines": {
        name: "x",
        head_sha: head,
        output: { title: "t", summary: "s", annotations: [{ ...one, end_line: 2, start_column: 1 }] },
      },
      "end_line before start_line": {
        name: "x",
        head_sha: head,
        output: { title: "t", summary: "s", annotations: [{ ...one, start_line: 3, end_line: 2 }] },
      },
    };
    for (const [what, body] of Object.entries(attempts)) {
      const result = await statusOf(
        octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo, ...body } as never),
      );
      expect({ what, status: (result as { status: number }).status }).toEqual({ what, status: 422 });
    }
  });

  it("answer 403 to an installation without checks: write or pull_requests: read, until it accepts them", async () => {
    const { fullName, installation, owner, repo } = await repoWithBranch();
    sim.setInstallationPermissions(installation!.id, { contents: "read", metadata: "read" });
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const head = (await sim.repository(fullName).git.branchHead("main"))!;
    const from = receiver.received.length;
    await sim.openPullRequest(fullName, { head: "feature", title: "Unseen" });
    expect(deliveredSince(from).map((d) => d.event)).toEqual([]); // no pull_request events without the permission
    expect(await statusOf(octokit.rest.checks.create({ owner, repo, name: "x", head_sha: head }))).toEqual({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    expect(await statusOf(octokit.rest.pulls.listFiles({ owner, repo, pull_number: 1 }))).toMatchObject({
      status: 403,
    });

    await fetch(`${sim.url}/_simulator/installations/${installation!.id}/accept-permissions`, { method: "POST" });
    const [accepted] = deliveredSince(from);
    expect(accepted).toMatchObject({
      event: "installation",
      payload: {
        action: "new_permissions_accepted",
        installation: { permissions: { checks: "write", pull_requests: "read" } },
      },
    });
    const fresh = await appFor(sim).getInstallationOctokit(installation!.id);
    expect(await statusOf(fresh.rest.checks.create({ owner, repo, name: "x", head_sha: head }))).toBe(200);
  });

  it("Re-run delivers check_run.rerequested with the check suite's pull requests", async () => {
    const { fullName, octokit, owner, repo } = await repoWithBranch();
    const { pr } = await sim.openPullRequest(fullName, { head: "feature", title: "Re-run me" });
    const { data: run } = await octokit.rest.checks.create({
      owner,
      repo,
      name: "Allegro templates",
      head_sha: pr.headSha,
      conclusion: "success",
      output: { title: "ok", summary: "ok" },
    });
    const from = receiver.received.length;
    const rerun = await fetch(`${sim.url}/${fullName}/runs/${run.id}/rerequest`, {
      method: "POST",
      redirect: "manual",
    });
    expect(rerun.headers.get("location")).toBe(`/${fullName}/pull/${pr.number}`);
    const [delivery] = deliveredSince(from);
    expect(delivery).toMatchObject({
      event: "check_run",
      payload: {
        action: "rerequested",
        check_run: {
          id: run.id,
          name: "Allegro templates",
          head_sha: pr.headSha,
          check_suite: {
            head_sha: pr.headSha,
            pull_requests: [{ number: pr.number, head: { ref: "feature" }, base: { ref: "main" } }],
          },
        },
      },
    });
  });
});
