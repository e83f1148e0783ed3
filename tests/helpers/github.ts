import { randomUUID } from "node:crypto";
import { parseEnv, type GithubConfig } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { createGithubApp } from "@/lib/github/octokit";
import type { GithubSimulator } from "../../tools/github-simulator";
import { afterDeliveries } from "./deliveries";

/** The app's GitHub configuration for a running simulator, parsed like production's. */
export function githubConfigFor(sim: GithubSimulator): GithubConfig {
  return parseEnv({ DATABASE_URL: "postgresql://unused/x", SESSION_SECRET: "x".repeat(32), ...sim.appEnv() }).github!;
}

/** The app's real Octokit App for the simulator, with in-process retries off (tests count requests). */
export function appFor(sim: GithubSimulator) {
  return createGithubApp(githubConfigFor(sim), { retries: false, requestTimeoutMs: 5000 });
}

/** A fresh organization with one repository, the app installed on all its repositories. */
export async function orgWithRepo(
  sim: GithubSimulator,
  files: Record<string, string | Buffer> = { "README.md": "# templates\n" },
  { install = true } = {},
) {
  const suffix = randomUUID().slice(0, 8);
  const admin = sim.createAccount({ login: `admin-${suffix}` });
  const org = sim.createAccount({
    login: `org-${suffix}`,
    type: "Organization",
    members: [{ login: admin.login, role: "admin" }],
  });
  const repo = await sim.createRepository({ owner: org.login, name: "templates", files });
  const fullName = `${org.login}/${repo.name}`;
  const installed = install ? await sim.install(org.login) : null;
  // The app records the installation in its delivery job: wait for it, as the connect flow would.
  await afterDeliveries(installed?.delivery);
  return { admin, org, repo, fullName, installation: installed?.installation ?? null };
}

/**
 * Links a repository's installation to an organization on branch `main`, as the connect flow
 * leaves it (the callback links, the repository choice stores full name, id and html_url).
 */
export async function linkRepository(
  sim: GithubSimulator,
  gh: { fullName: string; installation: { id: number } | null },
  tenantId: bigint,
  { folder = "" } = {},
) {
  const repo = sim.repository(gh.fullName);
  await getDb().githubAppInstallation.update({
    where: { installationId: BigInt(gh.installation!.id) },
    data: {
      tenantId,
      repository: gh.fullName,
      repositoryId: BigInt(repo.id),
      repositoryUrl: `${sim.url}/${gh.fullName}`,
      defaultBranch: "main",
      folder,
      linkedAt: new Date(),
    },
  });
  return repo;
}
