/**
 * npm run github:simulator — the GitHub simulator on its own (`npm run dev` starts one by itself).
 * Same persistent data as in dev (scripts/dev-github.ts), kept in .data/simulator, and the env
 * the app needs written to .data/simulator/app.env.
 */
import fs from "node:fs";
import path from "node:path";
import { DEMO_REPOSITORY } from "./demo-repository";
import { startPersistentSimulator } from "./dev-github";

const dir = path.resolve(".data/simulator");
const port = Number(process.env.GITHUB_SIMULATOR_PORT ?? 3001);
const appUrl = (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const sim = await startPersistentSimulator({ dir, appUrl, port });

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
const envFile = path.join(dir, "app.env");
fs.writeFileSync(
  envFile,
  Object.entries(sim.appEnv())
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join("\n") + "\n",
  { mode: 0o600 },
);

console.log(`GitHub simulator on ${sim.url} (REST API at ${sim.apiUrl}), data in ${path.relative(process.cwd(), dir)}
  app "${sim.app.slug}" (id ${sim.app.id}); webhooks go to ${sim.app.webhookUrl}
  demo: user octocat, organization acme-corp (octocat is its admin), repository ${sim.url}/${DEMO_REPOSITORY}

Start the app against it, in another terminal:
  set -a && . ${path.relative(process.cwd(), envFile)} && set +a && npm run dev

Control API: ${sim.url}/_simulator/state (see README, "GitHub simulator").`);

const stop = async () => {
  await sim.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
