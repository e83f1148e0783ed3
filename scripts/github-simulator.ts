/**
 * npm run github:simulator — a local GitHub for trying GitHub Template Sync offline.
 * Keeps the app's identity in .data/simulator/app.json so the app's env stays valid
 * across restarts, seeds a demo organization and repository, and writes the env the
 * app needs to .data/simulator/app.env.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startGithubSimulator } from "../tools/github-simulator";

const dir = path.resolve(".data/simulator");
const port = Number(process.env.GITHUB_SIMULATOR_PORT ?? 3001);
const appUrl = (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
fs.mkdirSync(dir, { recursive: true });

const identityFile = path.join(dir, "app.json");
if (!fs.existsSync(identityFile)) {
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const identity = {
    ...keys,
    webhookSecret: randomBytes(20).toString("hex"),
    clientId: `Iv23li${randomBytes(5).toString("hex")}`,
    clientSecret: randomBytes(20).toString("hex"),
  };
  fs.writeFileSync(identityFile, JSON.stringify(identity, null, 2), { mode: 0o600 });
}
const identity = JSON.parse(fs.readFileSync(identityFile, "utf8"));
const reposDir = path.join(dir, "repos");
fs.rmSync(reposDir, { recursive: true, force: true });

const sim = await startGithubSimulator({
  port,
  host: "127.0.0.1",
  dataDir: reposDir,
  app: identity,
  setupUrl: `${appUrl}/github/callback`,
  webhookUrl: `${appUrl}/github/webhooks`,
  oauthOnInstall: true,
});

sim.createAccount({ login: "octocat" });
sim.createAccount({ login: "acme-corp", type: "Organization", members: [{ login: "octocat", role: "admin" }] });
await sim.createRepository({
  owner: "acme-corp",
  name: "templates",
  files: {
    "README.md": "# Acme templates\n",
    "templates/welcome.json":
      JSON.stringify(
        { name: "Welcome (from GitHub)", description: "Synced from acme-corp/templates", subject: "Welcome!" },
        null,
        2,
      ) + "\n",
    "templates/receipt.json":
      JSON.stringify({ name: "Receipt", description: "Order receipt", lines: [] }, null, 2) + "\n",
  },
});

const env = sim.appEnv();
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const envFile = path.join(dir, "app.env");
fs.writeFileSync(
  envFile,
  Object.entries(env)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join("\n") + "\n",
  { mode: 0o600 },
);

console.log(`GitHub simulator on ${sim.url} (REST API at ${sim.apiUrl})
  app "${sim.app.slug}" (id ${sim.app.id}); webhooks go to ${sim.app.webhookUrl}
  demo: user octocat, organization acme-corp (octocat is its admin), repository acme-corp/templates

Start the app against it, in another terminal:
  set -a && . ${path.relative(process.cwd(), envFile)} && set +a && npm run dev

Control API: ${sim.url}/_simulator/state (see README, "GitHub simulator").`);

const stop = async () => {
  await sim.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
