import path from "node:path";
import { DEMO_REPOSITORY } from "./demo-repository";
import { resolveDevInngest } from "./dev-inngest";
import { startPersistentSimulator } from "./dev-github";
import { startDevMail } from "./dev-mail";

type Env = Record<string, string | undefined>;

const GITHUB_APP_VARIABLES = ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET", "GITHUB_APP_URL"];

/**
 * `npm run dev`'s stand-ins for outside services, each replaced by the real one when configured:
 * no GitHub App variables → the GitHub simulator (data in `<dataDir>/github`); no Inngest Dev
 * Server → the local executor; no SMTP_URL → the mail catcher. Fills `env` for the app and returns how to stop them.
 */
export async function startDevServices(env: Env, options: { dataDir: string; log: (line: string) => void }) {
  const { dataDir, log } = options;
  const appUrl = (env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const usesRealGithub = GITHUB_APP_VARIABLES.some((name) => env[name]);
  const unconfigured = !usesRealGithub && env.ALLEGRO_DEV_GITHUB === "unconfigured";
  const github = usesRealGithub ? null : await startPersistentSimulator({ dir: path.join(dataDir, "github"), appUrl });
  if (github && unconfigured) {
    // The app starts with no GitHub App: /setup/github creates one in the simulator (the manifest flow).
    env.GITHUB_API_URL = github.apiUrl;
    env.GITHUB_URL = github.url;
    log(
      `GitHub: the GitHub simulator on ${github.url}, with no GitHub App configured (ALLEGRO_DEV_GITHUB=unconfigured): set it up at ${appUrl}/setup/github`,
    );
  } else if (github) {
    Object.assign(env, github.appEnv());
    log(
      `GitHub: the GitHub simulator on ${github.url} (demo repository ${github.url}/${DEMO_REPOSITORY}); for real GitHub set ${GITHUB_APP_VARIABLES.join(", ")} (README, "GitHub Sync")`,
    );
  }
  const inngest = await resolveDevInngest(env, appUrl, log);
  const mail = await startDevMail(env, log);
  return {
    stop: async () => {
      await mail?.stop();
      await inngest.stop();
      await github?.stop();
    },
  };
}
