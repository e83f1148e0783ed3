/**
 * npm run bench, proposals (issue 21): the GitHub requests about the repository that proposing
 * costs, counted by the GitHub simulator (token and installation lookups under /app are not
 * counted), beside the budgets. One organization synced from 4 templates, then:
 * a one-file proposal, a many-file proposal (three templates in one pull request: opened with
 * one, the others added with `proposal`) and an edit added to the template's open proposal.
 */
import { randomBytes } from "node:crypto";
import { createDb } from "../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { runMigrations } from "../lib/db/migrate";
import { parseEnv } from "../lib/env";
import { createGithubApp } from "../lib/github/octokit";
import type { Actor } from "../lib/auth/actor";
import { randomShortId, type ProposalDeps } from "../lib/proposals/deps";
import { proposeTemplateChange } from "../lib/proposals/propose";
import { applySync } from "../lib/sync/apply";
import { syncDepsFor } from "../lib/sync/deps";
import { fetchFiles } from "../lib/sync/fetch-files";
import { readTree, resolveHead } from "../lib/sync/read-github";
import { startRun } from "../lib/sync/run-record";
import { startGithubSimulator, WRITE_PERMISSIONS } from "../tools/github-simulator";

const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: ".data/bench" });
const databaseUrl =
  process.env.DATABASE_URL ??
  (await ensureDatabase(server!.serverUrl, `bench_proposals_${Date.now()}_${randomBytes(2).toString("hex")}`));
await runMigrations(databaseUrl);
const sim = await startGithubSimulator({ app: { permissions: { ...WRITE_PERMISSIONS } } });
const db = createDb(databaseUrl);
const env = parseEnv({
  ...process.env,
  ...sim.appEnv(),
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: randomBytes(24).toString("hex"),
  APP_URL: "http://localhost:3000",
});
const githubApp = createGithubApp(env.github!, { retries: false, requestTimeoutMs: 30_000 });
const syncDeps = syncDepsFor(db, () => githubApp);
const deps: ProposalDeps = {
  db,
  installationClient: syncDeps.installationClient,
  now: () => new Date(),
  appUrl: "http://localhost:3000",
  shortId: randomShortId,
};

// ---- one organization, synced from templates/a..d.json -------------------------------------
const login = `bench-proposals-${randomBytes(3).toString("hex")}`;
sim.createAccount({ login, type: "Organization" });
const names = ["a", "b", "c", "d"];
const doc = (name: string, extra: Record<string, unknown> = {}) => `${JSON.stringify({ name, ...extra }, null, 2)}\n`;
const repo = await sim.createRepository({
  owner: login,
  name: "templates",
  files: Object.fromEntries(names.map((n) => [`templates/${n}.json`, doc(`Template ${n}`)])),
});
const { installation } = await sim.install(login);
const tenant = await db.tenant.create({ data: { name: login, slug: login } });
const user = await db.user.create({ data: { email: `${login}@example.com`, name: "Bench Person", passwordHash: "x" } });
await db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: "member" } });
await db.githubAppInstallation.create({
  data: {
    installationId: BigInt(installation.id),
    accountLogin: login,
    tenantId: tenant.id,
    repository: `${login}/templates`,
    repositoryId: BigInt(repo.id),
    repositoryUrl: `${sim.url}/${login}/templates`,
    defaultBranch: "main",
    folder: "templates",
    permissions: { ...WRITE_PERMISSIONS },
  },
});
const request = { tenantId: tenant.id.toString(), installationId: String(installation.id), reason: "push" as const };
const start = await startRun(syncDeps, request, `bench-${randomBytes(6).toString("hex")}`);
if (start.kind !== "run") throw new Error(start.message);
const head = await resolveHead(syncDeps, start.context);
await readTree(syncDeps, start.context, head);
await fetchFiles(syncDeps, start.context, head);
await applySync(syncDeps, start.context, head);

const actor: Actor = {
  userId: user.id,
  tenantId: tenant.id,
  role: "member",
  userName: user.name,
  userEmail: user.email,
  tenantName: tenant.name,
  organizations: [{ id: tenant.id, name: tenant.name, role: "member" }],
};
const templates = await db.template.findMany({ where: { tenantId: tenant.id }, orderBy: { syncSource: "asc" } });
const idOf = (n: string) => templates.find((t) => t.syncSource === `templates/${n}.json`)!.id.toString();

/** Repository requests only: token and installation lookups (under /app) are not counted. */
const repositoryRequests = () =>
  Object.entries(sim.counters().byRoute)
    .filter(([route]) => !/^\w+ \/app([/\s]|$)/.test(route))
    .reduce((sum, [, n]) => sum + n, 0);
async function counted(work: () => Promise<unknown>) {
  const before = repositoryRequests();
  await work();
  return repositoryRequests() - before;
}

const one = await counted(() => proposeTemplateChange(deps, actor, { templateId: idOf("a"), text: doc("A one") }));
const many: number[] = [];
let number = 0;
many.push(
  await counted(async () => {
    number = (await proposeTemplateChange(deps, actor, { templateId: idOf("b"), text: doc("B many") })).number;
  }),
);
for (const n of ["c", "d"])
  many.push(
    await counted(() =>
      proposeTemplateChange(deps, actor, { templateId: idOf(n), text: doc(`${n} many`), proposal: number }),
    ),
  );
const added = await counted(() => proposeTemplateChange(deps, actor, { templateId: idOf("a"), text: doc("A again") }));

const rows = [
  ["one-file proposal (opens a pull request)", String(one), 5, one],
  [
    "many-file proposal (3 templates, one pull request)",
    `${many.join(" + ")} (most per request: ${Math.max(...many)})`,
    6,
    Math.max(...many),
  ],
  ["added to an open proposal", String(added), 6, added],
] as const;
console.log("\nProposals (issue 21): GitHub requests about the repository, counted by the simulator");
console.log("| Proposal | Requests | Budget | Within |\n|---|---|---|---|");
for (const [label, shown, budget, worst] of rows)
  console.log(`| ${label} | ${shown} | ${budget} | ${worst <= budget ? "yes" : "NO"} |`);

await db.$disconnect();
await sim.stop();
if (server) await server.stop();
process.exit(0);
