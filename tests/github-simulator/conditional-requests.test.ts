import { RequestError } from "@octokit/request-error";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGithubSimulator, type GithubSimulator } from "../../tools/github-simulator";
import { appFor, orgWithRepo } from "../helpers/github";

let sim: GithubSimulator;
beforeAll(async () => {
  sim = await startGithubSimulator();
});
afterAll(() => sim.stop());
afterEach(() => sim.resetTraffic());

/** A fresh installation token for the repository's installation, as the app would get one. */
async function tokenFor(installationId: number) {
  const { data } = await appFor(sim).octokit.request("POST /app/installations/{installation_id}/access_tokens", {
    installation_id: installationId,
  });
  return (data as { token: string }).token;
}

async function getBranch(fullName: string, token: string, ifNoneMatch?: string) {
  return fetch(`${sim.apiUrl}/repos/${fullName}/branches/main`, {
    headers: {
      authorization: `token ${token}`,
      accept: "application/vnd.github+json",
      ...(ifNoneMatch ? { "if-none-match": ifNoneMatch } : {}),
    },
  });
}

const used = (response: Response) => Number(response.headers.get("x-ratelimit-used"));

describe("conditional requests (ETag / If-None-Match), as GitHub answers them", () => {
  it("tags a JSON answer, answers 304 with no body for its ETag, and does not charge the rate limit for it", async () => {
    const { fullName, installation } = await orgWithRepo(sim);
    const token = await tokenFor(installation!.id);
    sim.resetTraffic();

    const first = await getBranch(fullName, token);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(first.headers.get("vary")).toBe("Accept, Authorization");
    const usedAfterFirst = used(first);
    expect(usedAfterFirst).toBeGreaterThan(0);
    expect((await first.json()) as { commit: { sha: string } }).toMatchObject({
      commit: { sha: await sim.repository(fullName).git.branchHead("main") },
    });

    const again = await getBranch(fullName, token, etag);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(used(again)).toBe(usedAfterFirst);
    // Weak comparison, and any tag of a list: the strong form and a list naming it match too.
    expect((await getBranch(fullName, token, etag.slice(2))).status).toBe(304);
    expect((await getBranch(fullName, token, `W/"0000", ${etag}`)).status).toBe(304);

    const counters = sim.counters();
    const id = String(installation!.id);
    // Every request is seen (and counted for the installation); only the 200 was charged.
    expect(counters.byInstallation[id]).toBe(4);
    expect(counters.byStatus).toEqual({ "200": 1, "304": 3 });
    expect(counters.conditional).toBe(3);
    expect(counters.rateLimitByInstallation[id]).toBe(1);
  });

  it("answers 200, and charges, for an ETag that does not match: another body, another token, or made up", async () => {
    const { fullName, installation } = await orgWithRepo(sim);
    const token = await tokenFor(installation!.id);
    const etag = (await getBranch(fullName, token)).headers.get("etag")!;
    sim.resetTraffic();

    const madeUp = await getBranch(fullName, token, 'W/"not-the-tag"');
    expect(madeUp.status).toBe(200);

    // GitHub's ETags are specific to the token (its answers vary on Authorization).
    const otherToken = await tokenFor(installation!.id);
    const underOtherToken = await getBranch(fullName, otherToken, etag);
    expect(underOtherToken.status).toBe(200);
    expect(underOtherToken.headers.get("etag")).not.toBe(etag);

    const head = await sim.commit(fullName, { changes: [{ action: "put", path: "a.json", content: "{}" }] });
    const moved = await getBranch(fullName, token, etag);
    expect(moved.status).toBe(200);
    expect(moved.headers.get("etag")).not.toBe(etag);
    expect(((await moved.json()) as { commit: { sha: string } }).commit.sha).toBe(head.sha);

    const counters = sim.counters();
    expect(counters.byStatus["304"]).toBeUndefined();
    expect(counters.rateLimitByInstallation[String(installation!.id)]).toBe(3);
  });

  it("refuses a conditional request like any other once the installation's limit is spent", async () => {
    const { fullName, installation } = await orgWithRepo(sim);
    const token = await tokenFor(installation!.id);
    const etag = (await getBranch(fullName, token)).headers.get("etag")!;
    sim.setRateLimit(installation!.id, { remaining: 0 });
    const refused = await getBranch(fullName, token, etag);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
  });

  it("reaches Octokit as a RequestError with status 304 and the ETag in its headers", async () => {
    const { fullName, installation } = await orgWithRepo(sim);
    const octokit = await appFor(sim).getInstallationOctokit(installation!.id);
    const [owner, repo] = fullName.split("/") as [string, string];
    const first = await octokit.rest.repos.getBranch({ owner, repo, branch: "main" });
    sim.resetTraffic();
    const error = await octokit.rest.repos
      .getBranch({ owner, repo, branch: "main", headers: { "if-none-match": first.headers.etag } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as RequestError).status).toBe(304);
    expect((error as RequestError).response?.headers.etag).toBe(first.headers.etag);
    expect(sim.counters()).toMatchObject({ total: 1, byStatus: { "304": 1 }, rateLimitByInstallation: {} });
  });
});
