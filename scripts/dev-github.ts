import fs from "node:fs";
import path from "node:path";
import {
  startGithubSimulator,
  WRITE_PERMISSIONS,
  type GithubSimulator,
  type SimulatorOptions,
} from "../tools/github-simulator";
import { seedDemoRepository } from "./demo-repository";
import { loadSimulatorIdentity, saveSimulatorIdentity } from "./simulator-identity";

/**
 * The GitHub simulator with its data in `dir`: the app's identity (app.json), the state
 * (state.json) and the git repositories (repos/) survive restarts, so a connected
 * organization still syncs after one. The demo data is seeded once, into an empty folder.
 * Without a `port` it reuses the port of the last run when free (links the app stored keep
 * working), else takes a free one.
 */
export async function startPersistentSimulator(options: {
  dir: string;
  appUrl: string;
  port?: number;
}): Promise<GithubSimulator> {
  const { dir, appUrl } = options;
  const stateFile = path.join(dir, "state.json");
  const dataDir = path.join(dir, "repos");
  // Repositories without a state file are leftovers of a run that never saved: start clean.
  if (!fs.existsSync(stateFile)) fs.rmSync(dataDir, { recursive: true, force: true });
  const settings: SimulatorOptions = {
    host: "127.0.0.1",
    dataDir,
    stateFile,
    // The demo installation may write back too: proposals open pull requests (README "Propose changes").
    app: { ...loadSimulatorIdentity(dir), permissions: { ...WRITE_PERMISSIONS } },
    // An App created through the manifest flow replaces the simulated one: keep it for the next start.
    onAppCreated: (app) => saveSimulatorIdentity(dir, app),
    setupUrl: `${appUrl}/github/callback`,
    webhookUrl: `${appUrl}/github/webhooks`,
    oauthOnInstall: true,
  };
  const portFile = path.join(dir, "port");
  const remembered = fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8")) : 0;
  const sim = await startGithubSimulator({ ...settings, port: options.port ?? remembered }).catch((error: unknown) => {
    if (options.port !== undefined || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return startGithubSimulator({ ...settings, port: 0 });
  });
  fs.writeFileSync(portFile, new URL(sim.url).port);
  if (!sim.restored) {
    await seedDemoRepository(sim, appUrl);
    sim.save();
  }
  return sim;
}
