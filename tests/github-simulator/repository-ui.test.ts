import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { orgWithRepo } from "../helpers/github";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

let sim: GithubSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sim = await startGithubSimulator({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await sim.stop();
  await receiver.close();
});

const WELCOME = '{\n  "name": "Welcome"\n}\n';

async function get(path: string) {
  const response = await fetch(`${sim.url}${path}`);
  return { status: response.status, type: response.headers.get("content-type"), html: await response.text() };
}

async function postForm(path: string, form: Record<string, string>) {
  return fetch(`${sim.url}${path}`, { method: "POST", body: new URLSearchParams(form), redirect: "manual" });
}

/** The push webhooks the receiver got for a repository, newest last. */
function pushesTo(fullName: string) {
  return receiver.received
    .filter((r) => r.headers["x-github-event"] === "push")
    .map(
      (r) =>
        JSON.parse(r.body) as { after: string; repository: { full_name: string }; head_commit: { message: string } },
    )
    .filter((p) => p.repository.full_name === fullName);
}

describe("repository pages at GitHub's URLs", () => {
  it("shows the repository's files, branches and recent commits, and the file and commit pages the app links to", async () => {
    const { fullName, repo } = await orgWithRepo(sim, { "templates/welcome.json": WELCOME, "README.md": "# <Acme>\n" });
    await sim.createBranch(fullName, "release/2026");
    const { sha } = await sim.commit(fullName, {
      changes: [{ action: "put", path: "templates/receipt.json", content: '{"name":"Receipt"}' }],
      message: "Add the receipt template",
    });
    // The links the app builds from the stored html_url land here.
    const htmlUrl = sim.payloads.repository(repo).html_url;
    expect(htmlUrl).toBe(`${sim.url}/${fullName}`);

    const home = await get(`/${fullName}`);
    expect(home.status).toBe(200);
    expect(home.type).toMatch(/^text\/html/);
    expect(home.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(home.html).toContain(`href="/${fullName}/blob/main/templates/welcome.json"`);
    expect(home.html).toContain(`href="/${fullName}/tree/release/2026"`);
    expect(home.html).toContain(`href="/${fullName}/commit/${sha}"`);
    expect(home.html).toContain("Add the receipt template");

    const file = await get(`/${fullName}/blob/main/templates/welcome.json`);
    expect(file.status).toBe(200);
    expect(file.html).toContain("&#34;name&#34;: &#34;Welcome&#34;");
    expect(file.html).toContain(`href="/${fullName}/edit/main/templates/welcome.json"`);
    // A ref containing a slash, and a commit SHA as ref, resolve like GitHub's.
    expect((await get(`/${fullName}/blob/release/2026/README.md`)).html).toContain("# &#60;Acme&#62;");
    expect((await get(`/${fullName}/blob/${sha}/templates/receipt.json`)).status).toBe(200);

    const commit = await get(`/${fullName}/commit/${sha}`);
    expect(commit.status).toBe(200);
    expect(commit.html).toContain("Add the receipt template");
    expect(commit.html).toContain("+++ b/templates/receipt.json");

    expect((await get(`/${fullName}/blob/main/missing.json`)).status).toBe(404);
    expect((await get(`/${fullName}/commit/${"0".repeat(40)}`)).status).toBe(404);
    expect((await get(`/nobody/nothing`)).status).toBe(404);
  });

  it("edits a file and commits it: the branch moves, the push webhook is delivered, the browser sees the file", async () => {
    const { fullName, repo } = await orgWithRepo(sim, { "templates/welcome.json": WELCOME });
    const before = await repo.git.branchHead("main");
    const editor = await get(`/${fullName}/edit/main/templates/welcome.json`);
    expect(editor.html).toContain('<label for="content">File content</label>');
    expect(editor.html).toContain("&#34;Welcome&#34;");

    const response = await postForm(`/${fullName}/edit/main/templates/welcome.json`, {
      content: '{\r\n  "name": "Welcome v2"\r\n}\r\n',
      message: "Rename the welcome template",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/${fullName}/blob/main/templates/welcome.json`);

    const after = (await repo.git.branchHead("main"))!;
    expect(after).not.toBe(before);
    const commit = (await repo.git.readCommit(after))!;
    expect(commit.parents).toEqual([before]);
    expect(commit.message).toBe("Rename the welcome template");
    const blob = await repo.git.listTree(after, true);
    const content = await repo.git.readObject(blob.find((e) => e.path === "templates/welcome.json")!.sha);
    expect(content!.content.toString()).toBe('{\n  "name": "Welcome v2"\n}\n');
    const push = pushesTo(fullName).at(-1)!;
    expect(push.after).toBe(after);
    expect(push.head_commit.message).toBe("Rename the welcome template");
  });

  it("adds a file and deletes one, each a commit with its push; refuses an existing path and bad paths", async () => {
    const { fullName, repo } = await orgWithRepo(sim, { "templates/welcome.json": WELCOME });
    expect((await get(`/${fullName}/new/main`)).html).toContain('<label for="path">File path</label>');

    const added = await postForm(`/${fullName}/new/main`, {
      path: "templates/new.json",
      content: '{"name":"New"}',
      message: "Add new.json",
    });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe(`/${fullName}/blob/main/templates/new.json`);
    expect((await get(`/${fullName}/blob/main/templates/new.json`)).html).toContain("&#34;New&#34;");
    expect(pushesTo(fullName).at(-1)!.head_commit.message).toBe("Add new.json");

    expect((await postForm(`/${fullName}/new/main`, { path: "templates/new.json", content: "{}" })).status).toBe(422);
    expect((await postForm(`/${fullName}/new/main`, { path: "../escape.json", content: "{}" })).status).toBe(422);

    const head = await repo.git.branchHead("main");
    expect((await get(`/${fullName}/delete/main/templates/welcome.json`)).html).toContain("Commit deletion");
    const deleted = await postForm(`/${fullName}/delete/main/templates/welcome.json`, { message: "Remove welcome" });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(`/${fullName}/tree/main`);
    expect((await get(`/${fullName}/blob/main/templates/welcome.json`)).status).toBe(404);
    const push = pushesTo(fullName).at(-1)!;
    expect(push.head_commit.message).toBe("Remove welcome");
    expect((await repo.git.readCommit(push.after))!.parents).toEqual([head]);
  });

  it("does not shadow the control API or the install page", async () => {
    expect((await get("/_simulator/state")).type).toMatch(/^application\/json/);
    expect((await get(`/apps/${sim.app.slug}/installations/new`)).html).toContain("Install");
  });
});
