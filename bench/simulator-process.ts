/** The GitHub simulator in a process of its own, so the benchmark's memory figures are the app's alone. */
import { startGithubSimulator } from "../tools/github-simulator";

const sim = await startGithubSimulator();
process.stdout.write(`${JSON.stringify({ url: sim.url, env: sim.appEnv() })}\n`);
process.on("SIGTERM", async () => {
  await sim.stop();
  process.exit(0);
});
